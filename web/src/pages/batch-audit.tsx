import type { AuditRowView } from "../../../src/contracts/batch-views";
import { resources } from "../app-state";
import { fmtDateTime } from "../format";

/** The batch's own audit trail (pages.md §7 [PROPOSED]), newest first. */
export function BatchAudit(props: { batchId: string }) {
  const { data, error } = resources.use<{ audit: AuditRowView[] }>(`/api/batch/${encodeURIComponent(props.batchId)}/audit`, ["batches"]);
  const rows = [...(data?.audit ?? [])].sort((a, b) => b.ts.localeCompare(a.ts)).slice(0, 200);
  return (
    <section class="panel" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit</h2>
      {error && <p class="note note-warn">{error}</p>}
      {rows.length === 0 ? (
        <p class="muted">No changes recorded yet.</p>
      ) : (
        <div class="table-wrap">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Field</th>
                <th scope="col">Old</th>
                <th scope="col">New</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>{fmtDateTime(r.ts)}</td>
                  <td>{r.field}</td>
                  <td>{r.old ?? "—"}</td>
                  <td>{r.new ?? "—"}</td>
                  <td>{r.actor}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
