/**
 * Names of backups. The tag keeps the original's `backup/YYYYMMDD_HHMMSS` (rules §16); the object key
 * adds a short id so two backups in the same second never overwrite each other.
 */
export const BACKUP_PREFIX = "backups/";
const KEY_PATTERN = /^backups\/(\d{8}_\d{6})-([0-9a-f]{8})\.bak\.enc$/;

/** `YYYYMMDD_HHMMSS` in UTC. */
export function backupStamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

export function backupTag(at: Date): string {
  return `backup/${backupStamp(at)}`;
}

/** The R2 key for a backup started at `at` with the given id (a UUID or hex string). */
export function backupObjectKey(at: Date, backupId: string): string {
  const short = backupId.replace(/-/g, "").slice(0, 8).toLowerCase();
  return `${BACKUP_PREFIX}${backupStamp(at)}-${short}.bak.enc`;
}

type ParsedBackupKey = { key: string; stamp: string; shortId: string };

/** Recognises keys this app wrote; anything else under the prefix is ignored by listing and pruning. */
export function parseBackupKey(key: string): ParsedBackupKey | null {
  const match = KEY_PATTERN.exec(key);
  if (!match?.[1] || !match[2]) return null;
  return { key, stamp: match[1], shortId: match[2] };
}
