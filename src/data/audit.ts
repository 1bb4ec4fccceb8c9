import { desc, eq, sql } from "drizzle-orm";
import { auditLog } from "../db/schema";
import type { AuditChange } from "../domain/batch-edit";
import type { Db } from "../env";

/**
 * Who changed something, as audit rows and events record it: the original password's session,
 * the original key, the system, or a named user or a named API key.
 */
export type Actor = "session" | "api_key" | "system" | `user:${string}` | `key:${string}`;

/**
 * One audit row for a batch field. The strain is copied from the batch row inside the statement,
 * and with `guardVersion` the row is written only while the batch still has that version, so it
 * commits or not together with the guarded update it is batched with.
 */
export function auditStatement(db: Db, entry: AuditChange & { batchId: string; actor: Actor; now: Date; guardVersion?: number }) {
  const guard = entry.guardVersion === undefined ? sql`` : sql` AND version = ${entry.guardVersion}`;
  return db
    .insert(auditLog)
    .select(sql`SELECT NULL, id, strain, ${entry.now.toISOString()}, ${entry.field}, ${entry.old}, ${entry.new}, ${entry.actor}
    FROM batches WHERE id = ${entry.batchId}${guard}`);
}

type AuditRow = typeof auditLog.$inferSelect;

/** Newest first; rows outlive the batch, so a deleted batch still has its history. */
export async function listBatchAudit(db: Db, batchId: string, limit: number): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(eq(auditLog.batch, batchId)).orderBy(desc(auditLog.ts), desc(auditLog.id)).limit(limit);
}

/** The newest audit timestamp: the batch change signal before the hub clock has ever moved. */
export async function newestAuditTs(db: Db): Promise<string | null> {
  const row = await db.get<{ ts: string | null }>(sql`SELECT MAX(ts) AS ts FROM audit_log`);
  return row?.ts ?? null;
}

/** `counts_*` changes of one batch since an instant, oldest first (for "today" figures). */
export async function countChangesSince(db: Db, batchId: string, since: Date): Promise<Pick<AuditRow, "field" | "old" | "new">[]> {
  return db.all(sql`SELECT field, old, new FROM audit_log
    WHERE batch = ${batchId} AND ts >= ${since.toISOString()} AND field IN ('counts_0_5', 'counts_0_7', 'counts_1_0')
    ORDER BY ts, id`);
}
