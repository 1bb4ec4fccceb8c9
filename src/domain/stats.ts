import { SIZES, type Size } from "./batch-sizes";
import { STAGE_DONE } from "./stages";

/** Aggregates for the Stats page (rules §19, api §13.1 `GET /api/stats`). */

export type StatsBatch = {
  id: string;
  strain: string;
  stage: number;
  archived: number;
  counts_0_5: number;
  counts_0_7: number;
  counts_1_0: number;
  cached_production_rate: number | null;
  production_end_time: string | null;
};

export const STATS_PERIODS = { week: 7, month: 30, quarter: 90, year: 365 } as const;

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * "Completed" as rules §19 words it: fully processed (Done, stage 7) and archived. A Done batch still on the
 * dashboard counts as active, not completed, so the cards never count a batch twice; a batch archived
 * before Done (the admin toggle has no stage check) is not completed either.
 */
export function isCompletedBatch(b: { stage: number; archived: number }): boolean {
  return b.stage === STAGE_DONE && b.archived === 1;
}
const total = (b: StatsBatch) => b.counts_0_5 + b.counts_0_7 + b.counts_1_0;

function meanRate(batches: readonly StatsBatch[]): number | null {
  const rates = batches.map((b) => b.cached_production_rate).filter((r): r is number => r !== null && r > 0);
  return rates.length ? round1(rates.reduce((a, b) => a + b, 0) / rates.length) : null;
}

/** The four summary cards plus pre-rolls per size. */
export function statsSummary(batches: readonly StatsBatch[]) {
  const bySize = Object.fromEntries(SIZES.map((s) => [s, 0])) as Record<Size, number>;
  for (const b of batches) for (const s of SIZES) bySize[s] += b[`counts_${s}`];
  return {
    total_batches_completed: batches.filter(isCompletedBatch).length,
    total_pre_rolls: bySize["0_5"] + bySize["0_7"] + bySize["1_0"],
    average_production_rate: meanRate(batches),
    active_batches: batches.filter((b) => b.archived === 0).length,
    by_size: bySize,
  };
}

/** Per strain (case-insensitive, first spelling kept), most pre-rolls first. */
export function strainPerformance(batches: readonly StatsBatch[]) {
  const groups = new Map<string, StatsBatch[]>();
  for (const b of batches) {
    const key = b.strain.trim().toLowerCase();
    const list = groups.get(key);
    if (list) list.push(b);
    else groups.set(key, [b]);
  }
  return [...groups.values()]
    .map((list) => ({
      strain: list[0]?.strain.trim() ?? "",
      batches: list.length,
      completed_batches: list.filter(isCompletedBatch).length,
      pre_rolls: list.reduce((sum, b) => sum + total(b), 0),
      average_rate: meanRate(list),
    }))
    .sort((a, b) => b.pre_rolls - a.pre_rolls || a.strain.localeCompare(b.strain));
}

const RATE_TREND_POINTS = 50;

/** Final rates of finished batches in production order, the most recent 50. */
export function rateTrend(batches: readonly StatsBatch[]) {
  return batches
    .filter((b) => b.production_end_time && b.cached_production_rate !== null && b.cached_production_rate > 0)
    .sort((a, b) => ((a.production_end_time ?? "") < (b.production_end_time ?? "") ? -1 : 1))
    .slice(-RATE_TREND_POINTS)
    .map((b) => ({ batch_id: b.id, strain: b.strain, finished_at: b.production_end_time, rate: round1(b.cached_production_rate ?? 0) }));
}
