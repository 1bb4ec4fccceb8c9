import type { TestingAlertsView } from "../../../src/contracts/batch-views";
import { resources, saveNow } from "../app-state";
import { fmtCount } from "../format";

type InventoryAlert = { size: "0_5" | "0_7" | "1_0"; boxes: number; threshold: number; total_papers: number };
type InventoryView = { alerts: InventoryAlert[] };

const INVENTORY = "/api/inventory";
const sizeText = (size: string) => `${size.replace("_", ".")}g`;

/** Orange: paper/cone stock low, one entry per size, each dismissable, plus Dismiss All (pages.md §5). */
export function InventoryAlerts() {
  const { data } = resources.use<InventoryView>(INVENTORY, ["inventory"]);
  const alerts = data?.alerts ?? [];
  if (alerts.length === 0) return null;

  async function dismiss(size: InventoryAlert["size"] | "all") {
    const path = size === "all" ? "/api/dismiss-inventory-alerts" : `/api/dismiss-inventory-alert/${size}`;
    if (await saveNow("POST", path)) {
      resources.patch<InventoryView>(INVENTORY, (v) => ({ ...v, alerts: size === "all" ? [] : v.alerts.filter((a) => a.size !== size) }));
      void resources.refresh(INVENTORY);
    }
  }

  return (
    <section class="banner banner-warn" aria-label="Paper stock alerts">
      <div class="banner-head">
        <strong>Paper / cone stock is low</strong>
        {alerts.length > 1 && (
          <button type="button" class="btn btn-small" onClick={() => void dismiss("all")}>
            Dismiss All
          </button>
        )}
      </div>
      <ul>
        {alerts.map((a) => (
          <li key={a.size}>
            <span>
              {sizeText(a.size)}: {fmtCount(a.boxes)} boxes left (alert below {fmtCount(a.threshold)}), {fmtCount(a.total_papers)} papers
            </span>
            <button
              type="button"
              class="btn btn-small"
              aria-label={`Dismiss ${sizeText(a.size)} alert`}
              onClick={() => void dismiss(a.size)}
            >
              Dismiss
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Red: batches waiting on testing longer than test_alert_hours. */
export function TestingAlerts(props: { alerts: TestingAlertsView["alerts"] }) {
  if (props.alerts.length === 0) return null;
  return (
    <section class="banner banner-bad" aria-label="Testing alerts">
      <strong>Waiting on testing too long</strong>
      <ul>
        {props.alerts.map((a) => (
          <li key={a.batch_id}>
            <a href={`/admin/batch/${encodeURIComponent(a.batch_id)}`}>{a.strain}</a> has waited {Math.round(a.hours_waiting)} hours on
            testing (alert after {Math.round(a.threshold_hours)} hours)
          </li>
        ))}
      </ul>
    </section>
  );
}
