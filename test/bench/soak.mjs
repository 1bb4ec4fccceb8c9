// `npm run soak`: SOAK_MINUTES (default 10) of mixed load against the Worker on workerd (Miniflare's
// API, as the benches): reads with ETags, count deltas with Idempotency-Keys (some sent twice),
// finished-goods deducts and adds, wholesale holds created and released, packing edits with their
// version, and live sockets listening. Passes when there were 0 errors, every total equals the sum
// of the operations the server acknowledged, and workerd's memory in the last minute is within
// SOAK_MEMORY_GROWTH (default 15 %) of the middle minute's. The first minutes are warm-up (heaps and
// SQLite's page cache grow with the data the run writes), so first vs last is printed, not judged.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { setPasswordSql } from "../../scripts/lib/local.mjs";
import { startRuntime, statementsOf } from "./run.mjs";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const GROWTH_LIMIT = Number(process.env.SOAK_MEMORY_GROWTH ?? 0.15);
const SOCKETS = 20;
const PASSWORD = "soak-password-0123";
const SIZES = ["0_5", "0_7", "1_0"];
const PACKAGE = "1A4060300000SOAK00000001";
const deadline = Date.now() + MINUTES * 60_000;

const stats = { requests: 0, errors: [], replays: 0, conflicts: 0, frames: 0, socketCloses: 0 };
const expected = { counts: {}, grams: 0, holdsOpen: 0, packed: {} };
const rnd = (n) => Math.floor(Math.random() * n);

function workerdPids() {
  try {
    return execFileSync("pgrep", ["-f", "workerd serve"], { encoding: "utf8" }).trim().split("\n").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function rssKb(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/);
      total += Number(line?.[1] ?? 0);
    } catch {
      // process gone
    }
  }
  return total;
}

async function main() {
  const before = new Set(workerdPids());
  const rt = await startRuntime();
  const pids = workerdPids().filter((p) => !before.has(p));
  const { base, apiKey, db } = rt;
  await db.batch(statementsOf(setPasswordSql(PASSWORD)).map((s) => db.prepare(s)));
  await db.prepare("UPDATE inventory SET boxes = 1000000").run();
  const key = { "X-API-Key": apiKey };
  const json = { "Content-Type": "application/json" };

  async function call(method, path, body, headers = {}, ok = [200, 201, 204, 304]) {
    stats.requests++;
    let res;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { ...key, ...(body === undefined ? {} : json), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      stats.errors.push(`${method} ${path}: ${error.message}`);
      return null;
    }
    const text = await res.text();
    if (!ok.includes(res.status)) {
      stats.errors.push(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
      return null;
    }
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }

  // A session for the session-only routes (holds), through the real login form.
  const form = await fetch(`${base}/login`);
  const csrf = (await form.text()).match(/name="csrf_token" value="([^"]+)"/)?.[1];
  const preCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: preCookie, Origin: base },
    body: new URLSearchParams({ csrf_token: csrf ?? "", password: PASSWORD, remember_me: "1" }),
  });
  const session = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("prt_session="));
  if (!session) throw new Error(`login failed (${login.status})`);

  // Fixtures: three batches, one big package, three packing lines.
  const batches = [];
  for (let i = 0; i < 3; i++) {
    const res = await call("POST", "/api/batch", { strain: `Soak ${i}`, input_grams: 100000, target_grams_each: 0.5, stage: 2 }, {}, [201]);
    batches.push(res.body.id);
    expected.counts[res.body.id] = { "0_5": 0, "0_7": 0, "1_0": 0 };
  }
  await call("POST", "/api/finished-goods", { metrc_number: PACKAGE, strain: "Soak Kush", grams: 100000 }, {}, [200, 201]);
  expected.grams = 100000;
  const lineIds = [];
  for (let i = 0; i < 3; i++) {
    const row = await db
      .prepare(
        "INSERT INTO packing_items (order_id, product_name, store_name, ordered, order_date, strain, strain_key, sku_key) VALUES (?, ?, ?, 1000, ?, 'Soak Kush', 'soak kush', 'singles_0_5g') RETURNING id",
      )
      .bind(9000 + i, `Soak Kush 0.5g Singles ${i}`, `Soak Store ${i}`, new Date().toISOString())
      .first();
    lineIds.push(row.id);
    expected.packed[row.id] = 0;
  }

  // Live sockets: each must hear changes and never be dropped.
  const sockets = [];
  for (let i = 0; i < SOCKETS; i++) {
    const ticket = (await call("POST", "/api/live/ticket")).body.ticket;
    const ws = new WebSocket(`${base.replace("http", "ws")}/api/live?ticket=${encodeURIComponent(ticket)}`);
    ws.addEventListener("open", () =>
      ws.send(JSON.stringify({ type: "subscribe", topics: ["batches", "finished-goods", "wholesale", "packing"] })),
    );
    ws.addEventListener("message", () => {
      stats.frames++;
    });
    ws.addEventListener("close", () => {
      if (Date.now() < deadline) stats.socketCloses++;
    });
    sockets.push(ws);
  }

  const loops = {
    async reads() {
      let etag = null;
      while (Date.now() < deadline) {
        const res = await call("GET", "/api/data", undefined, etag ? { "If-None-Match": etag } : {});
        etag = res?.headers.get("ETag") ?? null;
        await call("GET", "/api/finished-goods/");
        await call("GET", "/api/packing/items?view=by_store");
      }
    },
    async deltas() {
      while (Date.now() < deadline) {
        const id = batches[rnd(batches.length)];
        const size = SIZES[rnd(3)];
        const current = expected.counts[id][size];
        const delta = current > 10 && rnd(4) === 0 ? -(1 + rnd(5)) : 1 + rnd(25);
        const headers = { "Idempotency-Key": crypto.randomUUID() };
        const res = await call("POST", `/api/batch/${id}/count-deltas`, { size, delta }, headers);
        if (res?.status === 200) expected.counts[id][size] += delta;
        // A retry of the same request (a lost reply): answered from the store, never applied twice.
        if (rnd(5) === 0) {
          const again = await call("POST", `/api/batch/${id}/count-deltas`, { size, delta }, headers);
          if (again?.headers.get("Idempotent-Replayed") === "true") stats.replays++;
          else stats.errors.push("a repeated Idempotency-Key was not replayed");
        }
      }
    },
    async grams() {
      while (Date.now() < deadline) {
        const grams = 1 + rnd(3);
        const add = rnd(2) === 0;
        const res = await call(
          "POST",
          `/api/finished-goods/${PACKAGE}/${add ? "add" : "deduct"}`,
          { grams, reason: "soak" },
          {
            "Idempotency-Key": crypto.randomUUID(),
          },
        );
        if (res) expected.grams += add ? grams : -grams;
      }
    },
    async holds() {
      while (Date.now() < deadline) {
        const res = await call(
          "POST",
          "/api/wholesale/hold",
          { metrc_number: PACKAGE, sku_name: "0.5g Singles", quantity: 1 + rnd(3) },
          {
            Cookie: session,
            Origin: base,
            "X-API-Key": "",
          },
        );
        if (!res) continue;
        expected.holdsOpen++;
        if (rnd(3) > 0) {
          const released = await call("DELETE", `/api/wholesale/hold/${res.body.hold_id}`, undefined, {
            Cookie: session,
            Origin: base,
            "X-API-Key": "",
          });
          if (released) expected.holdsOpen--;
        }
      }
    },
    async packing() {
      const versions = {};
      while (Date.now() < deadline) {
        const id = lineIds[rnd(lineIds.length)];
        const packed = rnd(1000);
        const res = await call("PATCH", `/api/packing/items/${id}`, { packed, version: versions[id] ?? 0 }, {}, [200, 409]);
        if (res?.status === 200) {
          expected.packed[id] = packed;
          versions[id] = res.body.item?.version ?? (versions[id] ?? 0) + 1;
        } else if (res?.status === 409) {
          stats.conflicts++;
          const now = await db.prepare("SELECT version FROM packing_items WHERE id = ?").bind(id).first();
          versions[id] = now.version;
        }
      }
    },
  };

  const memory = [];
  const sampler = setInterval(() => memory.push({ at: Date.now(), kb: rssKb(pids) }), 5_000);
  const started = Date.now();
  const progress = setInterval(() => {
    const minute = Math.round((Date.now() - started) / 60_000);
    console.log(
      `  minute ${minute}: ${stats.requests} requests, ${stats.errors.length} errors, ${stats.frames} live frames, rss ${memory.at(-1)?.kb ?? "?"} KB`,
    );
  }, 60_000);
  await Promise.all([
    loops.reads(),
    loops.reads(),
    loops.deltas(),
    loops.deltas(),
    loops.deltas(),
    loops.grams(),
    loops.holds(),
    loops.packing(),
  ]);
  clearInterval(sampler);
  clearInterval(progress);
  for (const ws of sockets) ws.close();

  // Totals: what the server holds must equal the sum of what it acknowledged.
  const mismatches = [];
  for (const id of batches) {
    const b = (await call("GET", `/api/batch/${id}`)).body;
    for (const size of SIZES)
      if (b[`counts_${size}`] !== expected.counts[id][size])
        mismatches.push(`${id} ${size}: ${b[`counts_${size}`]} ≠ ${expected.counts[id][size]}`);
  }
  const pkg = (await call("GET", `/api/finished-goods/${PACKAGE}`)).body;
  const grams = pkg.current_grams ?? pkg.package?.current_grams;
  if (Math.abs(grams - expected.grams) > 1e-6) mismatches.push(`grams ${grams} ≠ ${expected.grams}`);
  const holds = await db.prepare("SELECT count(*) AS n FROM wholesale_holds WHERE metrc_number = ?").bind(PACKAGE).first("n");
  if (holds !== expected.holdsOpen) mismatches.push(`holds ${holds} ≠ ${expected.holdsOpen}`);
  for (const id of lineIds) {
    const packed = await db.prepare("SELECT packed FROM packing_items WHERE id = ?").bind(id).first("packed");
    if (packed !== expected.packed[id]) mismatches.push(`packing line ${id}: ${packed} ≠ ${expected.packed[id]}`);
  }

  const firstMinute = memory.filter((m) => m.at - started <= 60_000);
  const lastMinute = memory.filter((m) => m.at >= deadline - 60_000);
  const middle = started + (deadline - started) / 2;
  const middleMinute = memory.filter((m) => m.at >= middle - 30_000 && m.at <= middle + 30_000);
  const avg = (xs) => Math.round(xs.reduce((n, m) => n + m.kb, 0) / Math.max(1, xs.length));
  const growth = avg(middleMinute) ? avg(lastMinute) / avg(middleMinute) - 1 : 0;
  const report = {
    minutes: MINUTES,
    requests: stats.requests,
    requests_per_s: Math.round(stats.requests / (MINUTES * 60)),
    errors: stats.errors.length,
    first_errors: stats.errors.slice(0, 5),
    idempotent_replays: stats.replays,
    packing_version_conflicts: stats.conflicts,
    live_frames: stats.frames,
    live_sockets_dropped: stats.socketCloses,
    totals_match: mismatches.length === 0,
    mismatches,
    workerd_rss_first_minute_mb: Math.round(avg(firstMinute) / 1024),
    workerd_rss_middle_minute_mb: Math.round(avg(middleMinute) / 1024),
    workerd_rss_last_minute_mb: Math.round(avg(lastMinute) / 1024),
    memory_growth_middle_to_last_percent: Math.round(growth * 1000) / 10,
  };
  console.log(JSON.stringify(report, null, 2));
  await rt.mf.dispose();
  const pass = report.errors === 0 && report.totals_match && report.live_sockets_dropped === 0 && growth <= GROWTH_LIMIT;
  console.log(pass ? "soak: PASS" : "soak: FAIL");
  process.exit(pass ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
