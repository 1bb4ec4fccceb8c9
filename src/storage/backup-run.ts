import { readConfig } from "../config";
import { insertBackupRun, markBackupFailed, markBackupSucceeded, markInterruptedBackups } from "../data/backups";
import { createDb } from "../db/client";
import { FORMAT_VERSION } from "../domain/backup-format";
import { backupObjectKey, backupTag } from "../domain/backup-naming";
import type { OptionalSecrets } from "../env";
import { type BackupAlert, pushoverBackupAlert } from "./backup-alert";
import { type BackupSizes, writeBackupObject } from "./backup-create";
import { readEncryptionKey } from "./backup-crypto";
import { pruneBackups } from "./backup-prune";

export type StartedBackup = { id: string; tag: string; r2_key: string };

export type BackupRunOptions = {
  triggeredBy: "cron" | "manual";
  /** Called once the run's row exists, so a manual trigger can answer with its id. */
  onStarted?: (started: StartedBackup) => void;
  /** Replaces the Pushover alert (tests count calls). */
  alert?: BackupAlert;
  sizes?: BackupSizes;
};

export type BackupRunSummary = { rowsProcessed: number; detail: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * One backup run; the caller holds the job lease. Records a `backups` row, writes the object,
 * then prunes. A failure marks the row failed, sends one alert, prunes nothing and rethrows;
 * the multipart upload is aborted, so earlier backups and the bucket are as they were.
 */
export async function performBackup(env: Env & OptionalSecrets, now: Date, options: BackupRunOptions): Promise<BackupRunSummary> {
  const db = createDb(env.DB);
  const alert = options.alert ?? pushoverBackupAlert(env, db);
  const id = crypto.randomUUID();
  const started: StartedBackup = { id, tag: backupTag(now), r2_key: backupObjectKey(now, id) };
  try {
    await markInterruptedBackups(db, now);
    await insertBackupRun(db, {
      id,
      startedAt: now,
      tag: started.tag,
      r2Key: started.r2_key,
      triggeredBy: options.triggeredBy,
      formatVersion: FORMAT_VERSION,
    });
  } catch (error) {
    await alert(messageOf(error));
    throw error;
  }
  options.onStarted?.(started);

  let created: Awaited<ReturnType<typeof writeBackupObject>>;
  let keepCount: number;
  try {
    keepCount = readConfig(env).BACKUP_RETENTION_COUNT;
    const master = readEncryptionKey(env.BACKUP_ENCRYPTION_KEY);
    created = await writeBackupObject(
      env.DB,
      env.BACKUPS,
      { backupId: id, createdAt: now, key: started.r2_key, tag: started.tag },
      master,
      options.sizes,
    );
    const tableCounts = Object.fromEntries(created.tables.map((t) => [t.name, t.rows]));
    await markBackupSucceeded(
      db,
      id,
      { sizeBytes: created.sizeBytes, rowCount: created.rowCount, sha256: created.sha256, tableCounts },
      new Date(),
    );
  } catch (error) {
    const message = messageOf(error);
    await markBackupFailed(db, id, message, new Date()).catch((e: unknown) => console.error("could not record the failed backup", e));
    await alert(message);
    throw error;
  }

  let pruneNote = "";
  try {
    const pruned = await pruneBackups(db, env.BACKUPS, keepCount, started.r2_key);
    if (pruned.length) pruneNote = `; pruned ${pruned.length}`;
  } catch (error) {
    // The backup itself is good; a pruning hiccup is retried by the next run.
    console.error("backup pruning failed", error);
    pruneNote = `; pruning failed: ${messageOf(error)}`;
  }
  return { rowsProcessed: created.rowCount, detail: `${started.r2_key} (${created.sizeBytes} bytes)${pruneNote}` };
}
