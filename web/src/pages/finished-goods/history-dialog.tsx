import { resources } from "../../app-state";
import { CsvButton } from "../../components/csv-download";
import { Dialog } from "../../components/dialog";
import { DataNote } from "../../components/page";
import { fmtDateTime } from "../../format";
import { fmtGrams, type PackageHistory, type Pkg, pkgPath, TOPICS } from "./model";

const TYPE_LABELS: Record<string, string> = {
  created: "Created",
  deducted: "Deducted",
  added: "Added",
  physical_override: "Physical override",
  ordered: "Ordered",
  packed: "Packed",
  synced: "Synced",
  fulfilled: "Order completed",
  archived: "Archived",
  restored: "Restored",
  orphaned: "Marked orphan",
  edited: "Edited",
  sku_settings: "Apex settings",
  apex_units: "Apex units",
};
const typeLabel = (t: string) => TYPE_LABELS[t] ?? t.replace(/_/g, " ");

/** History: the package's timeline, newest first, manual vs API; live while open. */
export function HistoryDialog(props: { pkg: Pkg; onClose: () => void }) {
  const path = pkgPath(props.pkg.metrc_number, "/history");
  const history = resources.use<PackageHistory>(path, TOPICS);
  const items = history.data?.history ?? [];
  return (
    <Dialog title={`History · ${props.pkg.strain}`} onClose={props.onClose} wide>
      <p class="muted fg-mono">{props.pkg.metrc_number}</p>
      <DataNote loading={history.loading} error={history.error} fromCache={history.fromCache} hasData={history.data !== undefined} />
      {items.length > 0 && (
        <div class="row end">
          <CsvButton
            name={`history-${props.pkg.metrc_number}`}
            header={["timestamp", "change_type", "grams_changed", "current_grams", "source", "reason", "status"]}
            rows={() => items.map((h) => [h.timestamp, h.change_type, h.grams_changed, h.current_grams, h.source, h.reason, h.status])}
          />
        </div>
      )}
      <ol class="fg-timeline" aria-label="Changes, newest first">
        {items.map((h, i) => (
          <li key={`${h.timestamp}-${i}`}>
            <div class="fg-timeline-head">
              <strong>{typeLabel(h.change_type)}</strong>
              {h.grams_changed !== null && (
                <span class={h.grams_changed < 0 ? "fg-neg" : "fg-pos"}>
                  {h.grams_changed > 0 ? "+" : ""}
                  {fmtGrams(h.grams_changed)}
                </span>
              )}
              <span class="chip-static">{h.source === "api" ? "API" : "Manual"}</span>
            </div>
            <div class="muted">
              <time dateTime={h.timestamp}>{fmtDateTime(h.timestamp)}</time> · balance {fmtGrams(h.current_grams)}
              {h.reason ? ` · ${h.reason}` : ""}
            </div>
          </li>
        ))}
      </ol>
      {history.data && items.length === 0 && <p class="empty">No changes recorded yet.</p>}
    </Dialog>
  );
}
