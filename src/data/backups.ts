import { and, desc, eq, inArray, lt, ne } from "drizzle-orm";
import { backups } from "../db/schema";
import type { Db } from "../env";

export type BackupRow = typeof backups.$inferSelect;
type BackupTrigger = "cron" | "manual";

export async function insertBackupRun(
  db: Db,
  run: { id: string; startedAt: Date; tag: string; r2Key: string; triggeredBy: BackupTrigger; formatVersion: number },
): Promise<void> {
  await db.insert(backups).values({
    id: run.id,
    started_at: run.startedAt.toISOString(),
    tag: run.tag,
    r2_key: run.r2Key,
    status: "running",
    triggered_by: run.triggeredBy,
    format_version: run.formatVersion,
  });
}

/** Records who started a manual run (issue 18), on the row the trigger already wrote. */
export async function recordBackupStarter(db: Db, id: string, actor: string): Promise<void> {
  await db.update(backups).set({ started_by: actor }).where(eq(backups.id, id));
}

export async function markBackupSucceeded(
  db: Db,
  id: string,
  result: { sizeBytes: number; rowCount: number; sha256: string; tableCounts: Record<string, number>; verifiedAt?: Date },
  finishedAt: Date,
): Promise<void> {
  await db
    .update(backups)
    .set({
      status: "success",
      ...(result.verifiedAt ? { verified_at: result.verifiedAt.toISOString(), verify_error: null } : {}),
      finished_at: finishedAt.toISOString(),
      size_bytes: result.sizeBytes,
      row_count: result.rowCount,
      sha256: result.sha256,
      table_counts: JSON.stringify(result.tableCounts),
      error: null,
    })
    .where(eq(backups.id, id));
}

export type BackupProgress = {
  phase: "dumping" | "verifying" | "pruning" | "done";
  tables_done: number;
  tables_total: number;
  rows: number;
  bytes: number;
  updated_at: string;
};

export async function recordBackupProgress(db: Db, id: string, progress: BackupProgress): Promise<void> {
  await db
    .update(backups)
    .set({ progress: JSON.stringify(progress) })
    .where(eq(backups.id, id));
}

export async function markBackupFailed(db: Db, id: string, error: string, finishedAt: Date): Promise<void> {
  await db
    .update(backups)
    .set({ status: "failed", finished_at: finishedAt.toISOString(), error: error.slice(0, 1000) })
    .where(eq(backups.id, id));
}

/**
 * Runs still marked running when a new run holds the lease died without finishing (the Worker
 * was evicted, or the row was captured mid-run by a backup that was later restored).
 */
export async function markInterruptedBackups(db: Db, now: Date, exceptId?: string): Promise<number> {
  const rows = await db
    .update(backups)
    .set({ status: "failed", finished_at: now.toISOString(), error: "Backup did not finish (the run was interrupted)" })
    .where(and(eq(backups.status, "running"), exceptId === undefined ? undefined : ne(backups.id, exceptId)))
    .returning({ id: backups.id });
  return rows.length;
}

export async function recordBackupVerification(db: Db, id: string, verifiedAt: Date, error: string | null): Promise<void> {
  await db
    .update(backups)
    .set({ verified_at: verifiedAt.toISOString(), verify_error: error?.slice(0, 1000) ?? null })
    .where(eq(backups.id, id));
}

export async function findBackup(db: Db, id: string): Promise<BackupRow | null> {
  return (await db.select().from(backups).where(eq(backups.id, id)).get()) ?? null;
}

/** Newest first; `before` is a started_at cursor from the previous page. */
export async function listBackupRuns(db: Db, options: { limit: number; before?: string }): Promise<BackupRow[]> {
  return db
    .select()
    .from(backups)
    .where(options.before ? lt(backups.started_at, options.before) : undefined)
    .orderBy(desc(backups.started_at), desc(backups.id))
    .limit(options.limit);
}

/** How each of these backups was started, from their rows (objects written before that was in their metadata). */
export async function triggersOfBackups(db: Db, r2Keys: readonly string[]): Promise<Map<string, BackupTrigger>> {
  const out = new Map<string, BackupTrigger>();
  for (let i = 0; i < r2Keys.length; i += 90) {
    const rows = await db
      .select({ r2_key: backups.r2_key, triggered_by: backups.triggered_by })
      .from(backups)
      .where(inArray(backups.r2_key, r2Keys.slice(i, i + 90)));
    for (const row of rows) if (row.r2_key) out.set(row.r2_key, row.triggered_by === "manual" ? "manual" : "cron");
  }
  return out;
}

/** Rows of backups whose objects retention deleted, and failed runs older than `failedBefore`. */
export async function deletePrunedBackupRows(db: Db, prunedKeys: readonly string[], failedBefore: string | null): Promise<void> {
  const statements = [];
  for (let i = 0; i < prunedKeys.length; i += 90) {
    statements.push(db.delete(backups).where(inArray(backups.r2_key, prunedKeys.slice(i, i + 90))));
  }
  if (failedBefore) statements.push(db.delete(backups).where(and(eq(backups.status, "failed"), lt(backups.started_at, failedBefore))));
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}
