import { useState } from "preact/hooks";
import { resources } from "../app-state";
import { DataNote, Page } from "../components/page";
import { fmtCount, fmtDate, fmtDecimal, SIZE_KEYS, type SizeKey, sizeLabel } from "../format";
import "../styles/managers.css";
import { BarChart, ChartCard, Legend, LineChart, type Series, TableAlt } from "./stats/charts";

type Sizes = Record<SizeKey, number>;
type Row = Sizes & { total: number };
type Stats = {
  summary: {
    total_batches_completed: number;
    total_pre_rolls: number;
    average_production_rate: number | null;
    active_batches: number;
    by_size: Sizes;
  };
  days: number;
  daily: (Row & { date: string })[];
  weekly: (Row & { period: string })[];
  monthly: (Row & { period: string })[];
  strain_performance: { strain: string; batches: number; completed_batches: number; pre_rolls: number; average_rate: number | null }[];
  rate_trend: { batch_id: string; strain: string; finished_at: string | null; rate: number }[];
};

const PERIODS = [
  ["week", "Last week"],
  ["month", "Last month"],
  ["quarter", "Last 3 months"],
  ["year", "Last year"],
  ["all", "All time"],
] as const;
const GRAINS = [
  ["daily", "Daily"],
  ["weekly", "Weekly"],
  ["monthly", "Monthly"],
] as const;
type Grain = (typeof GRAINS)[number][0];
type SizeFilter = "all" | SizeKey;

const sizeSeries = (rows: readonly Row[], sizes: readonly SizeKey[]): Series[] =>
  sizes.map((s) => ({ key: s, label: sizeLabel(s), cls: `c-${s}`, values: rows.map((r) => r[s]) }));

function Card(props: { label: string; value: string }) {
  return (
    <div class="summary-card">
      <div class="value">{props.value}</div>
      <div class="label">{props.label}</div>
    </div>
  );
}

/** Analytics (pages.md §10): summary cards and four charts, each with its table. */
export default function Screen() {
  const [period, setPeriod] = useState<(typeof PERIODS)[number][0]>("month");
  const [grain, setGrain] = useState<Grain>("daily");
  const [size, setSize] = useState<SizeFilter>("all");
  const state = resources.use<Stats>(`/api/stats?period=${period}`, ["batches"]);
  const stats = state.data;
  const sizes: readonly SizeKey[] = size === "all" ? SIZE_KEYS : [size];

  const over = stats
    ? grain === "daily"
      ? stats.daily.map((d) => ({ ...d, label: d.date.slice(5) }))
      : (grain === "weekly" ? stats.weekly : stats.monthly).map((d) => ({ ...d, label: d.period }))
    : [];
  const overSeries = sizeSeries(over, sizes);
  const produced = over.some((r) => sizes.some((s) => r[s] > 0));
  const bySize = stats ? sizes.map((s) => ({ s, n: stats.summary.by_size[s] })) : [];
  const strains = stats?.strain_performance.slice(0, 15) ?? [];

  return (
    <Page title="Analytics">
      <div class="filters">
        <label class="field">
          <span>Time period</span>
          <select value={period} onChange={(e) => setPeriod(e.currentTarget.value as typeof period)}>
            {PERIODS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Size</span>
          <select value={size} onChange={(e) => setSize(e.currentTarget.value as SizeFilter)}>
            <option value="all">All sizes</option>
            {SIZE_KEYS.map((s) => (
              <option key={s} value={s}>
                {sizeLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Group by</span>
          <select value={grain} onChange={(e) => setGrain(e.currentTarget.value as Grain)}>
            {GRAINS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DataNote loading={state.loading} error={state.error} fromCache={state.fromCache} hasData={!!stats} />
      {stats && (
        <>
          <div class="summary-cards">
            <Card label="Total Batches Completed" value={fmtCount(stats.summary.total_batches_completed)} />
            <Card label="Total Pre-Rolls Produced" value={fmtCount(stats.summary.total_pre_rolls)} />
            <Card
              label="Average Production Rate"
              value={stats.summary.average_production_rate === null ? "—" : `${fmtDecimal(stats.summary.average_production_rate)}/hr`}
            />
            <Card label="Active Batches" value={fmtCount(stats.summary.active_batches)} />
          </div>

          <ChartCard title="Production Over Time" empty={produced ? null : "No pre-rolls were counted in this period yet."}>
            <Legend series={overSeries} />
            <div class="chart-box">
              <BarChart title="Production Over Time" labels={over.map((r) => r.label)} series={overSeries} stacked />
            </div>
            <TableAlt
              title="Production Over Time"
              name="production-over-time"
              header={[grain === "daily" ? "Date" : "Period", ...sizes.map(sizeLabel), "Total"]}
              rows={over.map((r) => [r.label, ...sizes.map((s) => r[s]), sizes.reduce((a, s) => a + r[s], 0)])}
            />
          </ChartCard>

          <ChartCard title="Production by Size" empty={bySize.some((b) => b.n > 0) ? null : "No pre-rolls produced yet."}>
            <div class="chart-box">
              <BarChart
                title="Production by Size"
                labels={bySize.map((b) => sizeLabel(b.s))}
                series={bySize.map((b, i) => ({
                  key: b.s,
                  label: sizeLabel(b.s),
                  cls: `c-${b.s}`,
                  values: bySize.map((_, j) => (j === i ? b.n : 0)),
                }))}
                stacked
              />
            </div>
            <TableAlt
              title="Production by Size"
              name="production-by-size"
              header={["Size", "Pre-rolls"]}
              rows={bySize.map((b) => [sizeLabel(b.s), b.n])}
            />
          </ChartCard>

          <ChartCard
            title="Production Rate Trends"
            empty={stats.rate_trend.length ? null : "No finished batches with a production rate yet."}
          >
            <div class="chart-box">
              <LineChart
                title="Production Rate Trends (pre-rolls per hour)"
                labels={stats.rate_trend.map((r) => fmtDate(r.finished_at))}
                series={[{ key: "rate", label: "Rate", cls: "c-0_7", values: stats.rate_trend.map((r) => r.rate) }]}
              />
            </div>
            <TableAlt
              title="Production Rate Trends"
              name="rate-trends"
              header={["Finished", "Strain", "Rate per hour"]}
              rows={stats.rate_trend.map((r) => [r.finished_at ? fmtDate(r.finished_at) : null, r.strain, r.rate])}
            />
          </ChartCard>

          <ChartCard title="Strain Performance" empty={stats.strain_performance.length ? null : "No batches yet."}>
            <div class="chart-box">
              <BarChart
                title="Pre-rolls by strain"
                labels={strains.map((s) => s.strain.slice(0, 12))}
                series={[{ key: "n", label: "Pre-rolls", cls: "c-0_5", values: strains.map((s) => s.pre_rolls) }]}
              />
            </div>
            <TableAlt
              title="Strain Performance"
              name="strain-performance"
              header={["Strain", "Batches", "Completed", "Pre-rolls", "Average rate per hour"]}
              rows={stats.strain_performance.map((s) => [s.strain, s.batches, s.completed_batches, s.pre_rolls, s.average_rate])}
            />
          </ChartCard>
        </>
      )}
    </Page>
  );
}
