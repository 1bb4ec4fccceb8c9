/**
 * The restore epoch: a settings row every restore rewrites in its swap transaction. The batch hub
 * watches it and moves every clock when it changes, so no copy or ETag from before a restore is
 * served afterwards, whether the restore ran from a Worker or from a script against D1.
 */
export const RESTORE_EPOCH_KEY = "restore_epoch";

type RestoreEpoch = { id: string; restored_at: string; backup_id: string };

/** The current epoch's id, or null when the database was never restored. */
export async function readRestoreEpochId(d1: D1Database): Promise<string | null> {
  const row = await d1.prepare("SELECT value FROM settings WHERE key = ?1").bind(RESTORE_EPOCH_KEY).first<{ value: string }>();
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value) as Partial<RestoreEpoch> | null;
    return typeof parsed?.id === "string" ? parsed.id : row.value;
  } catch {
    return row.value;
  }
}

export function writeRestoreEpochStatement(d1: D1Database, epoch: RestoreEpoch): D1PreparedStatement {
  return d1
    .prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    .bind(RESTORE_EPOCH_KEY, JSON.stringify(epoch), epoch.restored_at);
}
