import { acquireJobLease, finishJobRun, insertJobRun, releaseJobLease, renewJobLease } from "../data/jobs";
import { createDb } from "../db/client";

export type JobSummary = { rowsProcessed: number; detail?: string };
export type Job = { name: string; run: (env: Env, now: Date) => Promise<JobSummary>; leaseMs?: number };
export type JobOutcome = { outcome: "success" | "failed" | "skipped"; summary?: JobSummary; error?: string };

/**
 * Runs a job under its lease and records the run (start, end, outcome, rows). An overlapping
 * run is recorded as skipped and does nothing. `heldLease` is the holder of a lease the caller
 * took earlier (a manual backup takes it when asked, and runs later); it is renewed, not taken.
 */
export async function runJob(env: Env, job: Job, now: Date, options: { heldLease?: string } = {}): Promise<JobOutcome> {
  const db = createDb(env.DB);
  const holder = options.heldLease ?? crypto.randomUUID();
  const leaseMs = job.leaseMs ?? 10 * 60_000;
  const leased = options.heldLease
    ? await renewJobLease(db, job.name, holder, Date.now(), leaseMs)
    : await acquireJobLease(db, job.name, holder, now.getTime(), leaseMs);
  if (!leased) {
    await insertJobRun(db, job.name, now, "skipped");
    return { outcome: "skipped" };
  }
  const runId = await insertJobRun(db, job.name, now);
  try {
    const summary = await job.run(env, now);
    await finishJobRun(db, runId, { outcome: "success", ...summary }, new Date());
    return { outcome: "success", summary };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await finishJobRun(db, runId, { outcome: "failed", rowsProcessed: 0, detail: message.slice(0, 1000) }, new Date());
    console.error(`job ${job.name} failed`, message);
    return { outcome: "failed", error: message };
  } finally {
    await releaseJobLease(db, job.name, holder);
  }
}
