import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { actorOf } from "../auth/middleware";
import { readConfig } from "../config";
import { ArchiveAnswer, StatusSuccess, UpdateProgressView } from "../contracts/batch-responses";
import { PlanView } from "../contracts/batch-views";
import { ArchiveBody, BatchParams, CentrifugeBody, CountsBody, PlanBody, ReorderBody, UpdateProgressBody } from "../contracts/batches";
import { Ok } from "../contracts/responses";
import { countChangesSince } from "../data/audit";
import { editBatch, reorderBatches, setArchived, writeCounts } from "../data/batch-writes";
import { countBatchesWithIds, findBatchRow } from "../data/batches";
import { constrainPlan } from "../domain/allocation";
import { centrifugeChanges } from "../domain/batch-centrifuge";
import { diffFields } from "../domain/batch-edit";
import { computeProgress, localDayStart, producedFromChanges } from "../domain/progress";
import { STAGE_DONE } from "../domain/stages";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { BATCH_NOT_FOUND, batchNotFound, countsBySize, stampBatchWrite, TAG } from "./batches-shared";

const CHANGED_WHILE_SAVING = "The batch changed while saving; reload and try again";

/** Counts, progress, plan, centrifuge settings, order and archiving (api.md §2). */
export const batchesProduction = new Hono<AppEnv>();

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/batch/:batch_id/counts",
    ability: "write:counts",
    auth: "key-or-session",
    tag: TAG,
    summary: "Save running production counts",
    response: { 200: Ok },
    params: BatchParams,
    body: CountsBody,
    responses: { 404: BATCH_NOT_FOUND },
  },
  async (c, { params, body }) => {
    const outcome = await writeCounts(c.var.db, {
      batchId: params.batch_id,
      counts: countsBySize(body),
      now: new Date(),
      actor: actorOf(c),
    });
    if (!outcome.found) throw batchNotFound();
    if (outcome.changedFields > 0) await stampBatchWrite(c, outcome.papersConsumed);
    return c.json({ ok: true });
  },
);

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/update-progress/:batch_id",
    ability: "write:counts",
    auth: "key-or-session",
    tag: TAG,
    summary: "Save counts and get progress figures back",
    response: { 200: UpdateProgressView },
    params: BatchParams,
    body: UpdateProgressBody,
    responses: { 404: BATCH_NOT_FOUND },
  },
  async (c, { params, body }) => {
    const now = new Date();
    const db = c.var.db;
    const outcome = await writeCounts(db, { batchId: params.batch_id, counts: countsBySize(body), now, actor: actorOf(c) });
    if (!outcome.found) throw batchNotFound();
    if (outcome.changedFields > 0) await stampBatchWrite(c, outcome.papersConsumed);
    const dayStart = localDayStart(now, readConfig(c.env).TIME_ZONE);
    const [row, changes] = await Promise.all([findBatchRow(db, params.batch_id), countChangesSince(db, params.batch_id, dayStart)]);
    if (!row) throw batchNotFound();
    const counts = { "0_5": row.counts_0_5, "0_7": row.counts_0_7, "1_0": row.counts_1_0 };
    const planned = { "0_5": row.planned_0_5, "0_7": row.planned_0_7, "1_0": row.planned_1_0 };
    return c.json({
      status: "success",
      message: "Production progress updated successfully!",
      data: {
        counts_0_5: row.counts_0_5,
        counts_0_7: row.counts_0_7,
        counts_1_0: row.counts_1_0,
        planned_0_5: row.planned_0_5,
        planned_0_7: row.planned_0_7,
        planned_1_0: row.planned_1_0,
        ...computeProgress(counts, planned),
        ...producedFromChanges(changes),
      },
    });
  },
);

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/batch/:batch_id/plan",
    auth: "key-or-session",
    tag: TAG,
    summary: "Save planned counts, cut down to fit the weight",
    response: { 200: PlanView },
    params: BatchParams,
    body: PlanBody,
    responses: { 404: BATCH_NOT_FOUND, 409: CHANGED_WHILE_SAVING },
  },
  async (c, { params, body }) => {
    const outcome = await editBatch(c.var.db, params.batch_id, { now: new Date(), actor: actorOf(c) }, (row) => {
      const planUseGrams = body.plan_use_grams ?? row.plan_use_grams;
      const asked = {
        "0_5": body.planned_0_5 ?? row.planned_0_5,
        "0_7": body.planned_0_7 ?? row.planned_0_7,
        "1_0": body.planned_1_0 ?? row.planned_1_0,
      };
      const plan = constrainPlan({ inputGrams: row.input_grams, planUseGrams, planned: asked });
      const set = {
        planned_0_5: plan.planned["0_5"],
        planned_0_7: plan.planned["0_7"],
        planned_1_0: plan.planned["1_0"],
        plan_use_grams: planUseGrams,
      };
      const audits = diffFields(row, set);
      const changed = Object.fromEntries(Object.entries(set).filter(([field]) => audits.some((a) => a.field === field)));
      return { ok: true, edit: { set: changed, audits }, result: plan };
    });
    if (outcome.kind === "not_found") throw batchNotFound();
    if (outcome.kind !== "done") throw new HTTPException(409, { message: CHANGED_WHILE_SAVING });
    if (outcome.changed) await stampBatchWrite(c);
    const { planned, adjusted } = outcome.result;
    return c.json({ ok: true, adjusted, planned_0_5: planned["0_5"], planned_0_7: planned["0_7"], planned_1_0: planned["1_0"] });
  },
);

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/batch/:batch_id/centrifuge",
    auth: "session",
    tag: TAG,
    summary: "Save centrifuge settings (per size when `size` is given)",
    response: { 200: StatusSuccess },
    params: BatchParams,
    body: CentrifugeBody,
    responses: { 404: BATCH_NOT_FOUND },
  },
  async (c, { params, body }) => {
    const outcome = await editBatch(c.var.db, params.batch_id, { now: new Date(), actor: actorOf(c) }, (row) => {
      const change = centrifugeChanges(row.centrifuge_settings_by_size, body);
      if (!change.ok) return change;
      return { ok: true, edit: { set: change.set, audits: diffFields(row, change.set) }, result: null };
    });
    if (outcome.kind === "not_found") throw batchNotFound();
    if (outcome.kind === "refused") throw new HTTPException(400, { message: outcome.reason });
    if (outcome.kind === "conflict") throw new HTTPException(409, { message: CHANGED_WHILE_SAVING });
    if (outcome.changed) await stampBatchWrite(c);
    return c.json({ status: "success" });
  },
);

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/reorder",
    auth: "key-or-session",
    tag: TAG,
    summary: "Set the dashboard order",
    response: { 200: StatusSuccess },
    body: ReorderBody,
    responses: { 400: "No batch IDs provided", 404: BATCH_NOT_FOUND },
  },
  async (c, { body }) => {
    const ids = body.batch_ids ?? [];
    if (ids.length === 0) throw new HTTPException(400, { message: "No batch IDs provided" });
    if (new Set(ids).size !== ids.length) throw new HTTPException(400, { message: "batch_ids lists a batch more than once" });
    if ((await countBatchesWithIds(c.var.db, ids)) !== ids.length) throw batchNotFound();
    const moved = await reorderBatches(c.var.db, ids, { now: new Date(), actor: actorOf(c) });
    if (moved > 0) await stampBatchWrite(c);
    return c.json({ status: "success" });
  },
);

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/archive/:batch_id",
    auth: "key-or-session",
    tag: TAG,
    summary: "Archive or unarchive any batch",
    response: { 200: ArchiveAnswer },
    params: BatchParams,
    body: ArchiveBody,
    responses: { 404: "Batch not found or already in requested state" },
  },
  async (c, { params, body }) => {
    const archive = body.archive ?? true;
    if (!(await setArchived(c.var.db, params.batch_id, archive, { now: new Date(), actor: actorOf(c) }))) {
      throw new HTTPException(404, { message: "Batch not found or already in requested state" });
    }
    await stampBatchWrite(c);
    return c.json({ status: "success", action: archive ? "archived" : "unarchived" });
  },
);

defineRoute(
  batchesProduction,
  {
    method: "post",
    path: "/api/public/archive/:batch_id",
    auth: "key-or-session",
    tag: TAG,
    summary: "Archive a batch that is Done",
    response: { 200: ArchiveAnswer },
    params: BatchParams,
    responses: { 400: "Batch is already archived", 403: "Only completed batches (Done stage) can be archived", 404: BATCH_NOT_FOUND },
  },
  async (c, { params }) => {
    const context = { now: new Date(), actor: actorOf(c), onlyStage: STAGE_DONE };
    if (!(await setArchived(c.var.db, params.batch_id, true, context))) {
      // The guarded update refused; the row says why.
      const row = await findBatchRow(c.var.db, params.batch_id);
      if (!row) throw batchNotFound();
      if (row.stage !== STAGE_DONE) throw new HTTPException(403, { message: "Only completed batches (Done stage) can be archived" });
      throw new HTTPException(400, { message: "Batch is already archived" });
    }
    await stampBatchWrite(c);
    return c.json({ status: "success", action: "archived" });
  },
);
