import { BackupFormatError, type BackupHeader, FORMAT_VERSION } from "../domain/backup-format";
import type { Cell, HeaderRecord, TableSummary, TrailerRecord } from "../domain/backup-records";
import { createSha256, type Sha256 } from "./backup-hash";
import type { BackupVisitor } from "./backup-visitor";

const NEWLINE = new Uint8Array([0x0a]);
/** Far above any D1 row (2 MB) even fully escaped; a longer line means a damaged file. */
const MAX_LINE_BYTES = 32 * 1024 * 1024;
const BATCH_ROWS = 2000;
const BATCH_BYTES = 512 * 1024;

const corrupt = (what: string) => new BackupFormatError(`Backup content is invalid: ${what}`);

function isCell(value: unknown): value is Cell {
  if (value === null || typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.$blob === "string") return /^(?:[0-9a-f]{2})*$/.test(v.$blob);
  return v.$real === "Infinity" || v.$real === "-Infinity" || v.$real === "NaN";
}

type Current = { name: string; columns: string[]; rows: number; hash: Sha256; lines: string[]; cells: Cell[][]; batchBytes: number };

/**
 * Checks the decompressed NDJSON line by line (see domain/backup-records.ts) and feeds the visitor.
 * Hashes are over the exact bytes written, so any change to any line is caught.
 */
export function createPlaintextChecker(file: BackupHeader, visitor: BackupVisitor) {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const overall = createSha256();
  const done: TableSummary[] = [];
  let manifest: HeaderRecord | null = null;
  let trailer: TrailerRecord | null = null;
  let current: Current | null = null;
  let carry: Uint8Array[] = [];
  let carryBytes = 0;
  let plaintextBytes = 0;

  const parse = (bytes: Uint8Array): unknown => {
    try {
      return JSON.parse(decoder.decode(bytes));
    } catch {
      throw corrupt("a line is not valid JSON");
    }
  };

  const flushRows = async () => {
    if (!current || current.lines.length === 0) return;
    const batch = { table: current.name, columns: current.columns, lines: current.lines, rows: current.cells };
    current.lines = [];
    current.cells = [];
    current.batchBytes = 0;
    await visitor.onRows?.(batch);
  };

  const onRow = async (bytes: Uint8Array) => {
    if (!current) throw corrupt("a row appears outside any table");
    const text = decoder.decode(bytes);
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch {
      throw corrupt(`a row of ${current.name} is not valid JSON`);
    }
    if (!Array.isArray(row) || row.length !== current.columns.length || !row.every(isCell))
      throw corrupt(`a row of ${current.name} does not match its columns`);
    current.hash.update(bytes);
    current.hash.update(NEWLINE);
    current.rows++;
    current.lines.push(text);
    current.cells.push(row);
    current.batchBytes += bytes.length;
    if (current.lines.length >= BATCH_ROWS || current.batchBytes >= BATCH_BYTES) await flushRows();
  };

  const onRecord = async (bytes: Uint8Array) => {
    const parsed = parse(bytes);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw corrupt("a line is neither a row nor a record");
    const record = parsed as { kind?: unknown } & Record<string, unknown>;
    if (trailer) throw corrupt("there is data after the trailer");
    if (!manifest) {
      if (
        record.kind !== "header" ||
        record.format !== FORMAT_VERSION ||
        record.backup_id !== file.backup_id ||
        !Array.isArray(record.tables)
      ) {
        throw corrupt("the manifest does not match the file header");
      }
      manifest = record as unknown as HeaderRecord;
      await visitor.onHeader?.(manifest, file);
      return;
    }
    if (record.kind === "table") {
      const expected = manifest.tables[done.length];
      const columns = record.columns;
      if (current || expected === undefined || record.name !== expected) throw corrupt(`table ${String(record.name)} is out of place`);
      if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c): c is string => typeof c === "string")) {
        throw corrupt(`table ${expected} has no valid column list`);
      }
      current = { name: expected, columns, rows: 0, hash: createSha256(), lines: [], cells: [], batchBytes: 0 };
      await visitor.onTable?.({ kind: "table", name: expected, columns });
      return;
    }
    if (record.kind === "table_end") {
      if (!current || record.name !== current.name) throw corrupt("a table ends that never started");
      await flushRows();
      const summary = { name: current.name, rows: current.rows, sha256: current.hash.hex() };
      if (record.rows !== summary.rows)
        throw corrupt(`table ${summary.name} should have ${String(record.rows)} rows but has ${summary.rows}`);
      if (record.sha256 !== summary.sha256) throw corrupt(`table ${summary.name} does not match its SHA-256`);
      done.push(summary);
      current = null;
      await visitor.onTableEnd?.({ kind: "table_end", ...summary });
      return;
    }
    if (record.kind === "trailer") {
      if (current || done.length !== manifest.tables.length) throw corrupt("the trailer comes before every table");
      const t = record as unknown as TrailerRecord;
      const total = done.reduce((n, s) => n + s.rows, 0);
      if (JSON.stringify(t.tables) !== JSON.stringify(done) || t.row_count !== total || !Array.isArray(t.sequences))
        throw corrupt("the trailer does not match the tables");
      if (t.sha256 !== overall.hex()) throw corrupt("the SHA-256 of the plaintext does not match");
      trailer = t;
      return;
    }
    throw corrupt("a line has an unknown kind");
  };

  const onLine = async (bytes: Uint8Array) => {
    const isRow = bytes[0] === 0x5b;
    // Everything before the trailer is covered by the overall hash; the trailer carries it.
    const isTrailer = !isRow && bytes.length > 0 && manifest !== null && current === null && done.length === manifest.tables.length;
    if (!isTrailer) {
      overall.update(bytes);
      overall.update(NEWLINE);
    }
    if (isRow) await onRow(bytes);
    else await onRecord(bytes);
  };

  return {
    async push(piece: Uint8Array) {
      plaintextBytes += piece.length;
      let start = 0;
      for (;;) {
        const nl = piece.indexOf(0x0a, start);
        if (nl < 0) break;
        let line = piece.subarray(start, nl);
        if (carryBytes) {
          const joined = new Uint8Array(carryBytes + line.length);
          let at = 0;
          for (const part of carry) {
            joined.set(part, at);
            at += part.length;
          }
          joined.set(line, at);
          line = joined;
          carry = [];
          carryBytes = 0;
        }
        await onLine(line);
        start = nl + 1;
      }
      if (start < piece.length) {
        carry.push(piece.slice(start));
        carryBytes += piece.length - start;
        if (carryBytes > MAX_LINE_BYTES) throw corrupt("a line is too long");
      }
    },
    async finish() {
      if (carryBytes) throw corrupt("the last line is incomplete");
      if (!manifest || !trailer) throw new BackupFormatError("Backup is incomplete: it ends before its trailer");
      return { manifest: manifest as HeaderRecord, trailer: trailer as TrailerRecord, plaintextBytes };
    },
  };
}
