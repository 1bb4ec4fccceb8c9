import type { Size } from "./batch-sizes";
import { clamp, roundTo, roundToStep } from "./centrifuge";

/**
 * The learning pass (rules §11, gaps G-LEARN-1): production outcomes → centrifuge
 * recommendations per strain, size and grind. Everything here is pure and deterministic, so
 * running it twice over the same outcomes gives the same recommendations.
 */

export type Outcome = {
  batch_id: string;
  strain: string;
  size: Size;
  machine: string | null;
  grind_size: string | null;
  rpm: number | null;
  time_seconds: number | null;
  cycles: number | null;
  fill_gauge_cycle1: number | null;
  fill_gauge_cycle2: number | null;
  yield_percent: number | null;
  rate: number | null;
  harvest_date: string | null;
  recorded_at: string;
};

export type Recommendation = {
  strain: string;
  size: Size;
  /** '' = any grind. */
  grind_size: string;
  rpm: number | null;
  time_seconds: number | null;
  cycles: number | null;
  fill_gauge_cycle1: number | null;
  fill_gauge_cycle2: number | null;
  confidence: number;
  sample_size: number;
  updated_at: string;
};

export type PriorityMode = "weight" | "count";

export type Model = Omit<Recommendation, "strain" | "size" | "grind_size" | "updated_at">;

/** "At least a few" completed batches (rules §11): fewer outcomes give no recommendation. */
export const MIN_OUTCOMES = 3;
/** Only the most recent outcomes shape a recommendation. */
const MODEL_WINDOW = 10;
/** Limits of recorded batch settings (rules §2.2, gaps G-CEN-3). */
export const RPM_RANGE = [500, 2500] as const;
const TIME_RANGE = [1, 90] as const;
const CYCLES_RANGE = [1, 3] as const;
const GAUGE_RANGE = [1, 12] as const;

function strainKey(strain: string): string {
  return strain.trim().toLowerCase();
}

export function byRecordedOrder(a: Outcome, b: Outcome): number {
  if (a.recorded_at !== b.recorded_at) return a.recorded_at < b.recorded_at ? -1 : 1;
  if (a.batch_id !== b.batch_id) return a.batch_id < b.batch_id ? -1 : 1;
  return a.size < b.size ? -1 : a.size > b.size ? 1 : 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? 0) + hi) / 2;
}

/**
 * Quality 0–100 per outcome: weight mode uses the running yield (accuracy); count mode the
 * production rate relative to the median of the same outcomes (rules §11 step 2). Outcomes
 * without the needed figure are left out.
 */
function scoreOutcomes(outcomes: readonly Outcome[], mode: PriorityMode): { outcome: Outcome; quality: number }[] {
  if (mode === "weight") {
    return outcomes
      .filter((o) => o.yield_percent !== null && o.yield_percent > 0)
      .map((o) => ({ outcome: o, quality: clamp(o.yield_percent ?? 0, 0, 100) }));
  }
  const rated = outcomes.filter((o) => o.rate !== null && o.rate > 0);
  const mid = median(rated.map((o) => o.rate ?? 0));
  return rated.map((o) => ({ outcome: o, quality: mid > 0 ? clamp((100 * (o.rate ?? 0)) / mid, 0, 100) : 0 }));
}

type Scored = { outcome: Outcome; weight: number };

function weightedMean(scored: readonly Scored[], pick: (o: Outcome) => number | null): number | null {
  let sum = 0;
  let total = 0;
  for (const { outcome, weight } of scored) {
    const v = pick(outcome);
    if (v === null || !Number.isFinite(v)) continue;
    sum += v * weight;
    total += weight;
  }
  return total > 0 ? sum / total : null;
}

function rounded(value: number | null, step: number, [low, high]: readonly [number, number]): number | null {
  return value === null ? null : clamp(roundToStep(value, step), low, high);
}

/**
 * Recency- and quality-weighted mean of the settings of the last 10 usable outcomes: the i-th
 * oldest weighs i × quality. Rpm rounds to 50, time to 1 s, gauges to whole 1–12;
 * confidence = min(1, n/5) × mean quality / 100. Null below three outcomes (rules §11 step 3).
 */
export function modelFor(outcomes: readonly Outcome[], mode: PriorityMode = "weight"): Model | null {
  const usable = scoreOutcomes([...outcomes].sort(byRecordedOrder), mode).slice(-MODEL_WINDOW);
  if (usable.length < MIN_OUTCOMES) return null;
  const scored = usable.map((s, i) => ({ outcome: s.outcome, weight: (i + 1) * (s.quality / 100) }));
  if (!scored.some((s) => s.weight > 0)) return null;
  const meanQuality = usable.reduce((sum, s) => sum + s.quality, 0) / usable.length;
  const setting = (pick: (o: Outcome) => number | null, step: number, range: readonly [number, number]) =>
    rounded(weightedMean(scored, pick), step, range);
  return {
    rpm: setting((o) => o.rpm, 50, RPM_RANGE),
    time_seconds: setting((o) => o.time_seconds, 1, TIME_RANGE),
    cycles: setting((o) => o.cycles, 1, CYCLES_RANGE),
    fill_gauge_cycle1: setting((o) => o.fill_gauge_cycle1, 1, GAUGE_RANGE),
    fill_gauge_cycle2: setting((o) => o.fill_gauge_cycle2, 1, GAUGE_RANGE),
    confidence: roundTo(Math.min(1, usable.length / 5) * (meanQuality / 100), 2),
    sample_size: usable.length,
  };
}

/** The (strain, size) groups a set of outcomes touches, keyed case-insensitively by strain. */
export function groupKey(strain: string, size: string): string {
  return `${strainKey(strain)}\u0000${size}`;
}

/**
 * The pure core of the learning pass: for every (strain, size) in `outcomes`, one recommendation
 * for any grind ('') and one per grind size that has enough outcomes of its own. The strain is
 * spelled as in its most recent outcome. Sorted, so equal input gives equal output.
 */
export function learn(outcomes: readonly Outcome[], now: Date): Recommendation[] {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = groupKey(o.strain, o.size);
    const list = groups.get(key);
    if (list) list.push(o);
    else groups.set(key, [o]);
  }
  const updatedAt = now.toISOString();
  const out: Recommendation[] = [];
  for (const list of groups.values()) {
    list.sort(byRecordedOrder);
    const latest = list[list.length - 1];
    if (!latest) continue;
    const grinds = new Set(list.map((o) => o.grind_size).filter((g): g is string => !!g));
    for (const grind of ["", ...[...grinds].sort()]) {
      const model = modelFor(grind === "" ? list : list.filter((o) => o.grind_size === grind));
      if (model) out.push({ strain: latest.strain.trim(), size: latest.size, grind_size: grind, ...model, updated_at: updatedAt });
    }
  }
  return out.sort((a, b) => {
    const sa = strainKey(a.strain);
    const sb = strainKey(b.strain);
    if (sa !== sb) return sa < sb ? -1 : 1;
    if (a.size !== b.size) return a.size < b.size ? -1 : 1;
    return a.grind_size < b.grind_size ? -1 : a.grind_size > b.grind_size ? 1 : 0;
  });
}

/** Least-squares projection of y at x, or the mean when x does not vary (rules §11 step 4). */
export function projectLinear(points: readonly { x: number; y: number }[], at: number): number | null {
  if (points.length === 0) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  return sxx === 0 ? my : my + (sxy / sxx) * (at - mx);
}

/**
 * Moisture drift (rules §11 step 4, placeholder constants): +1 % rpm per full 7 days since
 * harvest beyond 14 days, at most +10 %.
 */
export function moistureDriftPercent(daysSinceHarvest: number): number {
  return Math.min(10, Math.floor(Math.max(0, daysSinceHarvest - 14) / 7));
}

/** Temporal rpm: the regression of rpm on batch number projected to `targetBatch`, then drift. */
export function temporalRpm(rpmHistory: readonly number[], baseRpm: number, targetBatch: number | null, daysSinceHarvest: number | null) {
  let rpm = baseRpm;
  if (targetBatch !== null && rpmHistory.length >= 2) {
    rpm =
      projectLinear(
        rpmHistory.map((y, i) => ({ x: i + 1, y })),
        targetBatch,
      ) ?? baseRpm;
  }
  if (daysSinceHarvest !== null) rpm *= 1 + moistureDriftPercent(daysSinceHarvest) / 100;
  return clamp(roundToStep(rpm, 50), RPM_RANGE[0], RPM_RANGE[1]);
}
