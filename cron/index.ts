import { type Job, type JobOutcome, runJob } from "../src/jobs/run-job";

/**
 * Cron expression → job. Must list exactly the crons of wrangler.toml (a test checks it).
 * Jobs arrive with their issues; until then an expression maps to no job and is logged.
 */
/** `due`: asked before the job runs; a tick it declines is no run (nothing is recorded). */
type CronJob = Job & { due?: (env: Env, now: Date) => Promise<boolean> };

export const jobs: Record<string, CronJob | undefined> = {
  "* * * * *": {
    name: "apex-sync",
    leaseMs: 5 * 60_000,
    // Every minute is the fastest the packing settings' poll interval allows; slower ones skip ticks.
    due: async (env, now) => (await import("../src/jobs/apex-sync")).apexSyncDue(env, now),
    run: async (env, now) => (await import("../src/jobs/apex-sync")).apexSyncJob.run(env, now),
  },
  "*/5 * * * *": { name: "learning-pass", run: async (env, now) => (await import("../src/jobs/learning-pass")).learningPass.run(env, now) },
  "0 */6 * * *": {
    name: "backup",
    leaseMs: 1_200_000,
    run: async (env, now) => (await import("../src/jobs/backup")).scheduledBackup.run(env, now),
  },
  "30 10 * * *": {
    name: "housekeeping",
    run: async (env, now) => (await import("../src/jobs/housekeeping")).housekeepingJob.run(env, now),
  },
  "*/30 * * * *": {
    name: "testing-alerts",
    run: async (env, now) => (await import("../src/jobs/scheduled-alerts")).testingAlertsJob.run(env, now),
  },
  "0 14 * * *": {
    name: "low-stock-check",
    run: async (env, now) => (await import("../src/jobs/scheduled-alerts")).lowStockJob.run(env, now),
  },
};

export async function runScheduled(controller: ScheduledController, env: Env): Promise<JobOutcome | null> {
  const job = jobs[controller.cron];
  if (!job) {
    console.warn(`no job registered for cron "${controller.cron}"; nothing ran`);
    return null;
  }
  const now = new Date(controller.scheduledTime);
  if (job.due && !(await job.due(env, now))) return { outcome: "skipped" };
  return runJob(env, job, now);
}
