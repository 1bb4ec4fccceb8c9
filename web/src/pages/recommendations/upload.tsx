import { useState } from "preact/hooks";
import { api } from "../../app-state";
import { toast } from "../../data/toasts";
import type { UploadAnswer } from "./model";

/** Several store CSVs at once become one snapshot; the answer says what was found. */
export function UploadPanel(props: { onUploaded: (answer: UploadAnswer) => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<UploadAnswer | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (files.length === 0) return setError("Choose one or more CSV files first");
    const form = new FormData();
    for (const f of files) form.append("files[]", f, f.name);
    setBusy(true);
    setError(null);
    try {
      const res = await api.raw("/api/recommendations/upload", { method: "POST", body: form });
      if (!res.ok) throw await api.errorOf(res);
      const answer = (await res.json()) as UploadAnswer;
      setResult(answer);
      toast("Snapshot saved", "success");
      props.onUploaded(answer);
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  }

  return (
    <form class="panel form" onSubmit={submit} aria-labelledby="up-title">
      <h2 id="up-title">Upload Store CSVs</h2>
      <p class="muted">Columns: Store, Product, On Hand, Units Sold, Period Days (one file per store, or the store in a column).</p>
      <label class="field">
        <span>CSV files</span>
        <input type="file" accept=".csv,text/csv" multiple onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])} />
      </label>
      {files.length > 0 && <p class="muted">{files.map((f) => f.name).join(", ")}</p>}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p role="status" class="note">
          Found {result.strain_count} strains in {result.store_count} stores from {result.files_processed.join(", ")}.
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={busy}>
          {busy ? "Uploading…" : "Upload"}
        </button>
      </div>
    </form>
  );
}
