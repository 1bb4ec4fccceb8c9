import { useState } from "preact/hooks";
import { api } from "../../app-state";
import { CsvButton } from "../../csv";
import { fmtDateTime } from "../../format";
import { type Comparison, fmtDays, type HistoryItem, type Insight, UrgencyBadge } from "./model";

const STATUS: Record<Comparison["status"], string> = { new: "New", removed: "Removed", updated: "Updated", unchanged: "Unchanged" };
const TREND = { "-1": "Less urgent", "0": "", "1": "More urgent" } as const;

/** Compare two snapshots per strain (optionally one store), with the insights drawn from them. */
export function ComparePanel(props: { history: readonly HistoryItem[] }) {
  const h = props.history;
  const [older, setOlder] = useState(h[1]?.timestamp ?? "");
  const [newer, setNewer] = useState(h[0]?.timestamp ?? "");
  const [store, setStore] = useState("");
  const [rows, setRows] = useState<Comparison[] | null>(null);
  const [insights, setInsights] = useState<Insight[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (h.length < 2)
    return (
      <section class="panel section-gap" aria-labelledby="cmp-title">
        <h2 id="cmp-title">Compare Snapshots</h2>
        <p class="empty">Two snapshots are needed to compare.</p>
      </section>
    );

  async function compare(e: Event) {
    e.preventDefault();
    if (!older || !newer || older === newer) return setError("Choose two different snapshots");
    setBusy(true);
    setError(null);
    try {
      const [cmp, ins] = await Promise.all([
        api.write<{ comparisons: Comparison[] }>("POST", "/api/snapshots/compare-detailed", {
          timestamp1: older,
          timestamp2: newer,
          ...(store.trim() ? { store_filter: store.trim() } : {}),
        }),
        api.write<{ insights: Insight[] }>("POST", "/api/snapshots/insights", { timestamp1: older, timestamp2: newer }),
      ]);
      setRows(cmp.comparisons);
      setInsights(ins.insights);
    } catch (err) {
      setRows(null);
      setError((err as Error).message);
    }
    setBusy(false);
  }

  const option = (item: HistoryItem) => (
    <option key={item.timestamp} value={item.timestamp}>
      {fmtDateTime(item.timestamp)} ({item.strain_count} strains)
    </option>
  );

  return (
    <section class="panel section-gap" aria-labelledby="cmp-title">
      <h2 id="cmp-title">Compare Snapshots</h2>
      <form class="filters" onSubmit={compare}>
        <label class="field">
          <span>Older snapshot</span>
          <select value={older} onChange={(e) => setOlder(e.currentTarget.value)}>
            {h.map(option)}
          </select>
        </label>
        <label class="field">
          <span>Newer snapshot</span>
          <select value={newer} onChange={(e) => setNewer(e.currentTarget.value)}>
            {h.map(option)}
          </select>
        </label>
        <label class="field">
          <span>Store filter</span>
          <input value={store} placeholder="All stores" onInput={(e) => setStore(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn btn-primary" disabled={busy}>
          Compare
        </button>
      </form>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {insights.length > 0 && (
        <ul class="plain-list insights" aria-label="Insights">
          {insights.map((i) => (
            <li key={i.title} class={`card insight insight-${i.type}`}>
              <span class={`badge badge-${i.type}`}>{i.type}</span> <strong>{i.title}</strong>
              <p>{i.message}</p>
            </li>
          ))}
        </ul>
      )}
      {rows && rows.length === 0 && <p class="empty">Nothing to compare.</p>}
      {rows && rows.length > 0 && (
        <>
          <CsvButton
            name="snapshot-comparison"
            header={[
              "Strain",
              "Status",
              "Old inventory",
              "New inventory",
              "Inventory change",
              "Old urgency",
              "New urgency",
              "Sold per day change",
            ]}
            rows={() =>
              rows.map((r) => [
                r.strain,
                r.status,
                r.old?.total_inventory,
                r.new?.total_inventory,
                r.changes.inventory_delta,
                r.old?.urgency,
                r.new?.urgency,
                r.changes.sold_per_day_delta,
              ])
            }
          />
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable) */}
          <div class="table-wrap" tabIndex={0}>
            <table class="data-table">
              <caption class="sr-only">Comparison per strain</caption>
              <thead>
                <tr>
                  <th scope="col">Strain</th>
                  <th scope="col">Status</th>
                  <th scope="col">Old inventory</th>
                  <th scope="col">New inventory</th>
                  <th scope="col">Change</th>
                  <th scope="col">Urgency</th>
                  <th scope="col">Days until stockout</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.strain}>
                    <td>{r.strain}</td>
                    <td>{STATUS[r.status]}</td>
                    <td class="num">{r.old?.total_inventory ?? "—"}</td>
                    <td class="num">{r.new?.total_inventory ?? "—"}</td>
                    <td class="num">{r.changes.inventory_delta > 0 ? `+${r.changes.inventory_delta}` : r.changes.inventory_delta}</td>
                    <td>
                      {r.old && <UrgencyBadge urgency={r.old.urgency} />}
                      {r.old && r.new && " → "}
                      {r.new && <UrgencyBadge urgency={r.new.urgency} />} {TREND[String(r.changes.urgency_change) as keyof typeof TREND]}
                    </td>
                    <td>
                      {r.old ? fmtDays(r.old.days_until_stockout) : "—"} → {r.new ? fmtDays(r.new.days_until_stockout) : "—"}
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
