import Papa from "papaparse";

/**
 * The one CSV writer and the one CSV reader of the app. Every export goes
 * through `toCsv`, every upload through `parseCsv`, so the formula guard and the quoting rules
 * (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks) are the same everywhere.
 */

export type CsvCell = string | number | boolean | null;
type CsvRecord = { line: number; fields: string[] };
type CsvParsed = { ok: true; records: CsvRecord[] } | { ok: false; reason: string };

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula gets a leading apostrophe, which spreadsheets show
 * as text and do not evaluate. Numbers are written as they are: a number is never a formula.
 */
export function guardCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `guardCell`, so a file this app exported can be uploaded again unchanged. */
export function unguardCell(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function cellText(value: CsvCell): string {
  if (value === null) return "";
  const text = typeof value === "string" ? guardCell(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with CRLF line ends, a header row first, every text cell formula-guarded. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return `${[header, ...rows].map((row) => row.map(cellText).join(",")).join("\r\n")}\r\n`;
}

/**
 * Parses RFC 4180 text (papaparse) into records with the line each starts on. A byte-order mark
 * is dropped, CRLF, LF and CR line ends may mix, blank lines are skipped, cells keep their
 * spaces. An unclosed quote or text after a closing quote is refused, naming its line.
 * `maxRecords` stops reading early: the answer then holds one record more than the limit.
 */
export function parseCsv(text: string, options: { maxRecords?: number } = {}): CsvParsed {
  // One line-end form, so papaparse never has to guess it (quoted line breaks become LF too).
  const src = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n?/g, "\n");
  const records: CsvRecord[] = [];
  let failure: string | null = null;
  let lineOfOffset = { offset: 0, line: 1 };
  const lineAt = (offset: number) => {
    let { line } = lineOfOffset;
    for (let i = lineOfOffset.offset; i < offset; i++) if (src.charCodeAt(i) === 10) line++;
    lineOfOffset = { offset, line };
    return line;
  };
  let nextStart = 0;
  Papa.parse<string[]>(src, {
    delimiter: ",",
    newline: "\n",
    quoteChar: '"',
    skipEmptyLines: true,
    step: (result, parser) => {
      let start = nextStart;
      while (src.charCodeAt(start) === 10) start++;
      nextStart = result.meta.cursor;
      const line = lineAt(start);
      const error = result.errors[0];
      if (error) {
        failure =
          error.code === "MissingQuotes" ? `line ${line}: a quoted field is never closed` : `line ${line}: ${quoteProblem(error.code)}`;
        parser.abort();
        return;
      }
      records.push({ line, fields: result.data });
      if (options.maxRecords !== undefined && records.length > options.maxRecords) parser.abort();
    },
  });
  return failure === null ? { ok: true, records } : { ok: false, reason: failure };
}

function quoteProblem(code: string): string {
  return code === "InvalidQuotes" ? "unexpected text after a closing quote" : "the row cannot be read as CSV";
}
