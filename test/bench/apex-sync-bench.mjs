// Apex order-sync bench: `node test/bench/apex-sync-bench.mjs` or `npm run bench -- apex`.
// The Worker runs on workerd through Miniflare's API against the fake Apex Trading server over real
// local HTTP (rate limit 15 req/s, credits counted as Apex does). It times POST /api/packing/refresh
// (the same job the cron runs) for a first sync of APEX_ORDERS orders × APEX_LINES lines, a repeat
// (nothing changed), and an incremental pull after 10 orders change, and reports the Apex requests
// and credits each used.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { newApiKey, ROOT, setApiKeySql } from "../../scripts/lib/local.mjs";
import { seedBulkOrders } from "../fakes/apex-data.mjs";
import { startFakeApex } from "../fakes/apex-server.mjs";
import { applyMigrations, benchMiniflare, statementsOf } from "./run.mjs";

const ORDERS = Number(process.env.APEX_ORDERS ?? 1000);
const LINES = Number(process.env.APEX_LINES ?? 5);
const ROUNDS = Number(process.env.APEX_ROUNDS ?? 3);
const TOKEN = "130|bench-token";
const OUT = join(ROOT, ".tmp", "bench-apex-dist");

async function startWorker(apexUrl) {
  execFileSync(join(ROOT, "node_modules", ".bin", "wrangler"), ["deploy", "test/bench/bench-entry.ts", "--dry-run", "--outdir", OUT], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const mf = benchMiniflare({
    script: join(OUT, "bench-entry.js"),
    database: `apex-bench-${Date.now()}`,
    bindings: { APEX_BASE_URL: apexUrl, APEX_API_TOKEN: TOKEN },
  });
  const url = await mf.ready;
  const db = await mf.getD1Database("DB");
  await applyMigrations(db);
  const apiKey = newApiKey();
  await db.batch(statementsOf(setApiKeySql(apiKey)).map((s) => db.prepare(s)));
  return { mf, db, base: url.origin, apiKey };
}

async function timedRefresh(worker, fake) {
  const requestsBefore = fake.log.length;
  const creditsBefore = fake.credits.used;
  const t0 = performance.now();
  const res = await fetch(`${worker.base}/api/packing/refresh`, { method: "POST", headers: { "X-API-Key": worker.apiKey } });
  const body = await res.json();
  const wallMs = performance.now() - t0;
  if (res.status !== 200) throw new Error(`refresh answered ${res.status}: ${JSON.stringify(body)}`);
  return {
    wall_ms: Math.round(wallMs),
    apex_requests: fake.log.length - requestsBefore,
    apex_credits: fake.credits.used - creditsBefore,
    orders_fetched: body.orders_fetched,
    orders_written: body.orders_written,
    lines_written: body.lines_written,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureApexSync() {
  const samples = { first: [], repeat: [], incremental: [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const apex = await startFakeApex({ port: 0, demo: false, quiet: true, token: TOKEN });
    seedBulkOrders(apex.fake, { orders: ORDERS, linesPerOrder: LINES });
    const worker = await startWorker(apex.url);
    try {
      samples.first.push(await timedRefresh(worker, apex.fake));
      samples.repeat.push(await timedRefresh(worker, apex.fake));
      for (let n = 0; n < 10; n += 1) apex.fake.updateOrder(100_000 + ((n * 37) % ORDERS), { total: "1.00" });
      samples.incremental.push(await timedRefresh(worker, apex.fake));
      const rows = await worker.db
        .prepare("SELECT (SELECT COUNT(*) FROM apex_orders) AS orders, (SELECT COUNT(*) FROM packing_items) AS lines")
        .first();
      if (rows.orders !== ORDERS || rows.lines !== ORDERS * LINES) throw new Error(`stored ${JSON.stringify(rows)}`);
    } finally {
      await worker.mf.dispose();
      await apex.close();
    }
  }
  return Object.entries(samples).map(([kind, runs]) => ({
    name: `apex sync ${kind} (${ORDERS} orders × ${LINES} lines)`,
    rounds: runs.length,
    wall_ms_median: median(runs.map((r) => r.wall_ms)),
    wall_ms_min: Math.min(...runs.map((r) => r.wall_ms)),
    wall_ms_max: Math.max(...runs.map((r) => r.wall_ms)),
    apex_requests: runs[0].apex_requests,
    apex_credits: runs[0].apex_credits,
    orders_written: runs[0].orders_written,
    lines_written: runs[0].lines_written,
  }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await measureApexSync();
  for (const row of rows) console.log(JSON.stringify(row));
}
