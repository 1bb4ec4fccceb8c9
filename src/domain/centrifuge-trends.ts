import { roundTo } from "./centrifuge";
import { byRecordedOrder, MIN_OUTCOMES, modelFor, type Outcome, projectLinear, temporalRpm } from "./learning";

/** Trends of one strain over its batches (api §6 trends, rules §11). */

type TimelineEntry = {
  batch_number: number;
  batch_id: string;
  rpm: number | null;
  time_seconds: number | null;
  fill_gauge: number | null;
  yield_percent: number | null;
  recorded_at: string;
};

type TrendQuery = { grindSize: string | null; targetBatch: number | null; daysSinceHarvest: number | null };

function mean(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

const round = (v: number | null, d: number) => (v === null ? null : roundTo(v, d));

/** One entry per batch in production order; sizes of a batch are averaged. */
function timelineOf(outcomes: readonly Outcome[]): TimelineEntry[] {
  const byBatch = new Map<string, Outcome[]>();
  for (const o of [...outcomes].sort(byRecordedOrder)) {
    const list = byBatch.get(o.batch_id);
    if (list) list.push(o);
    else byBatch.set(o.batch_id, [o]);
  }
  return [...byBatch.values()].map((list, i) => ({
    batch_number: i + 1,
    batch_id: list[0]?.batch_id ?? "",
    rpm: round(mean(list.map((o) => o.rpm)), 0),
    time_seconds: round(mean(list.map((o) => o.time_seconds)), 0),
    fill_gauge: round(mean(list.map((o) => o.fill_gauge_cycle1)), 1),
    yield_percent: round(mean(list.map((o) => o.yield_percent)), 1),
    recorded_at: list[0]?.recorded_at ?? "",
  }));
}

/** Relative least-squares slope per batch above ±1 % of the mean rpm is a trend. */
const RPM_TREND_THRESHOLD = 0.01;

function rpmTrend(timeline: readonly TimelineEntry[]): "increasing" | "decreasing" | "stable" {
  const points = timeline.filter((t) => t.rpm !== null).map((t) => ({ x: t.batch_number, y: t.rpm ?? 0 }));
  if (points.length < 2) return "stable";
  const meanY = points.reduce((s, p) => s + p.y, 0) / points.length;
  const first = projectLinear(points, 0) ?? meanY;
  const slope = (projectLinear(points, 1) ?? meanY) - first;
  if (meanY <= 0) return "stable";
  if (slope / meanY > RPM_TREND_THRESHOLD) return "increasing";
  if (slope / meanY < -RPM_TREND_THRESHOLD) return "decreasing";
  return "stable";
}

/** The rpm of the best-yielding batch; the later one wins a tie. */
function optimalRpm(timeline: readonly TimelineEntry[]): number | null {
  let best: TimelineEntry | null = null;
  for (const t of timeline) {
    if (t.rpm === null || t.yield_percent === null) continue;
    if (!best || (best.yield_percent ?? 0) <= t.yield_percent) best = t;
  }
  return best?.rpm ?? null;
}

export function strainTrends(strain: string, outcomes: readonly Outcome[], query: TrendQuery) {
  const chosen = query.grindSize ? outcomes.filter((o) => o.grind_size === query.grindSize) : [...outcomes];
  const timeline = timelineOf(chosen);
  const model = timeline.length >= MIN_OUTCOMES ? modelFor(chosen) : null;
  if (!model || model.rpm === null) {
    return {
      strain,
      has_data: false as const,
      message: `Not enough centrifuge history for this strain: at least ${MIN_OUTCOMES} finished batches with weight checks are needed`,
      timeline,
    };
  }
  const history = timeline.map((t) => t.rpm).filter((r): r is number => r !== null);
  return {
    strain,
    has_data: true as const,
    timeline,
    trend_analysis: { rpm_trend: rpmTrend(timeline), optimal_rpm: optimalRpm(timeline) },
    recommendation: {
      rpm: temporalRpm(history, model.rpm, query.targetBatch, query.daysSinceHarvest),
      time_seconds: model.time_seconds,
      cycles: model.cycles,
      fill_gauge_cycle1: model.fill_gauge_cycle1,
      fill_gauge_cycle2: model.fill_gauge_cycle2,
      confidence: model.confidence,
      sample_size: model.sample_size,
    },
  };
}
