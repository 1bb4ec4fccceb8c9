import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { api } from "../app-state";
import { Page } from "../components/page";
import { CsvButton } from "../csv";
import { fmtDate, fmtDateTime } from "../format";
import "../styles/managers.css";
import "../styles/centrifuge.css";
import { Legend, LineChart, TableAlt } from "./stats/charts";

type Entry = {
  batch_number: number;
  batch_id: string;
  rpm: number | null;
  time_seconds: number | null;
  fill_gauge: number | null;
  yield_percent: number | null;
  recorded_at: string;
};
type Trends =
  | { strain: string; has_data: false; message: string; timeline: Entry[] }
  | {
      strain: string;
      has_data: true;
      timeline: Entry[];
      trend_analysis: { rpm_trend: "increasing" | "decreasing" | "stable"; optimal_rpm: number | null };
      recommendation: {
        rpm: number;
        time_seconds: number | null;
        cycles: number | null;
        fill_gauge_cycle1: number | null;
        fill_gauge_cycle2: number | null;
        confidence: string | number;
        sample_size: number;
      };
    };
type Change = { batch: string; ts: string; field: string; old: string | null; new: string | null };

const TREND = { increasing: "Increasing ↑", decreasing: "Decreasing ↓", stable: "Stable →" };

/** Centrifuge trends of one strain (pages.md §19): timeline, trend, recommendation with confidence, filters, setting history. */
export default function Screen() {
  const { params } = useRoute();
  const { route } = useLocation();
  const strain = decodeURIComponent(params.strain ?? "");
  const [grind, setGrind] = useState("");
  const [target, setTarget] = useState("");
  const [days, setDays] = useState("");
  const [trends, setTrends] = useState<Trends | null>(null);
  const [history, setHistory] = useState<Change[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [other, setOther] = useState(strain);

  useEffect(() => {
    if (!strain) return;
    const q = new URLSearchParams();
    if (grind) q.set("grind_size", grind);
    if (/^\d+$/.test(target)) q.set("target_batch", target);
    if (/^\d+$/.test(days)) q.set("days_since_harvest", days);
    const name = encodeURIComponent(strain);
    Promise.all([
      api.get<Trends>(`/api/centrifuge-trends/${name}?${q}`),
      api.get<{ history: Change[] }>(`/api/centrifuge-history/${name}`),
    ]).then(
      ([t, h]) => {
        setTrends(t);
        setHistory(h.history);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [strain, grind, target, days]);

  const timeline = trends?.timeline ?? [];
  const series = [
    { key: "yield", label: "Yield %", cls: "c-0_5", values: timeline.map((t) => t.yield_percent ?? 0) },
    { key: "fill", label: "Fill gauge", cls: "c-1_0", values: timeline.map((t) => t.fill_gauge ?? 0) },
  ];

  return (
    <Page title={`Centrifuge Trends: ${strain}`} back={{ href: "/centrifuge", label: "Centrifuge Calculator" }}>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (other.trim()) route(`/centrifuge-trends/${encodeURIComponent(other.trim())}`);
        }}
      >
        <label class="field">
          <span>Strain</span>
          <input value={other} onInput={(e) => setOther(e.currentTarget.value)} />
        </label>
        <button type="submit" class="btn">
          Show Strain
        </button>
        <label class="field">
          <span>Grind size</span>
          <select value={grind} onChange={(e) => setGrind(e.currentTarget.value)}>
            <option value="">Any</option>
            <option value="fine">Fine</option>
            <option value="medium">Medium</option>
            <option value="coarse">Coarse</option>
          </select>
        </label>
        <label class="field">
          <span>Target batch</span>
          <input type="number" min="1" step="1" value={target} onInput={(e) => setTarget(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Days since harvest</span>
          <input type="number" min="0" step="1" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
      </form>
      {error && <p class="note note-bad">{error}</p>}
      {trends && !trends.has_data && <p class="empty">{trends.message}</p>}
      {trends?.has_data && (
        <div class="summary-cards">
          <div class="summary-card">
            <div class="value">{trends.recommendation.rpm} rpm</div>
            <div class="label">
              Recommendation: {trends.recommendation.time_seconds ?? "—"} s × {trends.recommendation.cycles ?? "—"} cycles
            </div>
          </div>
          <div class="summary-card">
            <div class="value">{String(trends.recommendation.confidence)}</div>
            <div class="label">Confidence ({trends.recommendation.sample_size} batches)</div>
          </div>
          <div class="summary-card">
            <div class="value">{TREND[trends.trend_analysis.rpm_trend]}</div>
            <div class="label">RPM trend</div>
          </div>
          <div class="summary-card">
            <div class="value">{trends.trend_analysis.optimal_rpm ?? "—"}</div>
            <div class="label">Optimal rpm (best yield)</div>
          </div>
        </div>
      )}
      {timeline.length > 0 && (
        <section class="panel section-gap" aria-labelledby="tl-title">
          <h2 id="tl-title">Batch Timeline</h2>
          <Legend series={series} />
          <div class="chart-box">
            <LineChart title="Yield and fill gauge per batch" labels={timeline.map((t) => `#${t.batch_number}`)} series={series} />
          </div>
          <TableAlt
            title="Batch Timeline"
            name={`centrifuge-${strain}`}
            header={["Batch", "Recorded", "RPM", "Time (s)", "Fill gauge", "Yield %"]}
            rows={timeline.map((t) => [t.batch_number, fmtDate(t.recorded_at), t.rpm, t.time_seconds, t.fill_gauge, t.yield_percent])}
          />
        </section>
      )}
      <section class="panel section-gap" aria-labelledby="hist-title">
        <h2 id="hist-title">Setting Change History</h2>
        {history.length === 0 ? (
          <p class="empty">No centrifuge setting changes recorded for this strain.</p>
        ) : (
          <>
            <CsvButton
              name={`centrifuge-history-${strain}`}
              header={["When", "Batch", "Field", "Old", "New"]}
              rows={() => history.map((h) => [h.ts, h.batch, h.field, h.old, h.new])}
            />
            <ul class="plain-list">
              {history.map((h) => (
                <li key={`${h.ts}-${h.field}-${h.batch}`} class="card">
                  <span class="muted">{fmtDateTime(h.ts)}</span> <code>{h.field}</code>: {h.old ?? "—"} → {h.new ?? "—"}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </Page>
  );
}
