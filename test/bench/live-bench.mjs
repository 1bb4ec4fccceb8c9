// Live-dashboard fan-out bench: `npx node test/bench/live-bench.mjs` or `npm run bench -- live`.
// The Worker runs on workerd through Miniflare's API (bundle from `wrangler deploy --dry-run` of the
// bench-only entry test/bench/live-entry.ts). N sockets (Node 22's WebSocket) subscribe to batches
// through GET /api/live; each write is timed from its response to the moment the LAST socket has its
// frame. Beside it, in the same run and interleaved sample by sample, the floor: a bare Durable
// Object fanning one frame out to N other sockets, timed the same way.
// Env: LIVE_SOCKETS (100,500), LIVE_WRITES (50), LIVE_ROUNDS (3: medians across rounds), LIVE_VARIANTS (deferred; add ",sync" to compare
// with the hub variant that fans out before the stamp answers).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { ROOT } from "../../scripts/lib/local.mjs";
import { benchMiniflare, migrateAndSeed } from "./run.mjs";

const SIZES = (process.env.LIVE_SOCKETS ?? "100,500").split(",").map(Number);
const WRITES = Number(process.env.LIVE_WRITES ?? 50);
const WARMUP = 5;
const ROUNDS = Number(process.env.LIVE_ROUNDS ?? 3);
const VARIANTS = (process.env.LIVE_VARIANTS ?? "deferred").split(",");
const TARGET = 1.5;
const POLL_INTERVAL_MS = 5_000;
const OUT = join(ROOT, ".tmp", "bench-live-dist");
const HUB_CLASS = { deferred: "BatchHub", sync: "BatchHubSync" };

function build() {
  if (!existsSync(join(ROOT, "web", "dist")))
    execFileSync(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
      cwd: ROOT,
    });
  execFileSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["deploy", "test/bench/live-entry.ts", "--dry-run", "--outdir", OUT], {
    cwd: ROOT,
    stdio: "ignore",
  });
}

/** The Durable Object bindings of wrangler.toml, so the bench Worker has the same ones. */

async function startRuntime(variant) {
  const mf = benchMiniflare({
    script: join(OUT, "live-entry.js"),
    database: "live-bench-db",
    durableObjects: {
      BATCH_HUB: { className: HUB_CLASS[variant], useSQLite: true },
      LIVE_FLOOR: { className: "LiveFloor", useSQLite: true },
    },
  });
  const url = await mf.ready;
  const db = await mf.getD1Database("DB");
  const apiKey = await migrateAndSeed(db);
  const batch = await db.prepare("SELECT id FROM batches WHERE archived = 0 ORDER BY id LIMIT 1").first();
  return { mf, base: url.origin, wsBase: url.origin.replace(/^http/, "ws"), apiKey, batchId: batch?.id };
}

/**
 * Picks the write: POST counts when that route exists, else (or with LIVE_WRITE=stamp) the bench-only
 * write, one D1 UPDATE + stampArea, which isolates the hub from the counts route's own work.
 */
async function chooseWrite(rt) {
  let total = 1_000;
  const counts = () =>
    fetch(`${rt.base}/api/batch/${encodeURIComponent(rt.batchId)}/counts`, {
      method: "POST",
      headers: { "X-API-Key": rt.apiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ counts_0_5: ++total }),
    });
  const probe = rt.batchId && process.env.LIVE_WRITE !== "stamp" ? await counts() : null;
  const probeBody = probe ? await probe.text() : "";
  if (probe?.ok) return { name: "POST /api/batch/{id}/counts (API key)", send: counts };
  if (probe && !(probe.status === 404 && probeBody.includes('"Not found"')))
    throw new Error(`counts write failed: ${probe.status} ${probeBody}`);
  return {
    name: "bench write: D1 UPDATE + stampArea (counts route absent)",
    send: () => fetch(`${rt.base}/__live/write`, { method: "POST" }),
  };
}

/** N sockets whose frames are counted; `arrivals(k)` resolves when every socket has its k-th frame. */
async function openGroup(n, urlOf) {
  const counts = new Array(n).fill(0);
  let waiter = null;
  const sockets = [];
  for (let start = 0; start < n; start += 50) {
    const chunk = [];
    for (let i = start; i < Math.min(n, start + 50); i++) {
      chunk.push(
        new Promise((resolve, reject) => {
          const ws = new WebSocket(urlOf());
          ws.addEventListener("open", () => resolve(ws), { once: true });
          ws.addEventListener("error", () => reject(new Error(`socket ${i} failed to open`)), { once: true });
          ws.addEventListener("message", () => {
            counts[i] += 1;
            if (waiter && counts[i] === waiter.need && --waiter.remaining === 0) waiter.done(performance.now());
          });
        }),
      );
    }
    sockets.push(...(await Promise.all(chunk)));
  }
  let received = 0;
  return {
    sockets,
    /** Arms the wait for the next frame on every socket; call before triggering it. */
    expectNext() {
      received += 1;
      const need = received;
      const already = counts.filter((c) => c >= need).length;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${n - waiter.remaining}/${n} sockets got frame ${need}`)), 15_000);
        waiter = {
          need,
          remaining: n - already,
          done: (t) => {
            clearTimeout(timer);
            resolve(t);
          },
        };
        if (waiter.remaining === 0) waiter.done(performance.now());
      });
    },
    close: () => {
      for (const ws of sockets) ws.close(1000);
    },
  };
}

/** One sample: trigger, then times from its request and from its response to the last socket's frame. */
async function sample(group, trigger) {
  const lastArrival = group.expectNext();
  const t0 = performance.now();
  const res = await trigger();
  const tResponse = performance.now();
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`trigger answered ${res.status}`);
  const tLast = await lastArrival;
  return { fromResponse: tLast - tResponse, fromRequest: tLast - t0, response: tResponse - t0 };
}

const pct = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const r2 = (x) => Math.round(x * 100) / 100;
const stats = (runs, key) => {
  const xs = runs.map((x) => x[key]);
  return { p50: r2(pct(xs, 50)), p99: r2(pct(xs, 99)) };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One round: WRITES samples of each trigger, interleaved, on sockets already open. */
async function measureRound(rt, write, hub, floor) {
  const floorBefore = () => fetch(`${rt.base}/__live/floor`, { method: "POST" });
  const floorAfter = () => fetch(`${rt.base}/__live/floor?after=1`, { method: "POST" });
  const runs = { hub: [], before: [], after: [] };
  for (let i = 0; i < WARMUP + WRITES; i++) {
    // Interleaved sample by sample, so all three see the same machine state.
    const b = await sample(floor, floorBefore);
    const a = await sample(floor, floorAfter);
    const h = await sample(hub, write.send);
    if (i < WARMUP) continue;
    runs.before.push(b);
    runs.after.push(a);
    runs.hub.push(h);
  }
  return {
    // The figure: from the write's response to the last socket.
    hub_after_response: stats(runs.hub, "fromResponse"),
    hub_after_request: stats(runs.hub, "fromRequest"),
    hub_write_response: stats(runs.hub, "response"),
    // Floor as in PERF-NOTES: a bare DO told to fan out one frame, from that request to the last socket.
    floor_after_request: stats(runs.before, "fromRequest"),
    floor_response: stats(runs.before, "response"),
    // Same bare DO answering first and fanning out on the next turn (the hub's design), from its response.
    floor_deferred_after_response: stats(runs.after, "fromResponse"),
  };
}

async function measureSize(rt, write, n) {
  // A ticket opens one socket: one each, fetched before the sockets open (they last 60 s).
  const tickets = [];
  for (let i = 0; i < n; i++) {
    const ticketRes = await fetch(`${rt.base}/api/live/ticket`, { method: "POST", headers: { "X-API-Key": rt.apiKey } });
    tickets.push((await ticketRes.json()).ticket);
  }
  const hub = await openGroup(n, () => `${rt.wsBase}/api/live?topics=batches&ticket=${encodeURIComponent(tickets.pop())}`);
  const floor = await openGroup(n, () => `${rt.wsBase}/__live/floor`);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) rounds.push(await measureRound(rt, write, hub, floor));
  hub.close();
  floor.close();
  const ratios = rounds.map((x) => x.hub_after_response.p99 / x.floor_after_request.p99);
  const ratiosLike = rounds.map((x) => x.hub_after_response.p99 / x.floor_deferred_after_response.p99);
  const mid = (key) => ({ p50: median(rounds.map((x) => x[key].p50)), p99: median(rounds.map((x) => x[key].p99)) });
  const row = { name: "live fan-out", sockets: n, writes: WRITES, rounds: ROUNDS };
  for (const key of Object.keys(rounds[0])) row[key] = mid(key);
  row.ratio_p99 = r2(median(ratios));
  row.ratio_p99_min = r2(Math.min(...ratios));
  row.ratio_p99_max = r2(Math.max(...ratios));
  row.ratio_p99_like_for_like = r2(median(ratiosLike));
  row.target = TARGET;
  row.met = row.ratio_p99 <= TARGET;
  return row;
}

const cell = (s) => `${s.p50}/${s.p99}`.padStart(13);

export async function measureLive() {
  build();
  const rows = [];
  for (const variant of VARIANTS) {
    const rt = await startRuntime(variant);
    try {
      const write = await chooseWrite(rt);
      console.log(
        `\nhub variant: ${variant} (${HUB_CLASS[variant]}) · write: ${write.name} · ${WRITES} writes after ${WARMUP} warm-up · median of ${ROUNDS} round(s)`,
      );
      console.log("p50/p99 ms; A = hub, write response → last socket; F = floor (fan out, then answer), request → last socket;");
      console.log("F' = floor answering first, response → last socket; W = hub write's own response time");
      console.log(
        "sockets".padStart(7),
        "A".padStart(13),
        "F".padStart(13),
        "A/F p99".padStart(8),
        "min–max".padStart(10),
        "met".padStart(4),
        "F'".padStart(13),
        "A/F' p99".padStart(9),
        "W".padStart(13),
        "hub req→last".padStart(13),
      );
      for (const n of SIZES) {
        const row = { variant, write: write.name, ...(await measureSize(rt, write, n)) };
        rows.push(row);
        console.log(
          String(n).padStart(7),
          cell(row.hub_after_response),
          cell(row.floor_after_request),
          String(row.ratio_p99).padStart(8),
          `${row.ratio_p99_min}–${row.ratio_p99_max}`.padStart(10),
          (row.met ? "yes" : "NO").padStart(4),
          cell(row.floor_deferred_after_response),
          String(row.ratio_p99_like_for_like).padStart(9),
          cell(row.hub_write_response),
          cell(row.hub_after_request),
        );
      }
    } finally {
      await rt.mf.dispose();
    }
  }
  const best = rows.filter((r) => r.variant === VARIANTS[0]).map((r) => r.hub_after_response.p50);
  console.log(
    `\ncomparison: a page polling every ${POLL_INTERVAL_MS / 1000} s sees a change ${POLL_INTERVAL_MS / 2} ms late on average (mean staleness), vs p50 ${best.join(" / ")} ms pushed.`,
  );
  rows.push({ name: "poller, mean staleness", interval_ms: POLL_INTERVAL_MS, mean_staleness_ms: POLL_INTERVAL_MS / 2 });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  measureLive()
    .then(() => process.exit(0))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
