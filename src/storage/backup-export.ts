import { FORMAT_VERSION } from "../domain/backup-format";
import {
  encodeRow,
  type HeaderRecord,
  isInternalTable,
  type MigrationRow,
  quoteIdent,
  type SchemaEntry,
  type SequenceRow,
  type TableSummary,
} from "../domain/backup-records";
import { createSha256 } from "./backup-hash";

export type DumpTotals = { tables: TableSummary[]; rowCount: number; sha256: string; plaintextBytes: number };
/** Told after each table: how many of how many are written, rows and plaintext bytes so far. */
export type DumpProgress = (progress: { tablesDone: number; tablesTotal: number; rows: number; bytes: number }) => Promise<void>;

/** Aim for pages of about this much NDJSON; the row limit adapts to the table's row size. */
const TARGET_PAGE_BYTES = 1024 * 1024;
const FIRST_PAGE_ROWS = 500;
const MIN_PAGE_ROWS = 16;
const MAX_PAGE_ROWS = 5000;

const SCHEMA_SQL = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid";

/** Schema objects a restore must recreate: everything but D1's, SQLite's and restore staging's own. */
async function readSchema(d1: D1Database): Promise<SchemaEntry[]> {
  const { results } = await d1.prepare(SCHEMA_SQL).all<SchemaEntry>();
  return results.filter((e) => e.tbl_name === "d1_migrations" || !isInternalTable(e.tbl_name));
}

async function readMigrations(d1: D1Database, schema: readonly SchemaEntry[]): Promise<MigrationRow[]> {
  if (!schema.some((e) => e.type === "table" && e.name === "d1_migrations")) return [];
  const { results } = await d1.prepare("SELECT id, name, applied_at FROM d1_migrations ORDER BY id").all<MigrationRow>();
  return results;
}

function userTables(schema: readonly SchemaEntry[]): string[] {
  return schema.filter((e) => e.type === "table" && !isInternalTable(e.name)).map((e) => e.name);
}

/** The columns pages are read in order of: rowid, or the primary key of a WITHOUT ROWID table. */
async function pageKeyOf(d1: D1Database, table: string, schema: readonly SchemaEntry[]): Promise<string[]> {
  const entry = schema.find((e) => e.type === "table" && e.name === table);
  if (!entry || !/\bWITHOUT\s+ROWID\b/i.test(entry.sql)) return ["rowid"];
  const { results } = await d1
    .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
    .bind(table)
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

type Page = { columns: string[]; rows: unknown[][] };

async function readPage(d1: D1Database, table: string, key: readonly string[], after: unknown[] | null, limit: number): Promise<Page> {
  const keys = key.map((k) => (k === "rowid" ? k : quoteIdent(k)));
  const order = keys.join(", ");
  const from = `SELECT ${keys.map((k, i) => `${k} AS __backup_key${i}`).join(", ")}, * FROM ${quoteIdent(table)}`;
  const stmt =
    after === null
      ? d1.prepare(`${from} ORDER BY ${order} LIMIT ?1`).bind(limit)
      : d1
          .prepare(`${from} WHERE (${order}) > (${keys.map((_, i) => `?${i + 2}`).join(", ")}) ORDER BY ${order} LIMIT ?1`)
          .bind(limit, ...after);
  const [names, ...rows] = await stmt.raw({ columnNames: true });
  return { columns: names.slice(key.length), rows: rows as unknown[][] };
}

/**
 * Every row of one table in key order (rowid, or the primary key of a WITHOUT ROWID table; keyset
 * pagination: memory holds one page), yielded as encoded NDJSON pages. The first yield is the
 * column list, even for an empty table.
 */
export async function* pagesOf(
  d1: D1Database,
  table: string,
  schema: readonly SchemaEntry[],
): AsyncGenerator<{ columns: string[]; lines: string; rows: number }> {
  const key = await pageKeyOf(d1, table, schema);
  let after: unknown[] | null = null;
  let limit = FIRST_PAGE_ROWS;
  for (;;) {
    const page = await readPage(d1, table, key, after, limit);
    let lines = "";
    for (const row of page.rows) lines += `${encodeRow(row.slice(key.length)).line}\n`;
    yield { columns: page.columns, lines, rows: page.rows.length };
    const last = page.rows.at(-1);
    if (!last || page.rows.length < limit) return;
    after = last.slice(0, key.length);
    const perRow = Math.max(1, lines.length / page.rows.length);
    limit = Math.min(MAX_PAGE_ROWS, Math.max(MIN_PAGE_ROWS, Math.floor(TARGET_PAGE_BYTES / perRow)));
  }
}

/**
 * The whole database as NDJSON byte pages (see domain/backup-records.ts). Hashes every line as it
 * goes; `totals` is filled in when the generator finishes.
 */
export async function* dumpDatabase(
  d1: D1Database,
  meta: { backupId: string; createdAt: Date },
  totals: DumpTotals,
  onProgress?: DumpProgress,
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const overall = createSha256();
  const emit = (text: string): Uint8Array => {
    const bytes = encoder.encode(text);
    overall.update(bytes);
    totals.plaintextBytes += bytes.length;
    return bytes;
  };
  const schema = await readSchema(d1);
  const tables = userTables(schema);
  const header: HeaderRecord = {
    kind: "header",
    format: FORMAT_VERSION,
    backup_id: meta.backupId,
    created_at: meta.createdAt.toISOString(),
    tables,
    schema,
    migrations: await readMigrations(d1, schema),
  };
  yield emit(`${JSON.stringify(header)}\n`);
  for (const name of tables) {
    const tableHash = createSha256();
    let rows = 0;
    let started = false;
    for await (const page of pagesOf(d1, name, schema)) {
      if (!started) {
        yield emit(`${JSON.stringify({ kind: "table", name, columns: page.columns })}\n`);
        started = true;
      }
      if (page.rows === 0) continue;
      const bytes = emit(page.lines);
      tableHash.update(bytes);
      rows += page.rows;
      yield bytes;
    }
    const summary: TableSummary = { name, rows, sha256: tableHash.hex() };
    totals.tables.push(summary);
    totals.rowCount += rows;
    yield emit(`${JSON.stringify({ kind: "table_end", ...summary })}\n`);
    await onProgress?.({
      tablesDone: totals.tables.length,
      tablesTotal: tables.length,
      rows: totals.rowCount,
      bytes: totals.plaintextBytes,
    });
  }
  // Read last, so every id dumped is covered by the sequence restored with it.
  const sequences = await readSequences(d1);
  totals.sha256 = overall.hex();
  const trailer = { kind: "trailer", tables: totals.tables, row_count: totals.rowCount, sequences, sha256: totals.sha256 };
  const bytes = encoder.encode(`${JSON.stringify(trailer)}\n`);
  totals.plaintextBytes += bytes.length;
  yield bytes;
}

async function readSequences(d1: D1Database): Promise<SequenceRow[]> {
  const exists = await d1.prepare("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").first();
  if (!exists) return [];
  const { results } = await d1.prepare("SELECT name, seq FROM sqlite_sequence ORDER BY name").all<SequenceRow>();
  return results.filter((r) => !isInternalTable(r.name));
}
