// npm run size:worker — what Cloudflare would receive and how long the Worker takes to start.
// 1. `wrangler deploy --dry-run --outdir .tmp/worker-dry` bundles the Worker exactly as a deploy
//    would (no network, no account): the bundle's size raw and gzip-compressed.
// 2. Start-up: the bundle is started in Miniflare (workerd) and its first request timed, against a
//    hello-world Worker with the same bindings started the same way; the difference is what this
//    Worker's code costs (parsing and running its global scope, building the app on first use).
// 3. `wrangler check startup` (also offline) profiles the global scope; its "Active" CPU time is printed.
// The machine is shared and small: each start-up is measured SIZE_RUNS times (default 5), median shown.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { ROOT } from "./lib/local.mjs";

const OUT = join(ROOT, ".tmp", "worker-dry");
const RUNS = Number(process.env.SIZE_RUNS ?? 5);
const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bundle() {
  mkdirSync(OUT, { recursive: true });
  const log = execFileSync(wrangler, ["deploy", "--dry-run", "--outdir", OUT], { cwd: ROOT, env, encoding: "utf8" });
  const script = join(OUT, "index.js");
  const code = readFileSync(script);
  return {
    script,
    raw: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    wranglerLine: log.match(/Total Upload:[^\n]*/)?.[0] ?? "",
  };
}

/** Durable Object classes as wrangler.toml declares them (SQLite-backed). */
function durableObjects() {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const out = {};
  for (const block of toml.split("[[durable_objects.bindings]]").slice(1)) {
    const name = block.match(/^\s*name\s*=\s*"([^"]+)"/m)?.[1];
    const className = block.match(/^\s*class_name\s*=\s*"([^"]+)"/m)?.[1];
    if (name && className) out[name] = { className, useSQLite: true };
  }
  return out;
}

const BINDINGS = {
  SECRET_KEY: "size-check-secret-key-that-is-long-enough-0123",
  BACKUP_ENCRYPTION_KEY: "c2l6ZS1jaGVjay1rZXktMzItYnl0ZXMtbG9uZyEhISE=",
  APP_VERSION: "2.0.0",
  ENVIRONMENT: "size-check",
  TIME_ZONE: "America/Los_Angeles",
  APEX_BASE_URL: "http://127.0.0.1:9",
  PUSHOVER_API_URL: "http://127.0.0.1:9",
};

/** The same shape of Worker with nothing in it: what starting workerd itself costs. */
function baselineScript(objects) {
  const classes = Object.values(objects).map((o) => `export class ${o.className} { fetch() { return new Response("ok"); } }`);
  const file = join(OUT, "baseline.js");
  writeFileSync(file, `${classes.join("\n")}\nexport default { fetch() { return Response.json({ status: "ok" }); } };\n`);
  return file;
}

/** Milliseconds from `new Miniflare` to ready, and from ready to the first answer of /api/health. */
async function startOnce(script, objects) {
  const started = performance.now();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: script,
      compatibilityDate: "2026-08-01",
      compatibilityFlags: ["nodejs_compat"],
      d1Databases: { DB: "size-check-db" },
      r2Buckets: ["BACKUPS"],
      durableObjects: objects,
      bindings: BINDINGS,
    }),
  );
  try {
    await mf.ready;
    const ready = performance.now();
    const res = await mf.dispatchFetch("http://localhost/api/health");
    await res.text();
    if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
    const answered = performance.now();
    return { ready: ready - started, firstRequest: answered - ready, total: answered - started };
  } finally {
    await mf.dispose();
  }
}

async function startup(script, objects) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await startOnce(script, objects));
  return {
    ready: median(runs.map((r) => r.ready)),
    firstRequest: median(runs.map((r) => r.firstRequest)),
    total: median(runs.map((r) => r.total)),
  };
}

function profiledStartup() {
  try {
    const log = execFileSync(wrangler, ["check", "startup", "--outfile", join(OUT, "startup.cpuprofile")], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    return log.match(/Active:\s*([\d.]+ ms[^\n]*)/)?.[1] ?? "not reported";
  } catch (error) {
    return `not measured (${String(error.message).split("\n")[0]})`;
  }
}

const size = bundle();
const objects = durableObjects();
const baseline = await startup(baselineScript(objects), objects);
const worker = await startup(size.script, objects);
const ms = (x) => `${x.toFixed(0)} ms`;
console.log(`Worker bundle (.tmp/worker-dry/index.js): ${kib(size.raw)} raw, ${kib(size.gzip)} gzip (level 9)`);
if (size.wranglerLine) console.log(`wrangler: ${size.wranglerLine}`);
console.log(
  `Start-up in Miniflare, median of ${RUNS}: ready ${ms(worker.ready)}, first request ${ms(worker.firstRequest)}, total ${ms(worker.total)}`,
);
console.log(`  hello-world baseline: ready ${ms(baseline.ready)}, first request ${ms(baseline.firstRequest)}, total ${ms(baseline.total)}`);
console.log(`  this Worker's own start-up cost (total minus baseline): ${ms(worker.total - baseline.total)}`);
console.log(`wrangler check startup (global scope CPU, local): ${profiledStartup()}`);
