import { sql } from "drizzle-orm";
import { summarizeRuns } from "../domain/sync-status";
import type { Db } from "../env";
import { hasOpenSyncIncident, readOrdersCursor } from "./apex";
import { readPushState } from "./apex-map";
import { latestJobRuns } from "./jobs";
import { readPackingSettings } from "./packing";
import { readSetting } from "./settings";

export const SYNC_REQUESTED_KEY = "apex_sync_requested_at";

/** Credits Apex billed the order sync since the start of this month (UTC), from the run records. */
async function creditsThisMonth(db: Db, job: string, now: Date): Promise<{ credits: number; requests: number; runs: number }> {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
  const row = await db.get<{ credits: number | null; requests: number | null; runs: number }>(sql`
    SELECT SUM(json_extract(detail, '$.credits')) AS credits, SUM(json_extract(detail, '$.requests')) AS requests, COUNT(*) AS runs
    FROM job_runs WHERE job = ${job} AND outcome = 'success' AND started_at >= ${monthStart} AND json_valid(detail)`);
  return { credits: row?.credits ?? 0, requests: row?.requests ?? 0, runs: row?.runs ?? 0 };
}

/**
 * Everything the sync-status endpoints show: the original `last_sync_requested` field (api.md §10)
 * plus the health of the order sync and of the inventory push. The Apex token never appears.
 */
export async function readSyncStatus(db: Db, job: string, now: Date) {
  const [runs, credits, incident, cursor, push, requested, settings] = await Promise.all([
    latestJobRuns(db, job, 50),
    creditsThisMonth(db, job, now),
    hasOpenSyncIncident(db),
    readOrdersCursor(db),
    readPushState(db),
    readSetting(db, SYNC_REQUESTED_KEY),
    readPackingSettings(db),
  ]);
  const summary = summarizeRuns(runs, now, settings.apex_poll_interval_seconds);
  return {
    last_sync_requested: typeof requested === "string" ? requested : null,
    ...summary,
    alerted: incident,
    orders_cursor: cursor,
    credits_used: {
      this_month: credits.credits,
      requests_this_month: credits.requests,
      last_run: summary.last_run_summary?.credits ?? null,
    },
    inventory_push: push,
  };
}
