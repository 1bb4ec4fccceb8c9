// Issue 4 — finished goods with 500 packages.
// (a) GET /api/finished-goods/ read again and again with no change between: the copy keyed by the
//     finished-goods clock, answered in full and as 304 to If-None-Match — against hello-world;
// (b) the same list right after a change (no copy for it yet, so D1 is read and the page rebuilt;
//     forced with a new query string per request, which takes the same path) — against the raw D1
//     read of the same rows;
// (c) POST /api/finished-goods/{metrc}/deduct (guarded UPDATE + history row in one batch, clock
//     stamp, background low-stock check) — against the single-row atomic UPDATE.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../../scripts/lib/local.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "10").split(",").map(Number);
const PACKAGES = 500;
const DEDUCT_METRC = "1A4060300000BENCH0000000";
const READ_FLOOR_SQL = "SELECT * FROM finished_goods WHERE status IN ('active', 'depleted') ORDER BY strain, created_date, metrc_number";
const STRAINS = [
  "Blue Dream",
  "OG Kush",
  "Gelato",
  "Wedding Cake",
  "Runtz",
  "Sour Diesel",
  "Gorilla Glue",
  "Zkittlez",
  "Jack Herer",
  "Northern Lights",
];

function packageSql(i) {
  const metrc = `1A4060300000BNCH${String(i).padStart(8, "0")}`;
  const initial = 500 + (i % 9) * 100;
  const current = initial - (i % 7) * 20;
  const ordered = (i % 5) * 10;
  const packed = (i % 3) * 5;
  const settings = i % 10 === 0 ? `'{"magnetic_box_12pk":{"excluded":true}}'` : "NULL";
  return `INSERT OR IGNORE INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date, notes,
    grams_ordered, grams_packed, grams_packed_lifetime, grams_fulfilled, apex_auto_inventory, apex_sku_settings)
    VALUES ('${metrc}', '${STRAINS[i % STRAINS.length]}', ${initial}, ${current}, 'active', '2026-02-${String(1 + (i % 27)).padStart(2, "0")}T10:00:00.000Z',
    '2026-02-28T14:30:00.000Z', 'Bench package ${i}', ${ordered}, ${packed}, ${packed}, 0, ${i % 2}, ${settings})`;
}

function holdSql(i) {
  return `INSERT OR IGNORE INTO wholesale_holds (id, metrc_number, sku_name, sku_key, grams_per_unit, quantity, created_date, notes)
    VALUES ('hold-bench-${i}', '1A4060300000BNCH${String(i).padStart(8, "0")}', '0.5g Singles', 'singles_0_5g', 0.5, 20, '2026-02-28T10:00:00.000Z', 'Bench hold')`;
}

/** wrk with a Lua script; `lua` may generate each request. */
function wrkLua(url, lua, concurrency, seconds = SECONDS) {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const script = join(ROOT, ".tmp", "wrk-finished-goods.lua");
  writeFileSync(script, lua);
  const out = execFileSync("wrk", ["-t1", `-c${concurrency}`, `-d${seconds}s`, "--latency", "-s", script, url], { encoding: "utf8" });
  const ms = (p) => {
    const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : null;
  };
  return {
    rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0),
    p50: ms(50),
    p99: ms(99),
    non2xx: Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0),
  };
}

const headerLua = (headers) =>
  Object.entries(headers)
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
    .join("\n");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export async function run({ db, base, apiKey }) {
  const existing = await db.prepare("SELECT count(*) AS n FROM finished_goods WHERE status IN ('active', 'depleted')").first("n");
  const extra = Math.max(0, PACKAGES - existing - 1);
  const seed = [
    ...Array.from({ length: extra }, (_, i) => packageSql(i + 1)),
    ...Array.from({ length: 40 }, (_, i) => holdSql((i + 1) * 7)),
    `INSERT OR IGNORE INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date)
      VALUES ('${DEDUCT_METRC}', 'Bench Deduct', 5000000, 5000000, 'active', '2026-02-01T10:00:00.000Z', '2026-02-01T10:00:00.000Z')`,
  ];
  for (let i = 0; i < seed.length; i += 100) await db.batch(seed.slice(i, i + 100).map((s) => db.prepare(s)));
  const live = await db.prepare("SELECT count(*) AS n FROM finished_goods WHERE status IN ('active', 'depleted')").first("n");
  const auth = { "X-API-Key": apiKey };
  // One write through the app moves the finished-goods clock, so the list is served from its copy.
  await fetch(`${base}/api/finished-goods/${DEDUCT_METRC}/deduct`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: '{"grams":1}',
  });
  const first = await fetch(`${base}/api/finished-goods/`, { headers: auth });
  const etag = first.headers.get("ETag");
  const body = await first.text();
  const rows = JSON.parse(body).packages.length;

  const hello = { url: `${base}/__floor/hello`, lua: "" };
  const readFloor = { url: `${base}/__floor/read?q=${encodeURIComponent(READ_FLOOR_SQL)}`, lua: "" };
  const writeFloor = { url: `${base}/__floor/write`, lua: 'wrk.method = "POST"' };
  const afterChange = `${headerLua(auth)}
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/api/finished-goods/?v=" .. n)
end`;
  const deduct = `wrk.method = "POST"\nwrk.body = '{"grams":0.001}'\n${headerLua({ ...auth, "Content-Type": "application/json" })}`;
  const scenarios = [
    // Reference, no target: what every keyed request pays before the handler (API-key lookup in D1 and
    // the clock read from the hub). The copy cannot be faster than this.
    {
      name: "GET /api/finished-goods/last-updated (key lookup + clock only)",
      url: `${base}/api/finished-goods/last-updated`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: null,
    },
    {
      name: `GET /api/finished-goods/, ${rows} packages, copy (200)`,
      url: `${base}/api/finished-goods/`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET /api/finished-goods/, ${rows} packages, If-None-Match (304)`,
      url: `${base}/api/finished-goods/`,
      lua: headerLua({ ...auth, "If-None-Match": etag }),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET /api/finished-goods/, ${rows} packages, after a change (D1)`,
      url: base,
      lua: afterChange,
      floor: readFloor,
      floorName: "read",
      target: 0.7,
    },
    {
      name: "POST /api/finished-goods/{metrc}/deduct",
      url: `${base}/api/finished-goods/${DEDUCT_METRC}/deduct`,
      lua: deduct,
      floor: writeFloor,
      floorName: "write",
      target: 0.5,
    },
  ];
  const out = [];
  for (const s of scenarios) {
    for (const c of CONCURRENCY) {
      wrkLua(s.url, s.lua, c, 1);
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) {
        const h = wrkLua(hello.url, hello.lua, c);
        const f = s.floor === hello ? h : wrkLua(s.floor.url, s.floor.lua, c);
        const x = wrkLua(s.url, s.lua, c);
        runs.push({ h, f, x });
      }
      const ratios = runs.map((r) => r.x.rps / r.f.rps);
      const row = {
        name: s.name,
        concurrency: c,
        rps: round(median(runs.map((r) => r.x.rps)), 1),
        p50_ms: median(runs.map((r) => r.x.p50)),
        p99_ms: median(runs.map((r) => r.x.p99)),
        ratio_to_hello: round(median(runs.map((r) => r.x.rps / r.h.rps))),
        floor: s.floorName,
        floor_rps: round(median(runs.map((r) => r.f.rps)), 1),
        ratio_to_floor: round(median(ratios)),
        ratio_min: round(Math.min(...ratios)),
        ratio_max: round(Math.max(...ratios)),
        non_2xx: runs.reduce((n, r) => n + r.x.non2xx, 0),
        target: s.target,
        live_packages: live,
        list_bytes: body.length,
      };
      row.met = row.target === null ? null : row.ratio_to_floor >= row.target && row.non_2xx === 0;
      out.push(row);
    }
  }
  return out;
}
