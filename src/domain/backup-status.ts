import { backupStamp } from "./backup-naming";

/**
 * `GET /api/backup-status`: both documented field sets at once (gaps G-BAK-1). Workers keep no
 * local copies, so `local_backup_count` is 0; `remote_backup_count` is what R2 holds now (after
 * retention), `backup_count` every successful run on record.
 */

export type BackupRunSummary = {
  started_at: string;
  finished_at: string | null;
  size_bytes: number | null;
  tag: string | null;
  status: string;
  error: string | null;
};

export type BackupFacts = {
  newest: BackupRunSummary | null;
  lastSuccess: BackupRunSummary | null;
  successCount: number;
  storedCount: number;
};

/** Backups run every 6 hours on the UTC clock (`0 *\/6 * * *`). */
const BACKUP_INTERVAL_HOURS = 6;

export function nextScheduledBackup(now: Date): Date {
  const next = new Date(now);
  next.setUTCMinutes(0, 0, 0);
  next.setUTCHours(Math.floor(now.getUTCHours() / BACKUP_INTERVAL_HOURS) * BACKUP_INTERVAL_HOURS + BACKUP_INTERVAL_HOURS);
  return next;
}

/** healthy: the last run succeeded within two intervals; stale: it is older; failed; never_run. */
export function backupHealth(facts: BackupFacts, now: Date): "healthy" | "stale" | "failed" | "never_run" {
  if (!facts.newest) return "never_run";
  if (facts.newest.status === "failed") return "failed";
  const last = facts.lastSuccess?.finished_at ?? facts.lastSuccess?.started_at;
  if (!last) return facts.newest.status === "running" ? "healthy" : "never_run";
  const ageHours = (now.getTime() - Date.parse(last)) / 3_600_000;
  return ageHours <= 2 * BACKUP_INTERVAL_HOURS ? "healthy" : "stale";
}

export function backupStatus(facts: BackupFacts, now: Date) {
  const last = facts.lastSuccess;
  const lastAt = last ? (last.finished_at ?? last.started_at) : null;
  const size = last?.size_bytes ?? null;
  return {
    last_backup: lastAt,
    backup_count: facts.successCount,
    backup_size_mb: size === null ? null : Math.round((size / (1024 * 1024)) * 100) / 100,
    status: backupHealth(facts, now),
    next_scheduled: nextScheduledBackup(now).toISOString(),
    last_backup_time: last ? backupStamp(new Date(last.started_at)) : null,
    last_backup_size_bytes: size,
    local_backup_count: 0,
    remote_backup_count: facts.storedCount,
    last_remote_tag: last?.tag ?? null,
    last_status: facts.newest ? facts.newest.status : "never_run",
    last_error: facts.newest?.status === "failed" ? facts.newest.error : null,
  };
}
