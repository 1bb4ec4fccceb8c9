import { useEffect, useState } from "preact/hooks";
import { api, resources } from "../app-state";
import { Page } from "../components/page";
import { CsvButton } from "../csv";
import { isPhone } from "../data/media";
import { fmtDateTime } from "../format";
import "../styles/managers.css";

type AuditRow = {
  id: number;
  batch: string;
  strain: string;
  ts: string;
  field: string;
  old: string | null;
  new: string | null;
  actor: string;
};
type BatchRef = { id: string; strain: string };

const PAGE = 100;
/** The fields the floor changes most, offered before any row is loaded. */
const COMMON_FIELDS = ["counts_0_5", "counts_0_7", "counts_1_0", "stage"];

function query(batch: string, field: string, after: AuditRow | null): string {
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (batch) q.set("batch", batch);
  if (field) q.set("field", field);
  if (after) {
    q.set("before", after.ts);
    q.set("before_id", String(after.id));
  }
  return `/api/audit?${q}`;
}

/** Audit trail (pages.md §12): newest first, 100 rows a page, filtered by batch and field on the server. */
export default function Screen() {
  const [batch, setBatch] = useState("");
  const [field, setField] = useState("");
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const active = resources.use<BatchRef[]>("/api/data", ["batches"]);
  const archived = resources.use<BatchRef[]>("/api/archive", ["batches"]);
  const batches = [...(active.data ?? []), ...(archived.data ?? [])].sort((a, b) => a.strain.localeCompare(b.strain));
  const fields = [...new Set([...COMMON_FIELDS, ...rows.map((r) => r.field), ...(field ? [field] : [])])].sort();

  async function load(after: AuditRow | null) {
    setLoading(true);
    try {
      const page = await api.get<AuditRow[]>(query(batch, field, after));
      setRows((old) => (after ? [...old, ...page] : page));
      setMore(page.length === PAGE);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
    setLoading(false);
  }
  useEffect(() => {
    void load(null);
  }, [batch, field]);

  const csv = (
    <CsvButton
      name="audit"
      header={["when", "batch", "strain", "field", "old", "new", "by"]}
      rows={() => rows.map((r) => [r.ts, r.batch, r.strain, r.field, r.old, r.new, r.actor])}
    />
  );

  return (
    <Page title="Audit" actions={rows.length > 0 ? csv : undefined}>
      <search class="filters" aria-label="Filter the audit log">
        <label class="field">
          <span>Batch</span>
          <select value={batch} onChange={(e) => setBatch(e.currentTarget.value)}>
            <option value="">All batches</option>
            {batches.map((b) => (
              <option key={b.id} value={b.id}>
                {batches.filter((o) => o.strain === b.strain).length > 1 ? `${b.strain} (${b.id})` : b.strain}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Field</span>
          <select value={field} onChange={(e) => setField(e.currentTarget.value)}>
            <option value="">All fields</option>
            {fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </search>
      {error && <p class="note note-bad">{error}</p>}
      {!loading && !error && rows.length === 0 && <p class="empty">No changes recorded{batch || field ? " for this filter" : ""}.</p>}
      {rows.length > 0 &&
        (isPhone.value ? (
          <ul class="audit-cards">
            {rows.map((r) => (
              <li key={r.id} class="card">
                <div class="muted">{fmtDateTime(r.ts)}</div>
                <div class="strong">{r.strain}</div>
                <div>
                  <code>{r.field}</code>: {r.old ?? "—"} → {r.new ?? "—"}
                </div>
                <div class="muted">by {r.actor}</div>
              </li>
            ))}
          </ul>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable)
          <div class="table-wrap" tabIndex={0}>
            <table class="data-table">
              <caption class="sr-only">Changes, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Batch</th>
                  <th scope="col">Field</th>
                  <th scope="col">Old value</th>
                  <th scope="col">New value</th>
                  <th scope="col">By</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{fmtDateTime(r.ts)}</td>
                    <td>{r.strain}</td>
                    <td>
                      <code>{r.field}</code>
                    </td>
                    <td>{r.old ?? "—"}</td>
                    <td>{r.new ?? "—"}</td>
                    <td>{r.actor}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <p class="muted" aria-live="polite">
        {loading ? "Loading…" : `${rows.length} change${rows.length === 1 ? "" : "s"} shown`}
      </p>
      {more && (
        <button type="button" class="btn" disabled={loading} onClick={() => load(rows.at(-1) ?? null)}>
          Load more
        </button>
      )}
    </Page>
  );
}
