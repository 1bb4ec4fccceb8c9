import { type BackupRunOptions, performBackup } from "../storage/backup-run";
import type { Job } from "./run-job";

/** Cron and the manual trigger share this name, and so the lease: never two backups at once. */
export const BACKUP_JOB_NAME = "backup";
/** Longer than any run can last (a cron invocation gets 15 minutes of wall time). */
export const BACKUP_LEASE_MS = 20 * 60_000;

export function backupJob(options: BackupRunOptions): Job {
  return { name: BACKUP_JOB_NAME, leaseMs: BACKUP_LEASE_MS, run: (env, now) => performBackup(env, now, options) };
}

// Every 6 hours, as wrangler.toml schedules it.
export const scheduledBackup: Job = backupJob({ triggeredBy: "cron" });
