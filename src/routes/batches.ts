import { type Context, Hono } from "hono";
import { clockToIso, readAreaClock } from "../../durable-objects/hub-client";
import { RateHistoryView, RateProjectionView } from "../contracts/batch-responses";
import { AllocationPreviewView, BatchListView, TestingAlertsView } from "../contracts/batch-views";
import { AllocationQuery, BatchParams, DataQuery, StrainParams } from "../contracts/batches";
import { LastUpdated } from "../contracts/responses";
import { newestAuditTs } from "../data/audit";
import { findBatchRow, listBatchesJson, presentBatch, strainFinishedRates, waitingOnTesting } from "../data/batches";
import { allocationPreview } from "../domain/allocation";
import { testingAlerts } from "../domain/batch-alerts";
import { parseRateHistory, rateMetrics, rateProjection } from "../domain/rates";
import type { AppEnv } from "../env";
import { BATCH_LISTS, jsonText, serveList } from "../http/list-cache";
import { defineRoute } from "../http/registry";
import { batchNotFound, operationalSettings, TAG } from "./batches-shared";

/** Production batches (api.md §2, §13.1). Reads here; writes in batches-production, batch-count-deltas and batches-crud. */
export const batches = new Hono<AppEnv>();

/** The batch lists come from the one list cache; seeded rows start the clock so they get copies too. */
function serveBatchList(c: Context<AppEnv>, which: "active" | "archived", includeHistory: boolean): Promise<Response> {
  const build = async () => jsonText(await listBatchesJson(c.var.db, which, includeHistory));
  return serveList(c, BATCH_LISTS, build);
}

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/data",
    auth: "key-or-session",
    tag: TAG,
    summary: "Active batches by display order",
    response: { 200: BatchListView },
    query: DataQuery,
  },
  (c, { query }) => serveBatchList(c, "active", query.include_history ?? false),
);

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/archive",
    auth: "key-or-session",
    tag: TAG,
    summary: "Archived batches",
    response: { 200: BatchListView },
    query: DataQuery,
  },
  (c, { query }) => serveBatchList(c, "archived", query.include_history ?? false),
);

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/batches/last-updated",
    auth: "key-or-session",
    tag: TAG,
    summary: "When any batch last changed",
    response: { 200: LastUpdated },
  },
  async (c) => {
    const clock = await readAreaClock(c.env, "batches");
    if (clock > 0) return c.json({ timestamp: clockToIso(clock) });
    // Before the hub has ever stamped (fresh deployment, imported data) the newest audit row speaks.
    const ts = await newestAuditTs(c.var.db);
    const ms = ts ? Date.parse(ts) : Number.NaN;
    return c.json({ timestamp: Number.isFinite(ms) ? new Date(ms).toISOString() : null });
  },
);

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/batch/:batch_id/rate-history",
    auth: "key-or-session",
    tag: TAG,
    summary: "Rate history and metrics of one batch",
    response: { 200: RateHistoryView },
    params: BatchParams,
    responses: { 404: "Batch not found" },
  },
  async (c, { params }) => {
    const row = await findBatchRow(c.var.db, params.batch_id);
    if (!row) throw batchNotFound();
    const history = parseRateHistory(presentBatch(row).rate_history);
    return c.json({
      batch_id: row.id,
      strain: row.strain,
      stage: row.stage,
      rate_history: history,
      rate_metrics: rateMetrics(history),
      cached_production_rate: row.cached_production_rate,
    });
  },
);

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/strain/:strain_name/rate-projection",
    auth: "key-or-session",
    tag: TAG,
    summary: "Projected production rate of a strain from its past batches",
    response: { 200: RateProjectionView },
    params: StrainParams,
  },
  async (c, { params }) => {
    const projection = rateProjection(await strainFinishedRates(c.var.db, params.strain_name));
    if (!projection) {
      return c.json({ strain_name: params.strain_name, has_data: false, message: "No historical rate data available for this strain" });
    }
    return c.json({ strain_name: params.strain_name, has_data: true, ...projection });
  },
);

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/allocation-preview",
    auth: "session",
    tag: TAG,
    summary: "How a weight splits across sizes under the allocation setting",
    response: { 200: AllocationPreviewView },
    query: AllocationQuery,
  },
  async (c, { query }) => {
    const { allocation } = await operationalSettings(c, ["allocation"]);
    return c.json(allocationPreview(query.weight ?? 1000, allocation));
  },
);

defineRoute(
  batches,
  {
    method: "get",
    path: "/api/batches/testing-alerts",
    auth: "key-or-session",
    tag: TAG,
    summary: "Batches waiting on testing too long",
    response: { 200: TestingAlertsView },
  },
  async (c) => {
    const [{ test_alert_hours }, waiting] = await Promise.all([operationalSettings(c, ["test_alert_hours"]), waitingOnTesting(c.var.db)]);
    return c.json({ test_alert_hours, alerts: testingAlerts(waiting, test_alert_hours, new Date()) });
  },
);
