import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { actorOf } from "../auth/middleware";
import { BatchIdParam, WeightAnalyticsView, WeightCheckBody, WeightCheckRecorded } from "../contracts/weight-checks";
import { readWeightAnalytics, readWeightCheckState, saveWeightCheck } from "../data/weight-checks";
import { SIZES } from "../domain/batch-sizes";
import { DEFAULT_SETTINGS, TareWeights } from "../domain/settings";
import { isCheckDue, parseWeightLog, recordCheck, yieldBand } from "../domain/weight-check";
import type { AppEnv } from "../env";
import { stampAfterWrite } from "../http/after-write";
import { defineRoute } from "../http/registry";

/** Weight checks (api.md §8, rules §8). Session only. */
export const weightChecks = new Hono<AppEnv>();
const TAG = "Weight checks";
const BATCH_NOT_FOUND = "Batch not found";
/** Concurrent checks on one batch and size retry on a fresh read this many times. */
const SAVE_ATTEMPTS = 10;

defineRoute(
  weightChecks,
  {
    method: "post",
    path: "/api/weight-check/:batch_id",
    auth: "session",
    tag: TAG,
    summary: "Record a 10-piece sample weight",
    response: { 200: WeightCheckRecorded },
    params: BatchIdParam,
    body: WeightCheckBody,
    responses: { 404: BATCH_NOT_FOUND, 409: "The batch changed while saving" },
  },
  async (c, { params, body }) => {
    for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      const now = new Date();
      const { state, tare } = await readWeightCheckState(c.var.db, params.batch_id, body.size);
      if (!state) throw new HTTPException(404, { message: BATCH_NOT_FOUND });
      const tares = TareWeights.safeParse(tare).data ?? DEFAULT_SETTINGS.tare_weights;
      const result = recordCheck({
        id: crypto.randomUUID(),
        size: body.size,
        sampleWeight: body.sample_weight,
        tareGrams: tares[body.size],
        targetGramsEach: state.target_grams_each,
        countAtMeasurement: body.count_at_measurement,
        log: parseWeightLog(state.log_text),
        now,
      });
      const saved = await saveWeightCheck(c.var.db, {
        state,
        size: body.size,
        entry: result.entry,
        logText: JSON.stringify(result.log),
        runningYield: result.analysis.running_yield,
        actor: actorOf(c),
        now,
      });
      if (saved) {
        await stampAfterWrite(c, "batches");
        return c.json({ success: true, analysis: result.analysis });
      }
    }
    throw new HTTPException(409, { message: "The batch changed while saving the weight check; please try again" });
  },
);

defineRoute(
  weightChecks,
  {
    method: "get",
    path: "/api/weight-analytics/:batch_id",
    auth: "session",
    tag: TAG,
    summary: "Weight checks and running yield per size",
    response: { 200: WeightAnalyticsView },
    params: BatchIdParam,
    responses: { 404: BATCH_NOT_FOUND },
  },
  async (c, { params }) => {
    const batch = await readWeightAnalytics(c.var.db, params.batch_id);
    if (!batch) throw new HTTPException(404, { message: BATCH_NOT_FOUND });
    const sizes = Object.fromEntries(
      SIZES.map((size) => {
        const running = batch[`running_yield_${size}`];
        const lastCount = batch[`last_weight_check_count_${size}`];
        const count = batch[`counts_${size}`];
        return [
          size,
          {
            log: parseWeightLog(batch[`weight_log_${size}`]),
            running_yield: running,
            running_yield_color: yieldBand(running),
            last_check_count: lastCount,
            last_check_date: batch[`last_weight_check_date_${size}`],
            current_count: count,
            checks_due: isCheckDue(count, lastCount),
          },
        ];
      }),
    );
    return c.json({ batch_id: batch.id, strain: batch.strain, sizes });
  },
);
