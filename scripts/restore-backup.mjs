// `npm run restore -- <backup>` restores an encrypted backup into the local D1 (or, with --remote, the
// deployed one). <backup> is an R2 key (backups/20260228_060000-1a2b3c4d.bak.enc), a tag
// (backup/20260228_060000) or a path to a downloaded file.
//
//   --verify        restore drill: read, decrypt and check everything, write nothing
//   --force         replace the rows of a database that is not empty
//   --remote        read the bucket and write the D1 database of the deployed Worker
//   --persist-to D  local state directory, as wrangler's own flag (default .wrangler/state, the one `npm start` uses)
//   --list          list the backups in the bucket
//
// The key comes from BACKUP_ENCRYPTION_KEY in the environment, else (local only) from .dev.vars.
// All or nothing: rows are staged and only swapped in, in one transaction, after every chunk,
// hash and row count of the backup has been checked. A refused restore leaves the database as it was.
// The same transaction signs every session out, deletes reset tokens and moves the restore epoch
// (the batch hub then moves every clock); the operator is told to rotate the API key and password.
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { getPlatformProxy, unstable_readConfig } from "wrangler";
import { DEV_VARS, ROOT } from "./lib/local.mjs";

const USAGE = `Usage: npm run restore -- <backup-key | backup/YYYYMMDD_HHMMSS | file> [--verify] [--force] [--remote] [--persist-to <dir>]
       npm run restore -- --list [--remote] [--persist-to <dir>]`;

function parseArgs(argv) {
  const options = { verify: false, force: false, remote: false, list: false, persistTo: join(ROOT, ".wrangler", "state"), source: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--verify") options.verify = true;
    else if (arg === "--force") options.force = true;
    else if (arg === "--remote") options.remote = true;
    else if (arg === "--list") options.list = true;
    else if (arg === "--persist-to") options.persistTo = resolve(argv[++i] ?? "");
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else if (options.source === null) options.source = arg;
    else throw new Error(`one backup at a time\n${USAGE}`);
  }
  return options;
}

function devVar(name) {
  if (!existsSync(DEV_VARS)) return undefined;
  for (const line of readFileSync(DEV_VARS, "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] === name) return match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}

/** The restore code of the Worker itself (src/storage), bundled for Node: one implementation, two runtimes. */
async function loadRestoreLibrary() {
  const entry = [
    'export { restoreBackup, verifyBackup, RestoreRefusedError } from "./src/storage/backup-restore.ts";',
    'export { readEncryptionKey } from "./src/storage/backup-crypto.ts";',
    'export { listStoredBackups } from "./src/storage/backup-prune.ts";',
    'export { BackupFormatError } from "./src/domain/backup-format.ts";',
    'export { ROTATE_CREDENTIALS_NOTICE } from "./src/storage/restore-securing.ts";',
  ].join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    write: false,
    logLevel: "error",
  });
  const dir = join(ROOT, ".tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "restore-library.mjs");
  writeFileSync(file, result.outputFiles[0].text);
  return import(pathToFileURL(file).href);
}

/** Only the two bindings a restore needs, from wrangler.toml; `remote: true` reaches the deployed ones. */
async function openBindings(options) {
  const config = unstable_readConfig({ config: join(ROOT, "wrangler.toml") }, { hideWarnings: true });
  const d1 = config.d1_databases.find((d) => d.binding === "DB");
  const r2 = config.r2_buckets.find((b) => b.binding === "BACKUPS");
  const remote = options.remote ? { remote: true } : {};
  const minimal = {
    name: `${config.name}-restore`,
    compatibility_date: config.compatibility_date,
    compatibility_flags: config.compatibility_flags,
    d1_databases: [{ binding: "DB", database_name: d1.database_name, database_id: d1.database_id, ...remote }],
    r2_buckets: [{ binding: "BACKUPS", bucket_name: r2.bucket_name, ...remote }],
  };
  const configPath = join(ROOT, ".tmp", "restore.wrangler.json");
  writeFileSync(configPath, JSON.stringify(minimal, null, 2));
  return getPlatformProxy({ configPath, persist: { path: join(options.persistTo, "v3") }, remoteBindings: options.remote, envFiles: [] });
}

async function resolveKey(lib, bucket, source) {
  const tag = /^backup\/(\d{8}_\d{6})$/.exec(source);
  if (!tag) return source;
  const matches = (await lib.listStoredBackups(bucket)).filter((b) => b.key.startsWith(`backups/${tag[1]}-`));
  if (matches.length === 1) return matches[0].key;
  if (matches.length === 0) throw new Error(`no backup tagged ${source} in the bucket (npm run restore -- --list shows them)`);
  throw new Error(`several backups are tagged ${source}; name one by its key:\n${matches.map((m) => `  ${m.key}`).join("\n")}`);
}

async function openSource(lib, bucket, source) {
  if (existsSync(source)) return { stream: Readable.toWeb(createReadStream(source)), label: resolve(source) };
  const key = await resolveKey(lib, bucket, source);
  const object = await bucket.get(key);
  if (!object) throw new Error(`no backup object ${key} in the bucket (npm run restore -- --list shows them)`);
  return { stream: object.body, label: key };
}

function printReport(report, verifyOnly) {
  const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
  console.log(`  backup ${report.backup_id}, taken ${report.created_at}`);
  console.log(
    `  ${report.tables} tables, ${report.row_count} rows, ${mb(report.size_bytes)} encrypted, ${mb(report.plaintext_bytes)} of plaintext, ${report.chunks} chunks`,
  );
  console.log(`  SHA-256 of the plaintext: ${report.sha256}`);
  if (verifyOnly) {
    console.log(report.schema_matches_database ? "  restorable into this database as it stands" : `  note: ${report.schema_note}`);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help || (!options.source && !options.list)) {
    console.log(USAGE);
    process.exit(options.help ? 0 : 1);
  }
  const lib = await loadRestoreLibrary();
  const secret = process.env.BACKUP_ENCRYPTION_KEY ?? (options.remote ? undefined : devVar("BACKUP_ENCRYPTION_KEY"));
  if (!options.list && !secret) {
    throw new Error(
      options.remote
        ? "Set BACKUP_ENCRYPTION_KEY to the production key to read a remote backup"
        : "BACKUP_ENCRYPTION_KEY is not set (environment or .dev.vars)",
    );
  }
  const master = options.list ? null : lib.readEncryptionKey(secret);
  const proxy = await openBindings(options);
  const where = options.remote ? "remote" : `local (${options.persistTo})`;
  try {
    if (options.list) {
      const stored = await lib.listStoredBackups(proxy.env.BACKUPS);
      console.log(
        stored.length ? stored.map((s) => `${s.key}  ${s.size} bytes  ${s.uploaded}`).join("\n") : `no backups in the ${where} bucket`,
      );
      return;
    }
    const { stream, label } = await openSource(lib, proxy.env.BACKUPS, options.source);
    const started = performance.now();
    if (options.verify) {
      console.log(`Verifying ${label} (nothing will be written)…`);
      const report = await lib.verifyBackup(proxy.env.DB, stream, master);
      console.log(`OK: the backup is intact and decrypts completely (${((performance.now() - started) / 1000).toFixed(1)} s).`);
      printReport(report, true);
    } else {
      console.log(`Restoring ${label} into the ${where} database…`);
      const report = await lib.restoreBackup(proxy.env.DB, stream, master, { force: options.force, onProgress: (m) => console.log(m) });
      console.log(
        `Restored (${report.mode === "fresh" ? "schema and rows" : "rows replaced"}) in ${((performance.now() - started) / 1000).toFixed(1)} s; row counts and hashes match.`,
      );
      printReport(report, false);
      const { sessions_signed_out, reset_tokens_deleted, restore_epoch } = report.secured;
      console.log(
        `  ${sessions_signed_out} session(s) signed out, ${reset_tokens_deleted} reset link(s) cancelled; cached lists and ETags from before are dropped within a second (restore epoch ${restore_epoch}).`,
      );
      console.log(`\nIMPORTANT: ${lib.ROTATE_CREDENTIALS_NOTICE}`);
    }
  } catch (error) {
    const refused = error instanceof lib.BackupFormatError || error instanceof lib.RestoreRefusedError;
    console.error(`${refused ? "Refused" : "Failed"}: ${error.message}`);
    if (options.verify) console.error("The backup did not pass the drill.");
    else if (!error.message.startsWith("Restore finished")) console.error("Nothing was written: the database is as it was.");
    process.exitCode = 1;
  } finally {
    await proxy.dispose();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
