import { useSignal } from "@preact/signals";
import { parseCsv } from "../../../../src/domain/csv";
import { api, resources } from "../../app-state";
import { NetworkError } from "../../data/api";
import { toast } from "../../data/toasts";
import { INVENTORY_PATH, rowOfError } from "./model";

type PreviewRow = { line: number; cells: string[] };
const MAX_BYTES = 64 * 1024;

/**
 * Bulk upload (pages.md §15): the file is previewed row by row before anything is sent; the server
 * applies every row or none, and its "Row N, column X" refusal is shown beside that row.
 */
export function CsvUpload() {
  const name = useSignal("");
  const text = useSignal<string | null>(null);
  const rows = useSignal<PreviewRow[]>([]);
  const error = useSignal<{ message: string; line: number | null } | null>(null);
  const busy = useSignal(false);

  async function pick(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    error.value = null;
    text.value = null;
    rows.value = [];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      error.value = { message: "The CSV is larger than 64 KB", line: null };
      return;
    }
    const content = await file.text();
    name.value = file.name;
    text.value = content;
    // The server's own reader, so the preview's row numbers are the ones its errors name.
    const parsed = parseCsv(content, { maxRecords: 100 });
    if (!parsed.ok) {
      error.value = { message: `The CSV cannot be read: ${parsed.reason}`, line: null };
      return;
    }
    rows.value = parsed.records.map((r) => ({ line: r.line, cells: r.fields.map((f) => f.trim()) }));
  }

  async function upload() {
    if (text.value === null) return;
    busy.value = true;
    error.value = null;
    try {
      const res = await api.raw("/api/inventory/upload", { method: "POST", headers: { "Content-Type": "text/csv" }, body: text.value });
      if (!res.ok) throw await api.errorOf(res);
      const answer = (await res.json()) as { message: string };
      toast(answer.message, "success");
      text.value = null;
      rows.value = [];
      await resources.refresh(INVENTORY_PATH);
    } catch (err) {
      const message = err instanceof NetworkError ? "No connection: nothing was uploaded." : (err as Error).message;
      error.value = { message, line: rowOfError(message) };
    } finally {
      busy.value = false;
    }
  }

  const width = Math.max(4, ...rows.value.map((r) => r.cells.length));
  return (
    <section class="panel" aria-labelledby="inv-upload-title">
      <h2 id="inv-upload-title">Bulk Upload (CSV)</h2>
      <p class="muted">
        Columns <code>size, boxes, individual_papers</code> and optionally <code>low_threshold</code>, with or without a header row. Every
        row is applied, or none.
      </p>
      <label class="field">
        <span>CSV file</span>
        <input type="file" accept=".csv,text/csv,text/plain" onChange={pick} />
      </label>
      {error.value && (
        <p class="field-error" role="alert">
          Nothing was changed. {error.value.message}
        </p>
      )}
      {rows.value.length > 0 && (
        <>
          <div class="table-wrap inv-preview">
            <table class="data-table">
              <caption>Preview of {name.value}</caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  {Array.from({ length: width }, (_, i) => (
                    <th key={i} scope="col">
                      Column {i + 1}
                    </th>
                  ))}
                  <th scope="col">Check</th>
                </tr>
              </thead>
              <tbody>
                {rows.value.map((r) => {
                  const bad = error.value?.line === r.line;
                  return (
                    <tr key={r.line} class={bad ? "inv-bad-row" : undefined}>
                      <th scope="row">{r.line}</th>
                      {Array.from({ length: width }, (_, i) => (
                        <td key={i}>{r.cells[i] ?? ""}</td>
                      ))}
                      <td>{bad ? <span class="inv-row-error">{error.value?.message}</span> : ""}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div class="row end">
            <button
              type="button"
              class="btn"
              onClick={() => {
                text.value = null;
                rows.value = [];
                error.value = null;
              }}
            >
              Clear
            </button>
            <button type="button" class="btn btn-primary" disabled={busy.value} onClick={upload}>
              Upload {rows.value.length} Row{rows.value.length === 1 ? "" : "s"}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
