import { acquireJobLease, finishJobRun, insertJobRun, releaseJobLease } from "../src/data/jobs";
import { createDb } from "../src/db/client";

export type JobSummary = { rowsProcessed: number; detail?: string };
export type Job = { name: string; run: (env: Env, now: Date) => Promise<JobSummary>; leaseMs?: number };
export type JobOutcome = { outcome: "success" | "failed" | "skipped"; summary?: JobSummary; error?: string };

/**
 * Runs a job under its lease and records the run (start, end, outcome, rows). An overlapping
 * run is recorded as skipped and does nothing.
 */
export async function runJob(env: Env, job: Job, now: Date): Promise<JobOutcome> {
  const db = createDb(env.DB);
  const holder = crypto.randomUUID();
  const leaseMs = job.leaseMs ?? 10 * 60_000;
  if (!(await acquireJobLease(db, job.name, holder, now.getTime(), leaseMs))) {
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
