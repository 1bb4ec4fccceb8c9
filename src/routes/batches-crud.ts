import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { abilitiesOf, actorOf } from "../auth/middleware";
import { readConfig } from "../config";
import { CreatedBatch } from "../contracts/batch-responses";
import { BatchAuditView, BatchDetailView } from "../contracts/batch-views";
import { AuditQuery, BatchParams, CreateBatchBody, UpdateBatchBody } from "../contracts/batches";
import { Ok } from "../contracts/responses";
import { countChangesSince, listBatchAudit } from "../data/audit";
import { deleteBatch, editBatch, insertBatch } from "../data/batch-writes";
import { batchExists, findBatchRow, presentBatch } from "../data/batches";
import { batchEditRefusal } from "../domain/abilities";
import { planBatchEdit, type StoredBatch } from "../domain/batch-edit";
import { computedProperties } from "../domain/batch-properties";
import { SIZES } from "../domain/batch-sizes";
import { localDayStart, producedFromChanges } from "../domain/progress";
import { parseRateHistory, rateMetrics } from "../domain/rates";
import type { AppEnv } from "../env";
import { idempotentWrite } from "../http/idempotency";
import { defineRoute } from "../http/registry";
import { BATCH_NOT_FOUND, batchNotFound, countsBySize, operationalSettings, stampBatchWrite, TAG } from "./batches-shared";

const CHANGED_WHILE_SAVING = "The batch changed while saving; reload and try again";

/** Splits the count columns (written by the counts SQL, with paper consumption) from the rest. */
function splitCounts<T extends { counts_0_5?: number; counts_0_7?: number; counts_1_0?: number }>(body: T) {
  const { counts_0_5, counts_0_7, counts_1_0, ...fields } = body;
  return { counts: countsBySize({ counts_0_5, counts_0_7, counts_1_0 }), fields };
}

/** A new batch as the edit rules see it: stage 0 "Not ground", nothing produced yet (rules §2.1). */
function blankBatch(inputGrams: number, now: Date): StoredBatch {
  return {
    stage: 0,
    input_grams: inputGrams,
    grams_ground: 0,
    stage_entered_at: now.toISOString(),
    production_start_time: null,
    production_end_time: null,
    production_duration_hours: null,
    production_sessions: null,
    current_session_start: null,
    total_work_hours: 0,
    packaging_status: "available",
    packaging_blocked_since: null,
    new_metrc_created: 0,
    new_metrc_number: null,
    origin_metrc_number: null,
  };
}

/** The batch version as an entity tag: `If-Match` on PUT refuses an edit based on an older copy. */
const versionTag = (version: number) => `"v${version}"`;
const STALE_COPY = "This batch changed on another device since you opened it; look at the new values and save again";

/** One batch with its computed properties, metrics derived from its rate history and today's output. */
async function batchResponse(c: Context<AppEnv>, batchId: string): Promise<Response> {
  const now = new Date();
  const dayStart = localDayStart(now, readConfig(c.env).TIME_ZONE);
  const [row, { test_alert_hours }, changes] = await Promise.all([
    findBatchRow(c.var.db, batchId),
    operationalSettings(c, ["test_alert_hours"]),
    countChangesSince(c.var.db, batchId, dayStart),
  ]);
  if (!row) throw batchNotFound();
  const batch = presentBatch(row);
  // Read as the counts SQL reads it: an imported history that is not an array of points is no history.
  const history = parseRateHistory(batch.rate_history);
  const computed = computedProperties({ ...row, source_materials: batch.source_materials }, now, test_alert_hours);
  const res = c.json({
    ...batch,
    rate_history: row.rate_history === null ? null : history,
    rate_metrics: rateMetrics(history),
    ...computed,
    ...producedFromChanges(changes),
  });
  res.headers.set("ETag", versionTag(row.version));
  return res;
}

/** JSON create / read / edit / delete / audit of a batch (api.md §13.1). */
export const batchesCrud = new Hono<AppEnv>();

defineRoute(
  batchesCrud,
  {
    method: "post",
    path: "/api/batch",
    auth: "key-or-session",
    tag: TAG,
    summary: "Create a batch",
    response: { 201: CreatedBatch },
    body: CreateBatchBody,
    idempotent: true,
  },
  (c, { body }) =>
    idempotentWrite(c, async (writeDb) => {
      const now = new Date();
      const id = crypto.randomUUID();
      const { counts, fields } = splitCounts(body);
      const plan = planBatchEdit(blankBatch(body.input_grams, now), fields, now);
      if (!plan.ok) throw new HTTPException(400, { message: plan.reason });
      const row = {
        id,
        strain: body.strain,
        input_grams: body.input_grams,
        target_grams_each: body.target_grams_each,
        stage_entered_at: now.toISOString(),
        ...plan.set,
      };
      const autoAdvance = plan.audits.filter((a) => a.field === "stage_auto_advanced");
      const { papersConsumed } = await insertBatch(writeDb, row, counts, autoAdvance, { now, actor: actorOf(c) });
      await stampBatchWrite(c, papersConsumed);
      return c.json({ ok: true, id }, 201);
    }),
);

defineRoute(
  batchesCrud,
  {
    method: "get",
    path: "/api/batch/:batch_id",
    auth: "key-or-session",
    tag: TAG,
    summary: "One batch (active or archived) with computed properties",
    response: { 200: BatchDetailView },
    params: BatchParams,
    responses: { 404: BATCH_NOT_FOUND },
  },
  (c, { params }) => batchResponse(c, params.batch_id),
);

defineRoute(
  batchesCrud,
  {
    method: "put",
    path: "/api/batch/:batch_id",
    // Floor workers move the stage and counts; other fields need write:production (checked per field below).
    ability: "write:counts",
    auth: "key-or-session",
    tag: TAG,
    summary: "Edit a batch (send `If-Match` with the ETag of GET to refuse an edit based on an older copy)",
    response: { 200: BatchDetailView },
    params: BatchParams,
    body: UpdateBatchBody,
    responses: { 404: BATCH_NOT_FOUND, 409: `${CHANGED_WHILE_SAVING} / ${STALE_COPY}` },
  },
  async (c, { params, body }) => {
    if (Object.values(body).every((v) => v === undefined)) throw new HTTPException(400, { message: "No fields to update" });
    const now = new Date();
    const { counts, fields } = splitCounts(body);
    const basedOn = c.req.header("If-Match");
    const outcome = await editBatch(c.var.db, params.batch_id, { now, actor: actorOf(c) }, (row) => {
      // Checked on the row the guarded write is based on: no other edit can slip in between.
      if (basedOn !== undefined && basedOn !== "*" && basedOn !== versionTag(row.version)) return { ok: false, reason: STALE_COPY };
      const beyond = batchEditRefusal(abilitiesOf(c.var.principal), row, fields);
      if (beyond) throw new HTTPException(403, { message: beyond });
      const plan = planBatchEdit(row, fields, now);
      // Counts equal to the stored ones are no change (no audit row, no version bump).
      const changedCounts = { ...counts };
      for (const size of SIZES) if (changedCounts[size] === row[`counts_${size}`]) delete changedCounts[size];
      return plan.ok ? { ok: true, edit: { set: plan.set, audits: plan.audits, counts: changedCounts }, result: null } : plan;
    });
    if (outcome.kind === "not_found") throw batchNotFound();
    if (outcome.kind === "refused") throw new HTTPException(outcome.reason === STALE_COPY ? 409 : 400, { message: outcome.reason });
    if (outcome.kind === "conflict") throw new HTTPException(409, { message: CHANGED_WHILE_SAVING });
    if (outcome.changed) await stampBatchWrite(c, outcome.papersConsumed);
    return batchResponse(c, params.batch_id);
  },
);

defineRoute(
  batchesCrud,
  {
    method: "delete",
    path: "/api/batch/:batch_id",
    auth: "key-or-session",
    tag: TAG,
    summary: "Delete a batch (its audit rows are kept)",
    response: { 200: Ok },
    params: BatchParams,
    responses: { 404: BATCH_NOT_FOUND },
  },
  async (c, { params }) => {
    if (!(await deleteBatch(c.var.db, params.batch_id, { now: new Date(), actor: actorOf(c) }))) throw batchNotFound();
    await stampBatchWrite(c);
    return c.json({ ok: true });
  },
);

defineRoute(
  batchesCrud,
  {
    method: "get",
    path: "/api/batch/:batch_id/audit",
    auth: "key-or-session",
    tag: TAG,
    summary: "Audit rows of one batch, newest first",
    response: { 200: BatchAuditView },
    params: BatchParams,
    query: AuditQuery,
    responses: { 404: BATCH_NOT_FOUND },
  },
  async (c, { params, query }) => {
    const rows = await listBatchAudit(c.var.db, params.batch_id, query.limit ?? 500);
    if (rows.length === 0 && !(await batchExists(c.var.db, params.batch_id))) throw batchNotFound();
    return c.json({ batch_id: params.batch_id, audit: rows });
  },
);
