import { useState } from "preact/hooks";
import { api } from "../../app-state";
import { CsvButton } from "../../csv";
import { toast } from "../../data/toasts";
import { fmtDateTime } from "../../format";
import { fmtDays, type HistoryItem, type Snapshot, type SnapshotRow, UrgencyBadge } from "./model";

/** Server export of a snapshot (its re-uploadable CSV layout), saved as a file. */
async function exportSnapshot(timestamp: string) {
  try {
    const { csv, filename } = await api.write<{ csv: string; filename: string }>("POST", "/api/snapshots/export-csv", { timestamp });
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (e) {
    toast((e as Error).message, "error");
  }
}

const HEADER = ["Strain", "Total inventory", "Avg sold per day", "Days until stockout", "Urgency", "Priority score"];

function RowsTable(props: { rows: readonly SnapshotRow[]; caption: string }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable)
    <div class="table-wrap" tabIndex={0}>
      <table class="data-table">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {HEADER.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.strain}>
              <td>{r.strain}</td>
              <td class="num">{r.total_inventory}</td>
              <td class="num">{r.avg_sold_per_day}</td>
              <td class="num">{fmtDays(r.days_until_stockout)}</td>
              <td>
                <UrgencyBadge urgency={r.urgency} />
              </td>
              <td class="num">{r.priority_score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The latest snapshot: strains by priority with urgency badges, or one store's rows. */
export function LatestPanel(props: { snapshot: Snapshot }) {
  const [store, setStore] = useState("");
  const snap = props.snapshot;
  if (!snap.timestamp)
    return (
      <section class="panel section-gap" aria-labelledby="latest-title">
        <h2 id="latest-title">Latest Snapshot</h2>
        <p class="empty">No snapshot yet: upload the stores' CSV files above.</p>
      </section>
    );
  const rows = (store ? snap.data.by_store.filter((r) => r.store === store) : snap.data.combined)
    .slice()
    .sort((a, b) => b.priority_score - a.priority_score || a.strain.localeCompare(b.strain));
  const timestamp = snap.timestamp;
  return (
    <section class="panel section-gap" aria-labelledby="latest-title">
      <h2 id="latest-title">Latest Snapshot</h2>
      <p class="muted">
        {fmtDateTime(timestamp)} · files: {snap.files_processed.join(", ")} · stores: {snap.data.stores.join(", ") || "—"}
      </p>
      <div class="filters">
        <label class="field">
          <span>Store</span>
          <select value={store} onChange={(e) => setStore(e.currentTarget.value)}>
            <option value="">All stores (combined)</option>
            {snap.data.stores.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <CsvButton
          name={store ? `recommendations-${store}` : "recommendations"}
          header={HEADER}
          rows={() =>
            rows.map((r) => [r.strain, r.total_inventory, r.avg_sold_per_day, r.days_until_stockout, r.urgency, r.priority_score])
          }
        />
        <button type="button" class="btn btn-small" onClick={() => exportSnapshot(timestamp)}>
          Export snapshot
        </button>
      </div>
      {rows.length === 0 ? <p class="empty">No rows.</p> : <RowsTable rows={rows} caption="Latest snapshot by priority" />}
    </section>
  );
}

export function HistoryPanel(props: { history: readonly HistoryItem[] }) {
  return (
    <section class="panel section-gap" aria-labelledby="hist-title">
      <h2 id="hist-title">Snapshot History</h2>
      {props.history.length === 0 ? (
        <p class="empty">No snapshots yet.</p>
      ) : (
        <>
          <CsvButton
            name="snapshot-history"
            header={["Timestamp", "Files", "Strains", "Stores"]}
            rows={() => props.history.map((h) => [h.timestamp, h.files_processed.join("; "), h.strain_count, h.store_count])}
          />
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable) */}
          <div class="table-wrap" tabIndex={0}>
            <table class="data-table">
              <caption class="sr-only">Snapshots, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Taken</th>
                  <th scope="col">Files</th>
                  <th scope="col">Strains</th>
                  <th scope="col">Stores</th>
                  <th scope="col">Export</th>
                </tr>
              </thead>
              <tbody>
                {props.history.map((h) => (
                  <tr key={h.timestamp}>
                    <td>{fmtDateTime(h.timestamp)}</td>
                    <td>{h.files_processed.join(", ")}</td>
                    <td class="num">{h.strain_count}</td>
                    <td class="num">{h.store_count}</td>
                    <td>
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => exportSnapshot(h.timestamp)}
                        aria-label={`Export snapshot of ${fmtDateTime(h.timestamp)}`}
                      >
                        CSV
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
