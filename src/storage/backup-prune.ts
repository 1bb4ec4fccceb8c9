import { deletePrunedBackupRows, triggersOfBackups } from "../data/backups";
import { BACKUP_PREFIX, parseBackupKey } from "../domain/backup-naming";
import { type BackupTrigger, chooseBackupsToPrune, RETENTION_TIERS, type RetentionTiers } from "../domain/backup-retention";
import type { Db } from "../env";

type StoredBackup = { key: string; size: number; uploaded: string; trigger: BackupTrigger | null };

const isTrigger = (value: unknown): value is BackupTrigger => value === "cron" || value === "manual";

/** Every backup object this app wrote, newest first, with how it was started when the object says. */
export async function listStoredBackups(bucket: R2Bucket): Promise<StoredBackup[]> {
  const out: StoredBackup[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: BACKUP_PREFIX, cursor, limit: 1000, include: ["customMetadata"] });
    for (const o of page.objects) {
      if (!parseBackupKey(o.key)) continue;
      const trigger = o.customMetadata?.triggered_by;
      out.push({ key: o.key, size: o.size, uploaded: o.uploaded.toISOString(), trigger: isTrigger(trigger) ? trigger : null });
    }
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out.sort((a, b) => b.key.localeCompare(a.key));
}

/**
 * Applies the age tiers (domain/backup-retention.ts) to what the bucket holds, always keeping
 * `newestGoodKey` (the backup just written and verified), and deletes the rest: objects first, then
 * their rows. How a backup was started comes from its object's metadata, else its row; one known
 * by neither counts as scheduled, the side that keeps more. Failed runs older than the weekly tier
 * are forgotten.
 */
export async function pruneBackups(
  db: Db,
  bucket: R2Bucket,
  now: Date,
  newestGoodKey: string,
  tiers: RetentionTiers = RETENTION_TIERS,
): Promise<string[]> {
  const stored = await listStoredBackups(bucket);
  const unknown = stored.filter((s) => s.trigger === null).map((s) => s.key);
  const fromRows = unknown.length ? await triggersOfBackups(db, unknown) : new Map<string, BackupTrigger>();
  const { prune } = chooseBackupsToPrune(
    stored.map((s) => ({ key: s.key, trigger: s.trigger ?? fromRows.get(s.key) ?? "cron" })),
    now,
    tiers,
    [newestGoodKey],
  );
  for (let i = 0; i < prune.length; i += 1000) await bucket.delete(prune.slice(i, i + 1000));
  const failedBefore = new Date(now.getTime() - tiers.weeklyDays * 86_400_000).toISOString();
  await deletePrunedBackupRows(db, prune, failedBefore);
  return prune;
}
