// `npm run import-original -- <preroll_tracker.db> [--remote] [--dry-run]`: copies the original
// PreRollTracker database (batches, audit log, finished goods and history, paper stock and usage,
// holds, settings, the API key and password hashes) into D1. Validated in full before writing.
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { buildImport, readMigrations } from "./lib/import-original.mjs";
import { applyMigrations, d1ExecuteFile, ROOT, writeTempSql } from "./lib/local.mjs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.log("Usage: npm run import-original -- <preroll_tracker.db> [--remote] [--dry-run]");
  process.exit(1);
}
const target = args.includes("--remote") ? "--remote" : "--local";
const source = new DatabaseSync(file, { readOnly: true });
const { statements, report } = buildImport(source, readMigrations(join(ROOT, "migrations")));
console.log("Rows to import:", report);
if (args.includes("--dry-run")) process.exit(0);
if (target === "--local") applyMigrations();
d1ExecuteFile(writeTempSql("import-original.sql", statements.join("\n")), target);
console.log(`Imported into the ${target === "--remote" ? "remote" : "local"} D1.`);
