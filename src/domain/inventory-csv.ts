/**
 * Bulk paper-stock upload (pages.md §15): `size,boxes,individual_papers[,low_threshold]`, with or
 * without a header row. Either every row is valid or the whole file is refused, naming the row
 * (its line in the file) and the column.
 */
import { normalizeSize, type Size } from "./batch-sizes";
import { parseCsv, unguardCell } from "./csv";
import { MAX_BOXES, MAX_PAPERS } from "./paper-inventory";

export type CsvStockRow = { size: Size; boxes: number; individual_papers: number; low_threshold: number | null };
type CsvVerdict = { ok: true; rows: CsvStockRow[] } | { ok: false; reason: string };

const MAX_CSV_LINES = 100;
const COLUMNS = ["size", "boxes", "individual_papers", "low_threshold"] as const;
type Column = (typeof COLUMNS)[number];
const HEADER_ALIASES: Record<string, Column> = {
  size: "size",
  boxes: "boxes",
  box_count: "boxes",
  individual_papers: "individual_papers",
  papers: "individual_papers",
  loose_papers: "individual_papers",
  low_threshold: "low_threshold",
  threshold: "low_threshold",
};

const headerName = (cell: string): Column | undefined => HEADER_ALIASES[cell.toLowerCase().replace(/\s+/g, "_")];

const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

function wholeNumber(value: string, max: number): number | null {
  if (!/^\d{1,12}$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

function headerOf(cells: string[], line: number): { ok: true; columns: Column[] } | { ok: false; reason: string } {
  const columns: Column[] = [];
  for (const cell of cells) {
    const column = headerName(cell);
    if (!column) return { ok: false, reason: `Row ${line}: unknown column ${shown(cell)}` };
    if (columns.includes(column)) return { ok: false, reason: `Row ${line}: column ${column} appears twice` };
    columns.push(column);
  }
  for (const required of ["size", "boxes", "individual_papers"] as const) {
    if (!columns.includes(required)) return { ok: false, reason: `Row ${line}: missing column ${required}` };
  }
  return { ok: true, columns };
}

function rowOf(cells: string[], columns: Column[], line: number): { ok: true; row: CsvStockRow } | { ok: false; reason: string } {
  if (cells.length > columns.length || cells.length < 3) {
    return { ok: false, reason: `Row ${line}: expected ${columns.length} columns, got ${cells.length}` };
  }
  const value = (column: Column) => cells[columns.indexOf(column)] ?? "";
  const size = normalizeSize(value("size"));
  if (!size) return { ok: false, reason: `Row ${line}, column size: ${shown(value("size"))} is not a paper size (0_5, 0_7 or 1_0)` };
  const boxes = wholeNumber(value("boxes"), MAX_BOXES);
  if (boxes === null)
    return { ok: false, reason: `Row ${line}, column boxes: expected a whole number from 0 to ${MAX_BOXES}, got ${shown(value("boxes"))}` };
  const papers = wholeNumber(value("individual_papers"), MAX_PAPERS);
  if (papers === null) {
    return {
      ok: false,
      reason: `Row ${line}, column individual_papers: expected a whole number from 0 to ${MAX_PAPERS}, got ${shown(value("individual_papers"))}`,
    };
  }
  let threshold: number | null = null;
  if (columns.includes("low_threshold") && value("low_threshold") !== "") {
    threshold = wholeNumber(value("low_threshold"), MAX_BOXES);
    if (threshold === null) {
      return {
        ok: false,
        reason: `Row ${line}, column low_threshold: expected a whole number from 0 to ${MAX_BOXES}, got ${shown(value("low_threshold"))}`,
      };
    }
  }
  return { ok: true, row: { size, boxes, individual_papers: papers, low_threshold: threshold } };
}

export function parseInventoryCsv(text: string): CsvVerdict {
  const csv = parseCsv(text, { maxRecords: MAX_CSV_LINES });
  if (!csv.ok) return { ok: false, reason: `The CSV cannot be read: ${csv.reason}` };
  if (csv.records.length > MAX_CSV_LINES) return { ok: false, reason: `The CSV has more than ${MAX_CSV_LINES} lines` };
  let columns: Column[] | null = null;
  const rows: CsvStockRow[] = [];
  for (const record of csv.records) {
    const line = record.line;
    const cells = record.fields.map((cell) => unguardCell(cell.trim()));
    if (cells.every((cell) => cell === "")) continue;
    if (columns === null) {
      const hasHeader = cells.some((cell) => headerName(cell) !== undefined);
      const header = hasHeader ? headerOf(cells, line) : { ok: true as const, columns: [...COLUMNS] };
      if (!header.ok) return header;
      columns = header.columns;
      if (hasHeader) continue;
    }
    const parsed = rowOf(cells, columns, line);
    if (!parsed.ok) return parsed;
    if (rows.some((r) => r.size === parsed.row.size))
      return { ok: false, reason: `Row ${line}, column size: ${parsed.row.size} appears more than once` };
    rows.push(parsed.row);
  }
  if (rows.length === 0) return { ok: false, reason: "The CSV has no inventory rows" };
  return { ok: true, rows };
}
