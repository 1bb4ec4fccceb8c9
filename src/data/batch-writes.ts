import { eq, sql } from "drizzle-orm";
import { auditLog, batches } from "../db/schema";
import type { AuditChange } from "../domain/batch-edit";
import type { PerSize } from "../domain/batch-sizes";
import type { Db } from "../env";
import { type Actor, auditStatement } from "./audit";
import {
  absoluteCountsSql,
  batchUpdateStatement,
  type CountsWrite,
  countSetFragments,
  countSideEffectStatements,
  countsWriteStatements,
  readCountSideEffects,
} from "./batch-counts";
import { type BatchRow, findBatchRow } from "./batches";
import { rowsOf, runNamedBatch } from "./d1-batch";

type CountsOutcome = { found: boolean; changedFields: number; papersConsumed: boolean };

/** Applies a counts write as one D1 batch (see batch-counts.ts for why no read comes first). */
export async function writeCounts(db: Db, write: CountsWrite): Promise<CountsOutcome> {
  const { counts, sideEffects, update } = countsWriteStatements(db, write);
  const written = await runNamedBatch(db, { ...sideEffects, update: rowsOf<{ version: number }>(update) });
  return { found: written.update.rows.length > 0, ...readCountSideEffects(written, counts) };
}

type GuardedEdit = {
  batchId: string;
  version: number;
  set: Record<string, unknown>;
  audits: AuditChange[];
  counts?: Partial<PerSize<number>>;
  now: Date;
  actor: Actor;
};

/** Writes an edit planned from a read of the row, only if the row still has the version read. */
async function applyGuardedEdit(db: Db, edit: GuardedEdit): Promise<{ applied: boolean; papersConsumed: boolean }> {
  const guard = { batchId: edit.batchId, actor: edit.actor, now: edit.now, guardVersion: edit.version };
  const counts = absoluteCountsSql({ ...guard, counts: edit.counts ?? {} } satisfies CountsWrite);
  const audits = Object.fromEntries(edit.audits.map((a, i) => [`edit audit ${i}`, auditStatement(db, { ...a, ...guard })]));
  const effects = countSideEffectStatements(db, counts);
  const countSets = countSetFragments(counts);
  const sets: Record<string, unknown> = {
    ...edit.set,
    ...countSets.sets,
    version: sql`version + 1`,
    updated_at: edit.now.toISOString(),
  };
  const update = batchUpdateStatement(db, edit.batchId, sets, edit.version, countSets.from);
  const written = await runNamedBatch(db, { ...audits, ...effects, update: rowsOf<{ version: number }>(update) });
  return { applied: written.update.rows.length > 0, papersConsumed: readCountSideEffects(written, counts).papersConsumed };
}

type EditDecision<T> =
  | { ok: true; edit: Omit<GuardedEdit, "batchId" | "version" | "now" | "actor">; result: T }
  | { ok: false; reason: string };
type EditOutcome<T> =
  | { kind: "not_found" }
  | { kind: "refused"; reason: string }
  | { kind: "conflict" }
  | { kind: "done"; result: T; changed: boolean; papersConsumed: boolean };

/**
 * Read, decide, write guarded by the row version; when another write got in between, decide again
 * on the fresh row. Used by edits that depend on the stored row (PUT, plan, centrifuge).
 */
export async function editBatch<T>(
  db: Db,
  batchId: string,
  context: { now: Date; actor: Actor },
  decide: (row: BatchRow) => EditDecision<T>,
  attempts = 5,
): Promise<EditOutcome<T>> {
  for (let i = 0; i < attempts; i++) {
    const row = await findBatchRow(db, batchId);
    if (!row) return { kind: "not_found" };
    const decision = decide(row);
    if (!decision.ok) return { kind: "refused", reason: decision.reason };
    const { edit, result } = decision;
    const hasCounts = edit.counts !== undefined && Object.values(edit.counts).some((v) => v !== undefined);
    if (Object.keys(edit.set).length === 0 && edit.audits.length === 0 && !hasCounts) {
      return { kind: "done", result, changed: false, papersConsumed: false };
    }
    const outcome = await applyGuardedEdit(db, {
      ...edit,
      counts: hasCounts ? edit.counts : undefined,
      batchId,
      version: row.version,
      ...context,
    });
    if (outcome.applied) return { kind: "done", result, changed: true, papersConsumed: outcome.papersConsumed };
  }
  return { kind: "conflict" };
}

type NewBatch = Record<string, unknown> & { id: string; strain: string };

/** Inserts a batch at the end of the dashboard order, logs `created`, then applies its counts. */
export async function insertBatch(
  db: Db,
  batch: NewBatch,
  counts: Partial<PerSize<number>>,
  audits: AuditChange[],
  context: { now: Date; actor: Actor },
): Promise<{ papersConsumed: boolean }> {
  const at = context.now.toISOString();
  const insert = db.insert(batches).values({
    ...(batch as typeof batches.$inferInsert),
    display_order: sql`(SELECT COALESCE(MAX(display_order), 0) + 1 FROM batches WHERE archived = 0)`,
    created_at: at,
    updated_at: at,
  });
  const logged = Object.fromEntries(
    [{ field: "created", old: null, new: batch.strain }, ...audits].map((a, i) => [
      `created audit ${i}`,
      auditStatement(db, { ...a, batchId: batch.id, ...context }),
    ]),
  );
  const write = countsWriteStatements(db, { batchId: batch.id, counts, ...context });
  const hasCounts = Object.keys(write.sideEffects).length > 0;
  const counted = hasCounts ? { ...write.sideEffects, update: write.update } : {};
  const written = await runNamedBatch(db, { insert, ...logged, ...counted });
  return { papersConsumed: readCountSideEffects(written, write.counts).papersConsumed };
}

/** Archives or unarchives; false when the batch is missing, already so, or (public) not Done. */
export async function setArchived(
  db: Db,
  batchId: string,
  archive: boolean,
  context: { now: Date; actor: Actor; onlyStage?: number },
): Promise<boolean> {
  const from = archive ? 0 : 1;
  const to = archive ? 1 : 0;
  const stage = context.onlyStage === undefined ? sql`` : sql` AND stage = ${context.onlyStage}`;
  const at = context.now.toISOString();
  const where = sql`id = ${batchId} AND archived = ${from}${stage}`;
  const written = await runNamedBatch(db, {
    audit: db
      .insert(auditLog)
      .select(
        sql`SELECT NULL, id, strain, ${at}, 'archived', ${String(from)}, ${String(to)}, ${context.actor} FROM batches WHERE ${where}`,
      ),
    update: db.update(batches).set({ archived: to, version: sql`version + 1`, updated_at: at }).where(where).returning({ id: batches.id }),
  });
  return written.update.rows.length > 0;
}

/** display_order = position in `ids`, with an audit row for each batch whose position moved. */
export async function reorderBatches(db: Db, ids: readonly string[], context: { now: Date; actor: Actor }): Promise<number> {
  const list = JSON.stringify(ids);
  const at = context.now.toISOString();
  const position = sql`(SELECT key FROM json_each(${list}) WHERE value = batches.id)`;
  const written = await runNamedBatch(db, {
    audit: db
      .insert(auditLog)
      .select(sql`SELECT NULL, b.id, b.strain, ${at}, 'display_order', CAST(b.display_order AS TEXT), CAST(j.key AS TEXT), ${context.actor}
      FROM batches b JOIN json_each(${list}) j ON j.value = b.id WHERE b.display_order <> j.key`),
    update: db
      .update(batches)
      .set({ display_order: position, version: sql`version + 1`, updated_at: at })
      .where(sql`id IN (SELECT value FROM json_each(${list})) AND display_order <> ${position}`),
  });
  return written.audit.changes;
}

/** Deletes a batch; its audit rows stay, with a final `deleted` row. False when it did not exist. */
export async function deleteBatch(db: Db, batchId: string, context: { now: Date; actor: Actor }): Promise<boolean> {
  const written = await runNamedBatch(db, {
    audit: auditStatement(db, { batchId, field: "deleted", old: null, new: "1", ...context }),
    delete: db.delete(batches).where(eq(batches.id, batchId)).returning({ id: batches.id }),
  });
  return written.delete.rows.length > 0;
}
