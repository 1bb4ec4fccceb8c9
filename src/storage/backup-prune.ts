import { deletePrunedBackupRows } from "../data/backups";
import { BACKUP_PREFIX, parseBackupKey } from "../domain/backup-naming";
import { chooseBackupsToPrune } from "../domain/backup-retention";
import type { Db } from "../env";

export type StoredBackup = { key: string; size: number; uploaded: string };

/** Every backup object this app wrote, newest first. */
export async function listStoredBackups(bucket: R2Bucket): Promise<StoredBackup[]> {
  const out: StoredBackup[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: BACKUP_PREFIX, cursor, limit: 1000 });
    for (const o of page.objects) if (parseBackupKey(o.key)) out.push({ key: o.key, size: o.size, uploaded: o.uploaded.toISOString() });
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out.sort((a, b) => b.key.localeCompare(a.key));
}

function stampToIso(stamp: string): string {
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.000Z`;
}

/**
 * Keeps the newest `keepCount` backups (always including `newestGoodKey`, the one just written)
 * and deletes the rest, objects first and then their rows. Failed runs older than every kept
 * backup are forgotten once the bucket is full, so the table stays as short as the bucket.
 */
export async function pruneBackups(db: Db, bucket: R2Bucket, keepCount: number, newestGoodKey: string): Promise<string[]> {
  const stored = await listStoredBackups(bucket);
  const { keep, prune } = chooseBackupsToPrune(
    stored.map((s) => s.key),
    keepCount,
    [newestGoodKey],
  );
  for (let i = 0; i < prune.length; i += 1000) await bucket.delete(prune.slice(i, i + 1000));
  // Only once the bucket is full: until then every failed run is still recent history.
  const oldestKept = keep.length >= keepCount ? keep.map(parseBackupKey).at(-1) : null;
  await deletePrunedBackupRows(db, prune, oldestKept ? stampToIso(oldestKept.stamp) : null);
  return prune;
}
