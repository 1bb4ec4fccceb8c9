/**
 * The managers' pages' CSV export in one place. Cells starting with = + - @ get a leading
 * apostrophe so a spreadsheet shows them as text instead of running them (the writer is the
 * server's src/domain/csv.ts, shared through components/csv-download.tsx).
 */
export { CsvButton, type CsvValue, csvText, datedName, downloadCsv } from "./components/csv-download";
