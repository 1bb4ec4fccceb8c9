/**
 * Client-side CSV export for the data tables of the managers' pages, through the app's one CSV
 * writer (src/domain/csv.ts): text cells a spreadsheet would run as a formula (= + - @) get a
 * leading apostrophe; numbers are written as numbers.
 */
import { type CsvCell, toCsv } from "../../../src/domain/csv";

export type CsvValue = CsvCell | undefined;

export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return toCsv(
    header,
    rows.map((row) => row.map((v) => v ?? null)),
  );
}

export function downloadCsv(filename: string, header: readonly string[], rows: readonly (readonly CsvValue[])[]): void {
  const blob = new Blob([csvText(header, rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** `name-2026-12-03.csv` */
export function datedName(name: string): string {
  return `${name}-${new Date().toISOString().slice(0, 10)}.csv`;
}

/** A button that builds the rows only when pressed (the table may hold hundreds). */
export function CsvButton(props: {
  name: string;
  header: readonly string[];
  rows: () => readonly (readonly CsvValue[])[];
  label?: string;
}) {
  return (
    <button type="button" class="btn btn-small" onClick={() => downloadCsv(datedName(props.name), props.header, props.rows())}>
      {props.label ?? "Export CSV"}
    </button>
  );
}
