import { pruneExpiredRows } from "../data/housekeeping";
import { createDb } from "../db/client";
import { housekeepingCutoffs } from "../domain/housekeeping";
import type { Job } from "./run-job";

export const HOUSEKEEPING_JOB = "housekeeping";

/** Daily: expired sessions and reset tokens, old rate-limit windows, idempotency keys and job runs. */
export const housekeepingJob: Job = {
  name: HOUSEKEEPING_JOB,
  run: async (env, now) => {
    const deleted = await pruneExpiredRows(createDb(env.DB), housekeepingCutoffs(now));
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    return { rowsProcessed: total, detail: JSON.stringify({ deleted }) };
  },
};
