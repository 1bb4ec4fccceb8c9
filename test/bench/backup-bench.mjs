// Backup and restore throughput: `npx node test/bench/backup-bench.mjs` (BENCH_DB_MB=100 by default).
//
// The backup code of src/storage runs inside workerd through Miniflare's API (a bench-only entry,
// bundled here with esbuild), against a local D1 filled to BENCH_DB_MB megabytes and a local R2:
//   1. backup        dump → gzip → AES-256-GCM chunks → R2 multipart (production sizes: 4 MiB chunks, 8 MiB parts)
//   2. drill         read, decrypt and check the whole backup, writing nothing
//   3. restore (Worker)  into an empty D1 in the same runtime: stage, check, swap in one transaction
//   4. restore (command) `npm run restore -- <key>` as a child process against the same persisted
//      state, into an emptied database: the documented command, end to end (bundle, proxy, restore)
// MB/s is the D1 database size divided by wall time. workerd's resident memory is sampled during
// the backup to show it does not grow with the database.
import { spawnSync } from "node:child_process";
import { appendFileSync, createReadStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../../scripts/lib/local.mjs";

const TARGET_MB = Number(process.env.BENCH_DB_MB ?? 100);
const KEY = "YmVuY2gtYmFja3VwLWtleS0zMi1ieXRlcy1sb25nISE=";
const STATE = join(ROOT, ".tmp", "backup-bench-state");
const MB = 1024 * 1024;

const ENTRY = `
import { writeBackupObject } from "./src/storage/backup-create.ts";
import { restoreBackup, verifyBackup } from "./src/storage/backup-restore.ts";
import { readEncryptionKey } from "./src/storage/backup-crypto.ts";
import { backupObjectKey, backupTag } from "./src/domain/backup-naming.ts";

const SEED = [
  "INSERT INTO audit_log (batch, strain, ts, field, old, new, actor) SELECT 'batch-' || (i % 700), 'Strain ' || (i % 40), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || i || ' seconds'), 'counts_' || (i % 3), CAST(abs(random()) % 5000 AS TEXT), CAST(abs(random()) % 5000 AS TEXT), 'session' FROM n",
  "INSERT INTO event_log (ts, actor, action, target, details) SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || i || ' seconds'), 'api_key', 'finished_goods_deduct', 'pkg-' || (i % 900), json_object('grams', (abs(random()) % 100000) / 100.0, 'ref', hex(randomblob(12)), 'note', 'order ' || (i % 5000)) FROM n",
  "INSERT INTO finished_goods_history (metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details) SELECT '1A40603000' || printf('%06d', i % 900), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || i || ' minutes'), 'deduct', abs(random()) / 1e15, abs(random()) / 1e16, abs(random()) / 1e16, 0, 'active', 'Packed for ' || hex(randomblob(6)) FROM n",
];

async function size(env) {
  return (await env.DB.prepare("SELECT 1").run()).meta.size_after;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const master = readEncryptionKey(env.BACKUP_ENCRYPTION_KEY);
    if (url.pathname === "/seed") {
      const rows = Number(url.searchParams.get("rows"));
      const cte = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") ";
      for (const sql of SEED) await env.DB.prepare(cte + sql).run();
      return Response.json({ bytes: await size(env) });
    }
    if (url.pathname === "/size") return Response.json({ bytes: await size(env) });
    if (url.pathname === "/backup") {
      const now = new Date();
      const id = crypto.randomUUID();
      const key = backupObjectKey(now, id);
      const made = await writeBackupObject(env.DB, env.BACKUPS, { backupId: id, createdAt: now, key, tag: backupTag(now) }, master);
      return Response.json({ key, rows: made.rowCount, sizeBytes: made.sizeBytes, plaintextBytes: made.plaintextBytes, chunks: made.chunks, parts: made.parts, largestChunk: made.largestChunkPlaintext });
    }
    const object = await env.BACKUPS.get(url.searchParams.get("key"));
    if (url.pathname === "/verify") return Response.json(await verifyBackup(env.DB, object.body, master));
    if (url.pathname === "/restore") return Response.json(await restoreBackup(env.TARGET, object.body, master));
    return new Response("not found", { status: 404 });
  },
};
`;

async function bundle() {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    external: ["node:*"],
    write: false,
    logLevel: "error",
  });
  const dir = join(ROOT, ".tmp", "backup-bench-dist");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "worker.mjs"), out.outputFiles[0].text);
  return join(dir, "worker.mjs");
}

/** Same D1 id and bucket name as wrangler.toml, so `npm run restore -- --persist-to` finds this state. */
async function bindingNames() {
  // Loaded here, not at the top: the memory probe child must not carry wrangler's heap.
  const { unstable_readConfig } = await import("wrangler");
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
  return {
    databaseId: config.d1_databases.find((d) => d.binding === "DB").database_id,
    bucket: config.r2_buckets.find((b) => b.binding === "BACKUPS").bucket_name,
  };
}

function workerdPid() {
  const out = spawnSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" }).stdout;
  return out
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .find(([, comm]) => comm?.startsWith("workerd"))?.[0];
}

function rssMb(pid) {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

const fmt = (n, digits = 1) => n.toFixed(digits);

export async function run() {
  rmSync(STATE, { recursive: true, force: true });
  const script = await bundle();
  const { databaseId, bucket } = await bindingNames();
  const { convertV4MiniflareOptions, Miniflare } = await import("miniflare");
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      modules: true,
      scriptPath: script,
      compatibilityDate: "2026-08-01",
      compatibilityFlags: ["nodejs_compat"],
      d1Databases: { DB: databaseId, TARGET: "backup-bench-restore-target" },
      r2Buckets: { BACKUPS: bucket },
      resourcePersistencePath: join(STATE, "v3"),
      bindings: { BACKUP_ENCRYPTION_KEY: KEY },
    }),
  );
  const call = async (path) => {
    const res = await mf.dispatchFetch(`http://bench${path}`);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const db = await mf.getD1Database("DB");
  // Imported here, not at the top: the memory-probe child must not load Miniflare into its 64 MB heap.
  const { applyMigrations } = await import("./run.mjs");
  await applyMigrations(db);
  // d1_migrations as wrangler keeps it, so the restored database knows its migrations.
  await db.batch([
    db.prepare(
      "CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
    ),
    ...readdirSync(join(ROOT, "migrations"))
      .filter((f) => f.endsWith(".sql"))
      .sort()
      .map((f) => db.prepare("INSERT INTO d1_migrations (name) VALUES (?1)").bind(f)),
  ]);
  let bytes = 0;
  while (bytes < TARGET_MB * MB) bytes = (await call("/seed?rows=40000")).bytes;
  const dbMb = bytes / MB;
  console.log(`database: ${fmt(dbMb)} MB`);

  const pid = workerdPid();
  const rssBefore = rssMb(pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssMb(pid));
  }, 20);
  const backup = await timed(() => call("/backup"));
  clearInterval(sampler);
  const b = backup.value;
  const drill = await timed(() => call(`/verify?key=${encodeURIComponent(b.key)}`));
  const restore = await timed(() => call(`/restore?key=${encodeURIComponent(b.key)}`));
  const rows = [
    {
      step: "backup (Worker: dump, gzip, encrypt, R2 multipart)",
      seconds: backup.ms / 1000,
      mbPerSecond: dbMb / (backup.ms / 1000),
      detail: `${b.rows} rows, ${fmt(b.plaintextBytes / MB)} MB NDJSON → ${fmt(b.sizeBytes / MB)} MB encrypted, ${b.chunks} chunks (largest ${fmt(b.largestChunk / MB, 2)} MB), ${b.parts} parts; workerd process RSS (with the local D1 and R2 SQLite in it) ${fmt(rssBefore, 0)} → peak ${fmt(rssPeak, 0)} MB`,
    },
    {
      step: "restore drill (Worker: decrypt and check, no writes)",
      seconds: drill.ms / 1000,
      mbPerSecond: dbMb / (drill.ms / 1000),
      detail: `${drill.value.row_count} rows checked`,
    },
    {
      step: "restore (Worker, into an empty D1)",
      seconds: restore.ms / 1000,
      mbPerSecond: dbMb / (restore.ms / 1000),
      detail: `${restore.value.mode}, ${restore.value.row_count} rows`,
    },
  ];
  await mf.dispose();

  // The documented command, on the state above, into the database emptied of its rows' file.
  rmSync(join(STATE, "v3", "d1"), { recursive: true, force: true });
  const cli = await timed(async () =>
    spawnSync(join(ROOT, "node_modules", ".bin", "node"), [join(ROOT, "scripts", "restore-backup.mjs"), b.key, "--persist-to", STATE], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, BACKUP_ENCRYPTION_KEY: KEY },
    }),
  );
  if (cli.value.status !== 0) throw new Error(`npm run restore failed:\n${cli.value.stdout}\n${cli.value.stderr}`);
  rows.push({
    step: "npm run restore -- <key> (Node command via wrangler's local proxy, into an empty D1)",
    seconds: cli.ms / 1000,
    mbPerSecond: dbMb / (cli.ms / 1000),
    detail: cli.value.stdout.split("\n").find((l) => l.startsWith("Restored")) ?? "",
  });
  rmSync(STATE, { recursive: true, force: true });
  rows.push(probeInChild(100), probeInChild(400));
  return rows.map((r) => ({ ...r, databaseMb: dbMb }));
}

/**
 * What the export itself holds, measured in a Node child capped at a 64 MB V8 heap: the same
 * dump → gzip → encrypt → multipart code over a generated database of `mb` megabytes of NDJSON
 * (rows are made on the fly, never stored) into an R2 stand-in that only counts bytes. If the
 * export accumulated data, the heap cap would kill it; the peaks below do not grow with `mb`.
 */
async function memoryProbe(mb) {
  const out = await build({
    stdin: {
      contents: [
        'export { writeBackupObject } from "./src/storage/backup-create.ts";',
        'export { backupObjectKey, backupTag } from "./src/domain/backup-naming.ts";',
        'export { readBackup } from "./src/storage/backup-reader.ts";',
      ].join("\n"),
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "error",
  });
  const file = join(ROOT, ".tmp", "backup-bench-dist", "probe-lib.mjs");
  writeFileSync(file, out.outputFiles[0].text);
  const lib = await import(pathToFileURL(file).href);
  const rowsPerTable = Math.ceil((mb * MB) / 3 / 190);
  const text = (i, n) => {
    let x = (i * 2654435761) >>> 0;
    let s = "";
    for (let k = 0; k < n; k++) {
      x = (x * 1103515245 + 12345) >>> 0;
      s += "abcdefghijklmnopqrstuvwxyz0123456789 "[x % 37];
    }
    return s;
  };
  const tables = ["audit_log", "event_log", "finished_goods_history"];
  const d1 = {
    prepare(sql) {
      const stmt = (args) => ({
        bind: (...next) => stmt(next),
        async all() {
          if (sql.includes("sqlite_master WHERE sql IS NOT NULL"))
            return { results: tables.map((name) => ({ type: "table", name, tbl_name: name, sql: `CREATE TABLE ${name} (a, b, c, d)` })) };
          return { results: [] };
        },
        async first() {
          return null;
        },
        async raw() {
          const [after, limit] = sql.includes("rowid > ?1") ? [Number(args[0]), Number(args[1])] : [0, Number(args[0])];
          const rows = [];
          for (let i = after + 1; i <= Math.min(rowsPerTable, after + limit); i++)
            rows.push([i, `row-${i}`, text(i, 120), i * 1.25, i % 7 ? text(i + 1, 30) : null]);
          return [["__backup_rowid", "a", "b", "c", "d"], ...rows];
        },
      });
      return stmt([]);
    },
  };
  let partSize = 0;
  let bytes = 0;
  const stored = join(ROOT, ".tmp", "backup-bench-dist", `probe-${mb}.bak.enc`);
  rmSync(stored, { force: true });
  const master = crypto.getRandomValues(new Uint8Array(32));
  const bucket = {
    async createMultipartUpload() {
      return {
        async uploadPart(n, piece) {
          if (n > 1 && partSize !== MB * 8) throw new Error("unequal parts");
          partSize = piece.length;
          bytes += piece.length;
          appendFileSync(stored, piece);
          return { partNumber: n, etag: String(n) };
        },
        async complete() {},
        async abort() {},
      };
    },
  };
  let heapPeak = 0;
  let buffersPeak = 0;
  // With --expose-gc, each sample first collects garbage, so the figures are what is still held.
  const collect = globalThis.gc ?? (() => {});
  const sample = () => {
    collect();
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    buffersPeak = Math.max(buffersPeak, m.arrayBuffers);
  };
  const baseline = process.memoryUsage();
  const timer = setInterval(sample, 50);
  const now = new Date();
  const made = await lib.writeBackupObject(
    d1,
    bucket,
    { backupId: crypto.randomUUID(), createdAt: now, key: lib.backupObjectKey(now, "probe"), tag: lib.backupTag(now) },
    master,
  );
  clearInterval(timer);
  sample();
  const exportPeaks = { heapPeakMb: heapPeak / MB, buffersPeakMb: buffersPeak / MB };
  // The same for reading it all back (the restore drill the command runs), from a file.
  heapPeak = 0;
  buffersPeak = 0;
  const readTimer = setInterval(sample, 50);
  const read = await lib.readBackup(Readable.toWeb(createReadStream(stored)), master);
  clearInterval(readTimer);
  sample();
  rmSync(stored, { force: true });
  if (read.trailer.row_count !== made.rowCount) throw new Error("read back a different row count");
  return {
    plaintextMb: made.plaintextBytes / MB,
    encryptedMb: bytes / MB,
    rows: made.rowCount,
    heapBaseMb: baseline.heapUsed / MB,
    ...exportPeaks,
    readHeapPeakMb: heapPeak / MB,
    readBuffersPeakMb: buffersPeak / MB,
  };
}

function probeInChild(mb) {
  const child = spawnSync(
    process.execPath,
    ["--max-old-space-size=64", "--expose-gc", fileURLToPath(import.meta.url), "--memory-probe", String(mb)],
    { cwd: ROOT, encoding: "utf8" },
  );
  if (child.status !== 0) throw new Error(`memory probe (${mb} MB) failed:\n${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split("\n").at(-1));
  return {
    step: `memory held, ${fmt(r.plaintextMb, 0)} MB of NDJSON (Node, 64 MB heap cap, GC before each sample)`,
    seconds: Number.NaN,
    mbPerSecond: Number.NaN,
    detail: `${r.rows} rows → ${fmt(r.encryptedMb)} MB encrypted; JS heap ${fmt(r.heapBaseMb)} MB before; export peaks: heap ${fmt(r.heapPeakMb)} MB, ArrayBuffers ${fmt(r.buffersPeakMb)} MB; read-back (drill) peaks: heap ${fmt(r.readHeapPeakMb)} MB, ArrayBuffers ${fmt(r.readBuffersPeakMb)} MB`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv[2] === "--memory-probe") {
  console.log(JSON.stringify(await memoryProbe(Number(process.argv[3]))));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await run();
  for (const r of rows)
    console.log(`${r.step}\n  ${Number.isNaN(r.seconds) ? "" : `${fmt(r.seconds, 2)} s, ${fmt(r.mbPerSecond)} MB/s — `}${r.detail}`);
}
