/** Production rate, its history and metrics, and per-strain projections (rules §4). */
import { hoursBetween, STAGE_IN_PROGRESS } from "./stages";

export type RatePoint = { timestamp: string; rate: number; total_count: number };
type RateTrend = "increasing" | "decreasing" | "stable";
type RateMetrics = {
  current_rate: number | null;
  average_rate: number | null;
  peak_rate: number | null;
  smoothed_rate: number | null;
  trend: RateTrend;
  confidence: number;
  sample_count: number;
};
type RateProjection = { projected_rate: number; confidence: number; sample_size: number; historical_rates: number[] };

export const RATE_HISTORY_LIMIT = 500;
const SMOOTHING_ALPHA = 0.3;
const TREND_WINDOW = 10;
const TREND_THRESHOLD = 0.05;
const PROJECTION_WINDOW = 10;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * Hours worked: closed sessions plus the open one up to `now`. The work schedule is not used to
 * clip the open session: [OPS] says the timer follows stage changes and an "In progress" batch
 * left overnight keeps counting, so a pause is recorded by moving the batch back to "Ground".
 */
export function workHours(totalWorkHours: number, currentSessionStart: string | null, now: Date): number {
  return totalWorkHours + (currentSessionStart ? hoursBetween(currentSessionStart, now) : 0);
}

/** Pre-rolls per hour, 1 decimal; null ("N/A") before stage 2, without pre-rolls or without time. */
export function productionRate(totalCount: number, hours: number, stage: number): number | null {
  if (stage < STAGE_IN_PROGRESS || totalCount <= 0 || hours <= 0) return null;
  return round(totalCount / hours, 1);
}

/**
 * Appends a snapshot, keeping the newest RATE_HISTORY_LIMIT entries. Production appends in SQL
 * (src/data/batch-counts.ts); this is that SQL's reference model, with productionRate and workHours,
 * checked on random call sequences by test/integration/rate-model.test.ts.
 */
export function appendRatePoint(history: readonly RatePoint[], point: RatePoint): RatePoint[] {
  return [...history, point].slice(-RATE_HISTORY_LIMIT);
}

/** Reads a stored history tolerantly: anything that is not a well-formed point is skipped. */
export function parseRateHistory(value: unknown): RatePoint[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is RatePoint =>
      typeof p === "object" &&
      p !== null &&
      typeof p.timestamp === "string" &&
      typeof p.rate === "number" &&
      Number.isFinite(p.rate) &&
      typeof p.total_count === "number",
  );
}

/** Exponential moving average with α = 0.3: damps the spike of a big count entered late. */
export function smoothedRate(rates: readonly number[]): number | null {
  if (rates.length === 0) return null;
  let ema = rates[0] ?? 0;
  for (const rate of rates.slice(1)) ema = SMOOTHING_ALPHA * rate + (1 - SMOOTHING_ALPHA) * ema;
  return round(ema, 1);
}

/** Least-squares slope of rate over elapsed hours (last 10 points) relative to their mean. */
export function rateTrend(points: readonly RatePoint[]): RateTrend {
  const window = points.slice(-TREND_WINDOW);
  if (window.length < 2) return "stable";
  const t0 = Date.parse(window[0]?.timestamp ?? "");
  const xs = window.map((p) => (Date.parse(p.timestamp) - t0) / 3_600_000);
  const ys = window.map((p) => p.rate);
  if (xs.some((x) => !Number.isFinite(x))) return "stable";
  const n = window.length;
  const meanX = xs.reduce((a, b) => a + b, 0) / n;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - meanX) * ((ys[i] ?? 0) - meanY);
    sxx += (x - meanX) ** 2;
  });
  if (sxx === 0 || meanY === 0) return "stable";
  const relativeSlope = sxy / sxx / meanY;
  if (relativeSlope > TREND_THRESHOLD) return "increasing";
  if (relativeSlope < -TREND_THRESHOLD) return "decreasing";
  return "stable";
}

export function rateMetrics(history: readonly RatePoint[]): RateMetrics {
  const rates = history.map((p) => p.rate);
  const n = rates.length;
  return {
    current_rate: rates.at(-1) ?? null,
    average_rate: n ? round(rates.reduce((a, b) => a + b, 0) / n, 1) : null,
    peak_rate: n ? Math.max(...rates) : null,
    smoothed_rate: smoothedRate(rates),
    trend: rateTrend(history),
    confidence: round(Math.min(1, n / 10), 2),
    sample_count: n,
  };
}

/**
 * Projected rate of a strain from its finished batches' rates in chronological order: a
 * recency-weighted mean (weights 1..n over the last 10); confidence grows with the sample (full at
 * 5) and falls with the spread (coefficient of variation).
 */
export function rateProjection(rates: readonly number[]): RateProjection | null {
  const recent = rates.filter(Number.isFinite).slice(-PROJECTION_WINDOW);
  const n = recent.length;
  if (n === 0) return null;
  let weighted = 0;
  let weights = 0;
  recent.forEach((rate, i) => {
    weighted += (i + 1) * rate;
    weights += i + 1;
  });
  const mean = recent.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(recent.reduce((sum, r) => sum + (r - mean) ** 2, 0) / n);
  const cv = mean > 0 ? sd / mean : 1;
  return {
    projected_rate: round(weighted / weights, 1),
    confidence: round(Math.min(1, n / 5) * Math.max(0, 1 - cv), 2),
    sample_size: n,
    historical_rates: recent,
  };
}
