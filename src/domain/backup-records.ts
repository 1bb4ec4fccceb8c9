/**
 * The plaintext inside a backup: NDJSON. Objects are records, arrays are rows of the current table.
 *
 *   {"kind":"header", ...}                       schema, migrations and table list
 *   {"kind":"table","name":"batches","columns":[...]}
 *   [cell, cell, ...]                            one line per row, in rowid order
 *   {"kind":"table_end","name":"batches","rows":12,"sha256":"…"}   hash of that table's row lines
 *   {"kind":"trailer", ...}                      totals, sequences, SHA-256 of every line before it
 */
export type SchemaEntry = { type: string; name: string; tbl_name: string; sql: string };
export type MigrationRow = { id: number; name: string; applied_at: string };
export type TableSummary = { name: string; rows: number; sha256: string };
export type SequenceRow = { name: string; seq: number };

export type HeaderRecord = {
  kind: "header";
  format: number;
  backup_id: string;
  created_at: string;
  tables: string[];
  schema: SchemaEntry[];
  migrations: MigrationRow[];
};
export type TableRecord = { kind: "table"; name: string; columns: string[] };
export type TableEndRecord = { kind: "table_end"; name: string; rows: number; sha256: string };
export type TrailerRecord = {
  kind: "trailer";
  tables: TableSummary[];
  row_count: number;
  sequences: SequenceRow[];
  /** SHA-256 of every plaintext byte before the trailer line. */
  sha256: string;
};
/** SQL values JSON cannot carry as they are. Rows holding one are rare and restored one by one. */
type SpecialCell = { $blob: string } | { $real: "Infinity" | "-Infinity" | "NaN" };

export type Cell = string | number | null | SpecialCell;

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Encodes one value read from D1 into a JSON-safe cell. */
export function encodeCell(value: unknown): Cell {
  if (value === null || typeof value === "string") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    return { $real: Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity" };
  }
  if (typeof value === "bigint") return Number(value);
  if (value instanceof ArrayBuffer) return { $blob: toHex(new Uint8Array(value)) };
  if (ArrayBuffer.isView(value)) return { $blob: toHex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  // D1 has returned BLOBs as plain arrays of bytes in some versions.
  if (Array.isArray(value)) return { $blob: toHex(Uint8Array.from(value as number[])) };
  throw new TypeError(`unsupported SQL value of type ${typeof value}`);
}

export function isSpecialCell(cell: unknown): cell is SpecialCell {
  return typeof cell === "object" && cell !== null;
}

/** Back to a value D1 can bind. */
export function decodeCell(cell: Cell): string | number | null | ArrayBuffer {
  if (!isSpecialCell(cell)) return cell;
  if ("$blob" in cell) return fromHex(cell.$blob).buffer as ArrayBuffer;
  return cell.$real === "NaN" ? Number.NaN : cell.$real === "Infinity" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

/** Serialises one row; `special` tells the caller a cell needed an encoded form. */
export function encodeRow(values: readonly unknown[]): { line: string; special: boolean } {
  let special = false;
  const cells = values.map((v) => {
    if (v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) return v;
    special = true;
    return encodeCell(v);
  });
  return { line: JSON.stringify(cells), special };
}

/** Internal tables are never backed up: D1's own, SQLite's, the migrations ledger and restore staging. */
export const STAGING_PREFIX = "_restore_";
export function isInternalTable(name: string): boolean {
  return name.startsWith("_cf_") || name.startsWith("sqlite_") || name === "d1_migrations" || name.startsWith(STAGING_PREFIX);
}

/** Double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
