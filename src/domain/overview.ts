import { hoursInStage, STAGE_DONE, STAGE_NAMES, STAGE_WAITING_ON_TESTING, stageName } from "./stages";

/** The dashboard overview of api §10 (rules §2.9, gaps G-OVERVIEW-1). */

export type OverviewBatch = {
  strain: string;
  stage: number;
  stage_entered_at: string | null;
  created_at: string;
  packaging_status: string;
};

/** Every one of the eight stage names, with the number of active batches in it. */
export function stageCounts(batches: readonly OverviewBatch[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(STAGE_NAMES.map((n) => [n, 0]));
  for (const b of batches) {
    const name = STAGE_NAMES[b.stage];
    if (name) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const STALE_STAGE_HOURS = 72;

type PriorityBatch = { strain: string; stage: string; days_in_stage: number; reason: string };

/**
 * Batches that need attention, longest in stage first: testing overdue (stage 4 beyond
 * `test_alert_hours`), packaging blocked, or three days or more in one stage. Done batches wait
 * only for archiving, so time alone does not list them. Time in stage counts from the stage change,
 * or from creation when that is unknown.
 */
export function priorityBatches(batches: readonly OverviewBatch[], testAlertHours: number, now: Date): PriorityBatch[] {
  const out: (PriorityBatch & { hours: number })[] = [];
  for (const b of batches) {
    const hours = hoursInStage(b.stage_entered_at ?? b.created_at, now) ?? 0;
    let reason: string | null = null;
    if (b.stage === STAGE_WAITING_ON_TESTING && hours > testAlertHours) reason = "testing overdue";
    else if (b.packaging_status !== "available") reason = "packaging blocked";
    else if (b.stage !== STAGE_DONE && hours >= STALE_STAGE_HOURS) reason = "long in stage";
    if (reason) out.push({ strain: b.strain, stage: stageName(b.stage), days_in_stage: Math.floor(hours / 24), reason, hours });
  }
  return out.sort((a, b) => b.hours - a.hours).map(({ hours: _h, ...rest }) => rest);
}
