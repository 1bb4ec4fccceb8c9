import {
  type BackupProgress,
  insertBackupRun,
  markBackupFailed,
  markBackupSucceeded,
  markInterruptedBackups,
  recordBackupProgress,
} from "../data/backups";
import { createDb } from "../db/client";
import { FORMAT_VERSION } from "../domain/backup-format";
import { backupObjectKey, backupTag } from "../domain/backup-naming";
import type { OptionalSecrets } from "../env";
import { type BackupAlert, pushoverBackupAlert } from "./backup-alert";
import { type BackupSizes, writeBackupObject } from "./backup-create";
import { readEncryptionKey } from "./backup-crypto";
import { pruneBackups } from "./backup-prune";
import { verifyBackup } from "./backup-restore";

export type StartedBackup = { id: string; tag: string; r2_key: string };

export type BackupRunOptions = {
  triggeredBy: "cron" | "manual";
  /** A run whose `backups` row the caller already wrote (the manual trigger answers with its id). */
  started?: StartedBackup;
  /** Called once the run's row exists, so a manual trigger can answer with its id. */
  onStarted?: (started: StartedBackup) => void;
  /** Replaces the Pushover alert (tests count calls). */
  alert?: BackupAlert;
  sizes?: BackupSizes;
};

type BackupRunSummary = { rowsProcessed: number; detail: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The id, tag and R2 key of a backup started at `now`. */
export function newBackup(now: Date): StartedBackup {
  const id = crypto.randomUUID();
  return { id, tag: backupTag(now), r2_key: backupObjectKey(now, id) };
}

/** Reads the object back whole (decrypt, decompress, every hash) and checks it is this run's. */
async function verifyWritten(env: Env, started: StartedBackup, master: Uint8Array, sha256: string): Promise<void> {
  const object = await env.BACKUPS.get(started.r2_key);
  if (!object) throw new Error("verification failed: the object is not in storage");
  const report = await verifyBackup(env.DB, object.body, master);
  if (report.backup_id !== started.id || report.sha256 !== sha256)
    throw new Error("verification failed: the stored object is not this backup");
}

/**
 * One backup run; the caller holds the job lease. Records a `backups` row, writes the object,
 * reads it back whole to verify it, then prunes by the age tiers. A failure marks the row failed,
 * sends one alert, prunes nothing and rethrows; a failed upload is aborted and an object that fails
 * verification deleted, so earlier backups and the bucket are as they were. Progress is written to
 * the row after every table and at each phase.
 */
export async function performBackup(env: Env & OptionalSecrets, now: Date, options: BackupRunOptions): Promise<BackupRunSummary> {
  const db = createDb(env.DB);
  const alert = options.alert ?? pushoverBackupAlert(env, db);
  const started = options.started ?? newBackup(now);
  const { id } = started;
  try {
    await markInterruptedBackups(db, now, id);
    if (!options.started) {
      await insertBackupRun(db, {
        id,
        startedAt: now,
        tag: started.tag,
        r2Key: started.r2_key,
        triggeredBy: options.triggeredBy,
        formatVersion: FORMAT_VERSION,
      });
    }
  } catch (error) {
    await alert(messageOf(error));
    throw error;
  }
  options.onStarted?.(started);

  const progress: BackupProgress = { phase: "dumping", tables_done: 0, tables_total: 0, rows: 0, bytes: 0, updated_at: now.toISOString() };
  const report = (next: Partial<BackupProgress>) =>
    recordBackupProgress(db, id, Object.assign(progress, next, { updated_at: new Date().toISOString() }));
  let created: Awaited<ReturnType<typeof writeBackupObject>>;
  try {
    const master = readEncryptionKey(env.BACKUP_ENCRYPTION_KEY);
    created = await writeBackupObject(
      env.DB,
      env.BACKUPS,
      { backupId: id, createdAt: now, key: started.r2_key, tag: started.tag, triggeredBy: options.triggeredBy },
      master,
      options.sizes,
      (p) => report({ tables_done: p.tablesDone, tables_total: p.tablesTotal, rows: p.rows, bytes: p.bytes }),
    );
    await report({ phase: "verifying" });
    await verifyWritten(env, started, master, created.sha256).catch(async (error: unknown) => {
      await env.BACKUPS.delete(started.r2_key).catch(() => {});
      throw error;
    });
    const tableCounts = Object.fromEntries(created.tables.map((t) => [t.name, t.rows]));
    const verifiedAt = new Date();
    await markBackupSucceeded(
      db,
      id,
      { sizeBytes: created.sizeBytes, rowCount: created.rowCount, sha256: created.sha256, tableCounts, verifiedAt },
      verifiedAt,
    );
  } catch (error) {
    const message = messageOf(error);
    await markBackupFailed(db, id, message, new Date()).catch((e: unknown) => console.error("could not record the failed backup", e));
    await alert(message);
    throw error;
  }

  let pruneNote = "";
  try {
    await report({ phase: "pruning" });
    const pruned = await pruneBackups(db, env.BACKUPS, now, started.r2_key);
    if (pruned.length) pruneNote = `; pruned ${pruned.length}`;
    await report({ phase: "done" });
  } catch (error) {
    // The backup itself is good; a pruning hiccup is retried by the next run.
    console.error("backup pruning failed", error);
    pruneNote = `; pruning failed: ${messageOf(error)}`;
  }
  return { rowsProcessed: created.rowCount, detail: `${started.r2_key} (${created.sizeBytes} bytes)${pruneNote}` };
}
