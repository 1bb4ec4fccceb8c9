/**
 * What the housekeeping job deletes: rows that only mattered for a short window and would otherwise
 * pile up in every backup. Sessions and reset tokens go as soon as they can no longer be used.
 */
const KEEP_IDEMPOTENCY_KEYS_DAYS = 7;
const KEEP_JOB_RUNS_DAYS = 30;
/** Rate-limit windows are a minute long; a day of them is plenty to look back on. */
const KEEP_RATE_LIMIT_HOURS = 24;

export type HousekeepingCutoffs = {
  /** Sessions and reset tokens that expired before this (ISO) are deleted. */
  expiredBefore: string;
  idempotencyKeysBefore: string;
  jobRunsBefore: string;
  /** `rate_limit_hits.window_start` is in epoch milliseconds. */
  rateLimitWindowsBeforeMs: number;
};

const DAY_MS = 24 * 3600 * 1000;

export function housekeepingCutoffs(now: Date): HousekeepingCutoffs {
  const ms = now.getTime();
  return {
    expiredBefore: now.toISOString(),
    idempotencyKeysBefore: new Date(ms - KEEP_IDEMPOTENCY_KEYS_DAYS * DAY_MS).toISOString(),
    jobRunsBefore: new Date(ms - KEEP_JOB_RUNS_DAYS * DAY_MS).toISOString(),
    rateLimitWindowsBeforeMs: ms - KEEP_RATE_LIMIT_HOURS * 3600 * 1000,
  };
}
