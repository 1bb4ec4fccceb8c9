import type { HeaderRecord, SequenceRow, TableSummary } from "../domain/backup-records";
import { quoteIdent } from "../domain/backup-records";
import { type ReadSummary, readBackup } from "./backup-reader";
import { checkStagedTable, createStaging, dropTables, stagingName } from "./backup-staging";
import {
  chooseRestoreMode,
  columnsOf,
  countRows,
  countStatements,
  inspectTarget,
  type RestoreMode,
  RestoreRefusedError,
} from "./backup-target";
import { type RestoreSecuring, secureAfterRestore } from "./restore-securing";

export { RestoreRefusedError } from "./backup-target";

type RestoreOptions = { force?: boolean; onProgress?: (message: string) => void; now?: Date };

type BackupReport = {
  backup_id: string;
  created_at: string;
  tables: number;
  row_count: number;
  table_counts: Record<string, number>;
  sha256: string;
  size_bytes: number;
  plaintext_bytes: number;
  chunks: number;
};
type RestoreReport = BackupReport & { mode: RestoreMode; secured: RestoreSecuring };
type DrillReport = BackupReport & { schema_matches_database: boolean; schema_note: string | null };

function reportOf(summary: ReadSummary): BackupReport {
  return {
    backup_id: summary.file.backup_id,
    created_at: summary.file.created_at,
    tables: summary.trailer.tables.length,
    row_count: summary.trailer.row_count,
    table_counts: Object.fromEntries(summary.trailer.tables.map((t) => [t.name, t.rows])),
    sha256: summary.trailer.sha256,
    size_bytes: summary.bytes,
    plaintext_bytes: summary.plaintextBytes,
    chunks: summary.chunks,
  };
}

/**
 * Restore drill: reads, authenticates, decrypts, decompresses and checks the whole backup without
 * writing anything, and says whether it could be restored into `d1` as its schema stands.
 */
export async function verifyBackup(d1: D1Database, source: ReadableStream<Uint8Array>, masterKey: Uint8Array): Promise<DrillReport> {
  const target = await inspectTarget(d1);
  const summary = await readBackup(source, masterKey);
  let note: string | null = null;
  try {
    chooseRestoreMode(summary.manifest, target);
  } catch (error) {
    if (!(error instanceof RestoreRefusedError)) throw error;
    note = error.message;
  }
  return { ...reportOf(summary), schema_matches_database: note === null, schema_note: note };
}

function describeOccupied(counts: Map<string, number>): string {
  const busy = [...counts].filter(([, n]) => n > 0);
  const shown = busy.slice(0, 5).map(([name, n]) => `${name}: ${n} rows`);
  return busy.length > 5 ? `${shown.join(", ")}, and ${busy.length - 5} more tables` : shown.join(", ");
}

/**
 * All-or-nothing restore. Rows go into staging tables while the backup is read and checked; only
 * when every chunk, hash and count has been confirmed (and the staged rows re-hashed) does one D1
 * batch — a single transaction — swap them into the real tables, sign every session out, delete
 * reset tokens and move the restore epoch (restore-securing.ts). Any failure drops the staging
 * tables and leaves the database exactly as it was.
 */
export async function restoreBackup(
  d1: D1Database,
  source: ReadableStream<Uint8Array>,
  masterKey: Uint8Array,
  options: RestoreOptions = {},
): Promise<RestoreReport> {
  const progress = options.onProgress ?? (() => {});
  const target = await inspectTarget(d1);
  await dropTables(d1, target.staging);
  const staging = createStaging(d1);
  const columns = new Map<string, string[]>();
  let mode: RestoreMode = "replace";
  try {
    const summary = await readBackup(source, masterKey, {
      async onHeader(manifest) {
        mode = chooseRestoreMode(manifest, target);
        if (mode === "replace" && !options.force) {
          const counts = await countRows(d1, manifest.tables);
          if ([...counts.values()].some((n) => n > 0)) {
            throw new RestoreRefusedError(`The database is not empty (${describeOccupied(counts)}); use --force to replace its contents`);
          }
        }
        progress(`restoring ${manifest.tables.length} tables (${mode === "fresh" ? "creating the schema" : "replacing rows"})`);
      },
      async onTable(table) {
        if (mode === "replace") {
          const current = await columnsOf(d1, table.name);
          if (current.join(",") !== table.columns.join(",")) {
            throw new RestoreRefusedError(
              `Schema mismatch: table ${table.name} has columns (${current.join(", ")}) but the backup has (${table.columns.join(", ")})`,
            );
          }
        }
        columns.set(table.name, table.columns);
        await staging.addTable(table.name, table.columns);
      },
      onRows: (batch) => staging.addRows(batch),
      async onTableEnd(end) {
        await staging.flush();
        if (end.rows > 0) progress(`  ${end.name}: ${end.rows} rows read and checked`);
      },
    });
    await staging.flush();
    for (const table of summary.trailer.tables) await checkStagedTable(d1, table);
    progress("every chunk, hash and staged row checked; swapping in");
    const securing = secureAfterRestore(d1, summary.manifest.tables, {
      id: crypto.randomUUID(),
      backupId: summary.file.backup_id,
      now: options.now ?? new Date(),
    });
    const swap = swapStatements(d1, summary.manifest, summary.trailer, columns, mode, options.force === true);
    // Rows are counted inside the transaction, before the securing statements change any.
    const counting = countStatements(d1, summary.manifest.tables);
    const results = await d1.batch([...swap, ...counting.statements, ...securing.statements]);
    const counts = counting.read(results.slice(swap.length, swap.length + counting.statements.length));
    const secured = securing.summarize(results);
    for (const table of summary.trailer.tables) {
      if (counts.get(table.name) !== table.rows) {
        throw new Error(`Restore finished but table ${table.name} has ${counts.get(table.name)} rows where the backup has ${table.rows}`);
      }
    }
    return { ...reportOf(summary), mode, secured };
  } catch (error) {
    await staging.dropAll().catch((dropError: unknown) => console.error("could not drop restore staging tables", dropError));
    throw error;
  }
}

/** The one transaction that makes a restore visible. */
function swapStatements(
  d1: D1Database,
  manifest: HeaderRecord,
  { tables, sequences }: { tables: readonly TableSummary[]; sequences: readonly SequenceRow[] },
  columns: Map<string, string[]>,
  mode: RestoreMode,
  force: boolean,
): [D1PreparedStatement, ...D1PreparedStatement[]] {
  const sql = (text: string) => d1.prepare(text);
  const schema = manifest.schema.filter((e) => e.tbl_name !== "d1_migrations");
  const out: [D1PreparedStatement, ...D1PreparedStatement[]] = [sql("PRAGMA defer_foreign_keys = ON")];
  if (mode === "fresh") {
    for (const e of schema) if (e.type === "table") out.push(sql(e.sql));
  } else if (force) {
    for (const table of manifest.tables) out.push(sql(`DELETE FROM ${quoteIdent(table)}`));
  }
  for (const { name, rows } of tables) {
    const cols = (columns.get(name) ?? []).map(quoteIdent).join(", ");
    if (rows > 0)
      out.push(sql(`INSERT INTO ${quoteIdent(name)} (${cols}) SELECT ${cols} FROM ${quoteIdent(stagingName(name))} ORDER BY rowid`));
    out.push(sql(`DROP TABLE ${quoteIdent(stagingName(name))}`));
  }
  if (mode === "fresh") {
    // Indexes and triggers after the rows: faster, and no trigger fires on restored data.
    for (const e of schema) if (e.type !== "table") out.push(sql(e.sql));
    const ledger = manifest.schema.find((e) => e.type === "table" && e.name === "d1_migrations");
    if (ledger) {
      out.push(sql(ledger.sql.replace(/^CREATE TABLE (?!IF NOT EXISTS)/i, "CREATE TABLE IF NOT EXISTS ")));
      for (const m of manifest.migrations) {
        out.push(sql("INSERT OR IGNORE INTO d1_migrations (id, name, applied_at) VALUES (?1, ?2, ?3)").bind(m.id, m.name, m.applied_at));
      }
    }
  }
  for (const s of sequences) {
    out.push(
      sql("INSERT INTO sqlite_sequence (name, seq) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?1)").bind(
        s.name,
        s.seq,
      ),
    );
    out.push(sql("UPDATE sqlite_sequence SET seq = ?2 WHERE name = ?1 AND seq < ?2").bind(s.name, s.seq));
  }
  return out;
}
