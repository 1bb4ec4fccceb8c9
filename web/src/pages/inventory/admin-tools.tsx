import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { resources, saveNow } from "../../app-state";
import { fmtCount, sizeLabel } from "../../format";
import { INVENTORY_PATH, type InventoryReport, SIZE_KEYS, type SizeKey } from "./model";

type Values = Record<SizeKey, { threshold: string; perBox: string }>;
const valuesOf = (r: InventoryReport): Values =>
  Object.fromEntries(
    SIZE_KEYS.map((s) => [s, { threshold: String(r.inventory.alert_thresholds[s]), perBox: String(r.inventory.papers_per_box[s]) }]),
  ) as Values;

/** Low-stock thresholds (boxes) and papers per box, all sizes in one save. */
export function SettingsForm(props: { report: InventoryReport }) {
  const values = useSignal<Values>(valuesOf(props.report));
  const dirty = useSignal(false);
  const busy = useSignal(false);
  const server = JSON.stringify(valuesOf(props.report));
  // Fresh server values replace the form only while the user has not started editing it.
  useEffect(() => {
    if (!dirty.value) values.value = JSON.parse(server) as Values;
  }, [server]);

  const set = (size: SizeKey, change: Partial<Values[SizeKey]>) => {
    dirty.value = true;
    values.value = { ...values.value, [size]: { ...values.value[size], ...change } };
  };

  async function submit(e: Event) {
    e.preventDefault();
    const pick = (field: "threshold" | "perBox") => Object.fromEntries(SIZE_KEYS.map((s) => [s, Number(values.value[s][field])]));
    busy.value = true;
    const answer = await saveNow(
      "POST",
      "/api/inventory/settings",
      { thresholds: pick("threshold"), papers_per_box: pick("perBox") },
      { success: "Inventory settings saved" },
    );
    busy.value = false;
    if (answer) {
      dirty.value = false;
      await resources.refresh(INVENTORY_PATH);
    }
  }

  return (
    <form class="panel inv-settings" onSubmit={submit} aria-labelledby="inv-settings-title">
      <h2 id="inv-settings-title">Alert Thresholds and Box Sizes</h2>
      <div class="inv-settings-grid">
        {SIZE_KEYS.map((s) => (
          <fieldset key={s} class="inv-size-set">
            <legend>{sizeLabel(s)}</legend>
            <label class="field">
              <span>Low-stock threshold (boxes)</span>
              <input
                type="number"
                min="0"
                step="1"
                required
                value={values.value[s].threshold}
                onInput={(e) => set(s, { threshold: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span>Papers per box</span>
              <input
                type="number"
                min="1"
                step="1"
                required
                value={values.value[s].perBox}
                onInput={(e) => set(s, { perBox: e.currentTarget.value })}
              />
            </label>
          </fieldset>
        ))}
      </div>
      <div class="row end">
        <button type="submit" class="btn btn-primary" disabled={busy.value}>
          Save Settings
        </button>
      </div>
    </form>
  );
}

/** Low-stock alerts with Dismiss per size and Dismiss All (session-only endpoints). */
export function AlertsPanel(props: { report: InventoryReport }) {
  const alerts = props.report.alerts;
  async function dismiss(path: string, success: string) {
    if (await saveNow("POST", path, undefined, { success })) await resources.refresh(INVENTORY_PATH);
  }
  return (
    <section class="panel" aria-labelledby="inv-alerts-title">
      <div class="row">
        <h2 id="inv-alerts-title">Low-stock Alerts</h2>
        {alerts.length > 1 && (
          <button
            type="button"
            class="btn btn-small push-right"
            onClick={() => dismiss("/api/dismiss-inventory-alerts", "All inventory alerts dismissed")}
          >
            Dismiss All
          </button>
        )}
      </div>
      {alerts.length === 0 ? (
        <p class="muted">
          No open alerts{props.report.dismissed_alerts.length ? ` (${props.report.dismissed_alerts.length} dismissed)` : ""}.
        </p>
      ) : (
        <ul class="inv-alerts">
          {alerts.map((a) => (
            <li key={a.size} class="note note-warn row">
              <span>
                {sizeLabel(a.size)}: {fmtCount(a.boxes)} boxes ({fmtCount(a.total_papers)} papers), threshold {fmtCount(a.threshold)}
              </span>
              <button
                type="button"
                class="btn btn-small push-right"
                aria-label={`Dismiss ${sizeLabel(a.size)} alert`}
                onClick={() => dismiss(`/api/dismiss-inventory-alert/${a.size}`, `${sizeLabel(a.size)} alert dismissed`)}
              >
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
