import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { startManualBackup } from "../../durable-objects/backup-runner-client";
import { actorOf } from "../auth/middleware";
import { ConfigError } from "../config";
import { BackupIdParams, BackupListView, BackupRunView, BackupStarted, BackupVerified, ListBackupsQuery } from "../contracts/backups";
import { type BackupRow, findBackup, listBackupRuns, recordBackupStarter, recordBackupVerification } from "../data/backups";
import { eventStatement } from "../data/events";
import { BackupFormatError } from "../domain/backup-format";
import { RETENTION_TIERS } from "../domain/backup-retention";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { readEncryptionKey } from "../storage/backup-crypto";
import { listStoredBackups } from "../storage/backup-prune";
import { verifyBackup } from "../storage/backup-restore";

/** Encrypted backups to R2: list, trigger, and the restore drill. */
export const backups = new Hono<AppEnv>();
const TAG = "Backups";

function parsed(text: string | null): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function present(row: BackupRow, stored: ReadonlySet<string> | null) {
  return {
    ...row,
    table_counts: parsed(row.table_counts),
    progress: parsed(row.progress),
    ...(stored ? { stored: row.r2_key !== null && stored.has(row.r2_key) } : {}),
  };
}

/** The age tiers as the listing reports them. */
const RETENTION = {
  keep_all_hours: RETENTION_TIERS.keepAllHours,
  daily_days: RETENTION_TIERS.dailyDays,
  weekly_days: RETENTION_TIERS.weeklyDays,
  manual_max: RETENTION_TIERS.manualMax,
};

async function requireBackup(c: { var: AppEnv["Variables"] }, id: string): Promise<BackupRow> {
  const row = await findBackup(c.var.db, id);
  if (!row) throw new HTTPException(404, { message: "Backup not found" });
  return row;
}

defineRoute(
  backups,
  {
    method: "get",
    path: "/api/backups",
    auth: "key-or-session",
    tag: TAG,
    summary: "Backup runs, newest first, with what storage holds",
    response: { 200: BackupListView },
    query: ListBackupsQuery,
  },
  async (c, { query }) => {
    const [rows, stored] = await Promise.all([listBackupRuns(c.var.db, query), listStoredBackups(c.env.BACKUPS)]);
    const keys = new Set(stored.map((s) => s.key));
    return c.json({
      backups: rows.map((r) => present(r, keys)),
      retention: RETENTION,
      stored_count: stored.length,
      next_before: rows.length === query.limit ? (rows.at(-1)?.started_at ?? null) : null,
    });
  },
);

defineRoute(
  backups,
  {
    method: "get",
    path: "/api/backups/:id",
    auth: "key-or-session",
    tag: TAG,
    summary: "One backup run",
    response: { 200: BackupRunView },
    params: BackupIdParams,
  },
  async (c, { params }) => c.json(present(await requireBackup(c, params.id), null)),
);

defineRoute(
  backups,
  {
    method: "post",
    path: "/api/backups",
    auth: "session",
    tag: TAG,
    summary: "Back up now (answers 202 with the run's id; poll GET /api/backups/{id} for status and progress)",
    response: { 202: BackupStarted },
    responses: { 202: "Backup started", 409: "A backup is already running" },
  },
  async (c) => {
    // Runs in a Durable Object alarm, where a long backup can finish; the shared job lease makes a
    // request while any backup (cron or manual) runs come back refused.
    const outcome = await startManualBackup(c.env);
    if (!outcome.ok) throw new HTTPException(409, { message: "A backup is already running" });
    await recordBackupStarter(c.var.db, outcome.started.id, actorOf(c));
    await eventStatement(c.var.db, { actor: actorOf(c), action: "backup_started", target: outcome.started.id }, new Date());
    return c.json({ ...outcome.started, status: "running" }, 202);
  },
);

defineRoute(
  backups,
  {
    method: "post",
    path: "/api/backups/:id/verify",
    auth: "session",
    tag: TAG,
    summary: "Restore drill: decrypt and check the whole backup without writing anything",
    response: { 200: BackupVerified },
    params: BackupIdParams,
    responses: {
      200: "The backup is intact and restorable",
      404: "Unknown backup or file gone",
      409: "Backup not finished",
      422: "Backup failed verification",
    },
  },
  async (c, { params }) => {
    const row = await requireBackup(c, params.id);
    if (row.status !== "success" || !row.r2_key)
      throw new HTTPException(409, { message: "Only a finished, successful backup can be verified" });
    let master: Uint8Array;
    try {
      master = readEncryptionKey(c.env.BACKUP_ENCRYPTION_KEY);
    } catch (error) {
      throw new ConfigError(`Server misconfigured: ${(error as Error).message}`);
    }
    const object = await c.env.BACKUPS.get(row.r2_key);
    if (!object) throw new HTTPException(404, { message: "Backup file is no longer in storage" });
    try {
      const report = await verifyBackup(c.env.DB, object.body, master);
      // A valid backup of some other run stored under this key is still the wrong file.
      if (report.backup_id !== row.id || (row.sha256 && report.sha256 !== row.sha256)) {
        throw new BackupFormatError("the file in storage is not the backup this run recorded");
      }
      await recordBackupVerification(c.var.db, row.id, new Date(), null);
      return c.json({ id: row.id, tag: row.tag, r2_key: row.r2_key, ok: true, ...report });
    } catch (error) {
      if (!(error instanceof BackupFormatError)) throw error;
      await recordBackupVerification(c.var.db, row.id, new Date(), error.message);
      throw new HTTPException(422, { message: `Backup failed verification: ${error.message}` });
    }
  },
);
