// `npm run bench [-- filter]`: the Worker on the real runtime (workerd through Miniflare's API, not
// `wrangler dev`), loaded with wrk at concurrency 1, 10 and 50. Every scenario is reported beside
// the floor that bounds it, measured in the same run: hello-world (routing), a raw D1 SELECT of the
// same rows (read) and a single-row atomic UPDATE (write). Figures go to test/bench/results.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { newApiKey, ROOT, setApiKeySql } from "../../scripts/lib/local.mjs";
import { coreSeedSql } from "../../scripts/seed/core.mjs";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,10,50").split(",").map(Number);
const filter = process.argv[2];
const OUT = join(ROOT, ".tmp", "bench-dist");
const bin = (name) => join(ROOT, "node_modules", ".bin", name);

function build() {
  if (!existsSync(join(ROOT, "web", "dist", "index.html")))
    execFileSync(bin("vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], { cwd: ROOT });
  execFileSync(bin("wrangler"), ["deploy", "test/bench/bench-entry.ts", "--dry-run", "--outdir", OUT], { cwd: ROOT, stdio: "ignore" });
}

/** The Durable Object bindings of wrangler.toml, SQLite-backed as its migrations declare them. */
export function declaredDurableObjects() {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const bindings = {};
  for (const block of toml.split("[[durable_objects.bindings]]").slice(1)) {
    const name = block.match(/^\s*name\s*=\s*"([^"]+)"/m)?.[1];
    const className = block.match(/^\s*class_name\s*=\s*"([^"]+)"/m)?.[1];
    if (name && className) bindings[name] = { className, useSQLite: true };
  }
  return bindings;
}

/** Vars and secrets of every bench runtime: local-only addresses, throwaway secrets. */
export const BENCH_BINDINGS = {
  SECRET_KEY: "bench-secret-key-that-is-long-enough-0123456789",
  BACKUP_ENCRYPTION_KEY: "YmVuY2gtYmFja3VwLWtleS0zMi1ieXRlcy1sb25nISE=",
  APP_VERSION: "2.0.0",
  ENVIRONMENT: "bench",
  TIME_ZONE: "America/Los_Angeles",
  APEX_BASE_URL: "http://127.0.0.1:9",
  PUSHOVER_API_URL: "http://127.0.0.1:9",
};

/** Applies every migration in order to a bench D1. */
export async function applyMigrations(db) {
  const migrations = readdirSync(join(ROOT, "migrations"))
    .filter((f) => f.endsWith(".sql"))
    .sort();
  for (const file of migrations) {
    await db.batch(statementsOf(readFileSync(join(ROOT, "migrations", file), "utf8")).map((s) => db.prepare(s)));
  }
}

/** Applies every migration, seeds the demo data and an API key; returns the key. */
export async function migrateAndSeed(db) {
  await applyMigrations(db);
  const apiKey = newApiKey();
  await db.batch([...statementsOf(coreSeedSql()), ...statementsOf(setApiKeySql(apiKey))].map((s) => db.prepare(s)));
  return apiKey;
}

/** Splits a migration file into statements (no statement in migrations/ holds a `;` in a string). */
export function statementsOf(sql) {
  return sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * A bench Worker on workerd through Miniflare's API (never `wrangler dev`): the bundle `script`,
 * its own D1 database, R2, and the Durable Objects of wrangler.toml (plus `durableObjects`).
 */
export function benchMiniflare({ script, database, durableObjects = {}, bindings = {} }) {
  return new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port: 0,
      modules: true,
      scriptPath: script,
      compatibilityDate: "2026-08-01",
      compatibilityFlags: ["nodejs_compat"],
      d1Databases: { DB: database },
      r2Buckets: ["BACKUPS"],
      durableObjects: { ...declaredDurableObjects(), ...durableObjects },
      bindings: { ...BENCH_BINDINGS, ...bindings },
    }),
  );
}

export async function startRuntime() {
  build();
  const mf = benchMiniflare({ script: join(OUT, "bench-entry.js"), database: "bench-db" });
  const url = await mf.ready;
  const db = await mf.getD1Database("DB");
  const apiKey = await migrateAndSeed(db);
  await db.batch(
    ["CREATE TABLE bench_counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)", "INSERT INTO bench_counter VALUES (1, 0)"].map((q) =>
      db.prepare(q),
    ),
  );
  return { mf, db, base: url.origin, apiKey };
}

function luaFor({ method = "GET", body, headers = {} }) {
  const lines = [`wrk.method = ${JSON.stringify(method)}`];
  if (body !== undefined) lines.push(`wrk.body = ${JSON.stringify(typeof body === "string" ? body : JSON.stringify(body))}`);
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  return lines.join("\n");
}

const toMs = (value, unit) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? 1);

/** One wrk run; returns requests/s and latency percentiles in ms. */
export function wrk(url, request, concurrency, seconds = SECONDS) {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const script = join(ROOT, ".tmp", "wrk.lua");
  writeFileSync(script, luaFor(request));
  const out = execFileSync("wrk", ["-t1", `-c${concurrency}`, `-d${seconds}s`, "--latency", "-s", script, url], { encoding: "utf8" });
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0);
  const pct = (p) => {
    const m = out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`));
    return m ? toMs(m[1], m[2]) : null;
  };
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  return { rps, p50: pct(50), p99: pct(99), non2xx };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, d = 2) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);

async function loadScenarios() {
  const dir = join(ROOT, "test", "bench", "scenarios");
  const list = [];
  const custom = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".mjs"))
    .sort()) {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    if (Array.isArray(mod.default)) list.push(...mod.default.map((s) => ({ ...s, file })));
    if (typeof mod.run === "function") custom.push({ file, run: mod.run });
  }
  return {
    list: filter ? list.filter((s) => s.name.includes(filter) || s.file.includes(filter)) : list,
    custom: filter ? custom.filter((c) => c.file.includes(filter)) : custom,
  };
}

function floorRequest(scenario, base) {
  if (scenario.floor === "read")
    return { url: `${base}/__floor/read?q=${encodeURIComponent(scenario.floorSql ?? "SELECT 1")}`, request: {} };
  if (scenario.floor === "write") return { url: `${base}/__floor/write`, request: { method: "POST" } };
  return { url: `${base}/__floor/hello`, request: {} };
}

async function main() {
  const runtime = await startRuntime();
  const { base, apiKey } = runtime;
  const { list, custom } = await loadScenarios();
  const results = [];
  console.log(`runtime: workerd via Miniflare API · ${SECONDS}s per run · ${ROUNDS} round(s) · wrk -t1\n`);
  console.log(
    "scenario".padEnd(46),
    "c".padStart(3),
    "rps".padStart(8),
    "p50ms".padStart(7),
    "p99ms".padStart(7),
    "×hello".padStart(7),
    "floor".padStart(6),
    "×floor".padStart(7),
    "target".padStart(7),
    " met",
  );
  for (const scenario of list) {
    const headers = { ...(scenario.headers ?? {}) };
    if (scenario.auth === "key") headers["X-API-Key"] = apiKey;
    if (scenario.body !== undefined) headers["Content-Type"] = "application/json";
    const request = { method: scenario.method, body: scenario.body, headers };
    const url = `${base}${typeof scenario.path === "function" ? scenario.path(runtime) : scenario.path}`;
    const floor = floorRequest(scenario, base);
    for (const c of scenario.concurrency ?? CONCURRENCY) {
      wrk(url, request, c, 1); // warm-up
      const runs = [];
      for (let r = 0; r < ROUNDS; r++) {
        // Interleaved: hello, floor, scenario, so all three see the same machine state.
        const hello = wrk(`${base}/__floor/hello`, {}, c);
        const floorRun = scenario.floor === "hello" ? hello : wrk(floor.url, floor.request, c);
        const run = wrk(url, request, c);
        runs.push({ hello, floorRun, run });
      }
      const pick = (f) => median(runs.map(f));
      const row = {
        name: scenario.name,
        concurrency: c,
        rps: round(
          pick((x) => x.run.rps),
          1,
        ),
        p50_ms: round(pick((x) => x.run.p50)),
        p99_ms: round(pick((x) => x.run.p99)),
        ratio_to_hello: round(pick((x) => x.run.rps / x.hello.rps)),
        floor: scenario.floor ?? "hello",
        floor_rps: round(
          pick((x) => x.floorRun.rps),
          1,
        ),
        ratio_to_floor: round(pick((x) => x.run.rps / x.floorRun.rps)),
        ratio_min: round(Math.min(...runs.map((x) => x.run.rps / x.floorRun.rps))),
        ratio_max: round(Math.max(...runs.map((x) => x.run.rps / x.floorRun.rps))),
        non_2xx: runs.reduce((n, x) => n + x.run.non2xx, 0),
        target: scenario.target ?? null,
      };
      row.met = row.target === null ? null : row.ratio_to_floor >= row.target && row.non_2xx === 0;
      results.push(row);
      console.log(
        row.name.slice(0, 46).padEnd(46),
        String(c).padStart(3),
        String(row.rps).padStart(8),
        String(row.p50_ms).padStart(7),
        String(row.p99_ms).padStart(7),
        String(row.ratio_to_hello).padStart(7),
        row.floor.padStart(6),
        String(row.ratio_to_floor).padStart(7),
        String(row.target ?? "-").padStart(7),
        row.met === null ? "  -" : row.met ? " yes" : "  NO",
        row.non_2xx ? `(${row.non_2xx} non-2xx!)` : "",
      );
    }
  }
  for (const { file, run } of custom) {
    console.log(`\n${file}:`);
    const rows = await run({ ...runtime, wrk, startRuntime });
    for (const row of rows ?? []) {
      results.push(row);
      console.log(" ", JSON.stringify(row));
    }
  }
  mkdirSync(join(ROOT, "test", "bench"), { recursive: true });
  writeFileSync(
    join(ROOT, "test", "bench", "results.json"),
    `${JSON.stringify({ runtime: "workerd via Miniflare API (miniflare 5, wrk -t1)", seconds: SECONDS, rounds: ROUNDS, scenarios: results }, null, 2)}\n`,
  );
  console.log("\nwrote test/bench/results.json");
  await runtime.mf.dispose();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // `npm run bench -- web` measures the pages (bytes, Lighthouse) instead of the API.
  const job = filter === "web" ? import("./web-budget.mjs").then((m) => m.runWebBudget()) : main();
  job.catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
