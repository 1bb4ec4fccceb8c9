import { BackupFormatError } from "../domain/backup-format";
import { decodeCell, isSpecialCell, quoteIdent, STAGING_PREFIX, type TableSummary } from "../domain/backup-records";
import { pagesOf } from "./backup-export";
import { createSha256 } from "./backup-hash";
import type { RowBatch } from "./backup-visitor";

/** D1 binds at most 100 parameters per statement. */
const MAX_BOUND = 100;
/** Statements sent per D1 round trip, and the JSON they may carry between them. */
const FLUSH_STATEMENTS = 32;
const FLUSH_BYTES = 4 * 1024 * 1024;

export const stagingName = (table: string) => `${STAGING_PREFIX}${table}`;

/**
 * Staging tables hold a restore until every byte of the backup has been checked. They are typeless
 * (no affinity), so each value is stored exactly as the backup carries it; the swap into the real
 * table then applies that table's own affinity, as the original insert did.
 */
export function createStaging(d1: D1Database) {
  const created: string[] = [];
  let pending: D1PreparedStatement[] = [];
  let pendingBytes = 0;

  const flush = async () => {
    if (pending.length === 0) return;
    const statements = pending;
    pending = [];
    pendingBytes = 0;
    await d1.batch(statements);
  };

  return {
    created,
    async addTable(table: string, columns: readonly string[]) {
      const name = stagingName(table);
      created.push(name);
      await d1.prepare(`CREATE TABLE ${quoteIdent(name)} (${columns.map(quoteIdent).join(", ")})`).run();
    },
    async addRows(batch: RowBatch) {
      const target = quoteIdent(stagingName(batch.table));
      const cols = batch.columns.map(quoteIdent).join(", ");
      const plain: string[] = [];
      batch.rows.forEach((row, i) => {
        // Rows carrying a BLOB or a non-finite REAL cannot go through JSON; they are bound one by one.
        if (!row.some(isSpecialCell)) {
          plain.push(batch.lines[i] as string);
          return;
        }
        if (row.length > MAX_BOUND) throw new BackupFormatError(`table ${batch.table} has too many columns to restore a BLOB row`);
        pending.push(d1.prepare(`INSERT INTO ${target} (${cols}) VALUES (${row.map(() => "?").join(", ")})`).bind(...row.map(decodeCell)));
      });
      if (plain.length) {
        const picks = batch.columns.map((_, i) => `value ->> ${i}`).join(", ");
        const json = `[${plain.join(",")}]`;
        pending.push(d1.prepare(`INSERT INTO ${target} (${cols}) SELECT ${picks} FROM json_each(?1)`).bind(json));
        pendingBytes += json.length;
      }
      if (pending.length >= FLUSH_STATEMENTS || pendingBytes >= FLUSH_BYTES) await flush();
    },
    flush,
    async dropAll() {
      pending = [];
      await dropTables(d1, created);
    },
  };
}

/** Re-reads a staging table exactly as a backup dump would and compares it with the backup's summary. */
export async function checkStagedTable(d1: D1Database, summary: TableSummary): Promise<void> {
  const hash = createSha256();
  const encoder = new TextEncoder();
  let rows = 0;
  // Staging tables are plain rowid tables (no schema entry): read in rowid order, as they were filled.
  for await (const page of pagesOf(d1, stagingName(summary.name), [])) {
    hash.update(encoder.encode(page.lines));
    rows += page.rows;
  }
  const sha256 = hash.hex();
  if (rows !== summary.rows || sha256 !== summary.sha256) {
    throw new Error(`Restore check failed: table ${summary.name} staged ${rows} rows that do not match the backup (${summary.rows} rows)`);
  }
}

export async function dropTables(d1: D1Database, names: readonly string[]): Promise<void> {
  const [first, ...rest] = names.map((name) => d1.prepare(`DROP TABLE IF EXISTS ${quoteIdent(name)}`));
  if (first) await d1.batch([first, ...rest]);
}
