import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestApexPush } from "../../durable-objects/apex-push-client";
import { ApexConnectionView, BatchMapRefreshed, BatchMapResponse, SyncStatusResponse, SyncTriggered } from "../contracts/apex";
import { type BatchMapRow, readBatchMap, readPushStrains } from "../data/apex-map";
import { readSyncStatus, SYNC_REQUESTED_KEY } from "../data/apex-status";
import { writeSettings } from "../data/settings";
import { pushTargets } from "../domain/batch-mapping";
import { normalizeStrain } from "../domain/product-name";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { ApexError } from "../integrations/apex/errors";
import { apexClientFromEnv } from "../integrations/apex/from-env";
import { isMapStale, refreshBatchMap } from "../jobs/apex-inventory-push";
import { APEX_SYNC_JOB, apexSyncJob } from "../jobs/apex-sync";
import { runJob } from "../jobs/run-job";

/** Apex Trading mapping and sync (api.md §10, §13.2). */
export const apex = new Hono<AppEnv>();
const TAG = "Apex Trading";

function asBadGateway(error: unknown): never {
  if (error instanceof ApexError) throw new HTTPException(502, { message: error.message });
  throw error;
}

/** The mapping with the batch that receives each (strain, SKU) marked, and strains nothing matches (pages §26). */
async function mapView(db: AppEnv["Variables"]["db"], rows: BatchMapRow[], now: Date) {
  const targets = new Set(pushTargets(rows.map((r) => ({ ...r, sku_key: r.sku_key ?? "" }))).map((t) => t.apex_batch_id));
  const mapped = new Set(rows.map((r) => r.strain_normalized));
  const unmatched = (await readPushStrains(db)).filter((s) => !mapped.has(normalizeStrain(s)));
  const refreshed = rows.reduce<string | null>((max, r) => (max === null || r.refreshed_at > max ? r.refreshed_at : max), null);
  return {
    refreshed_at: refreshed,
    stale: isMapStale(rows, now),
    count: rows.length,
    entries: rows.map((r) => ({ ...r, is_push_target: targets.has(r.apex_batch_id) })),
    unmatched_strains: unmatched,
  };
}

defineRoute(
  apex,
  {
    method: "get",
    path: "/api/apex/batch-map",
    auth: "key-or-session",
    tag: TAG,
    summary: "Strain → Apex batch mapping",
    response: { 200: BatchMapResponse },
  },
  async (c) => c.json(await mapView(c.var.db, await readBatchMap(c.var.db), new Date())),
);

defineRoute(
  apex,
  {
    method: "post",
    path: "/api/apex/batch-map/refresh",
    auth: "key-or-session",
    tag: TAG,
    summary: "Rebuild the mapping from Apex products now",
    response: { 200: BatchMapRefreshed },
    responses: { 429: "Refreshed less than a minute ago (Retry-After)", 502: "Apex Trading failed" },
  },
  async (c) => {
    const now = new Date();
    const { rows, skippedProducts, coolingDownMs } = await refreshBatchMap(c.var.db, apexClientFromEnv(c.env), now).catch(asBadGateway);
    if (coolingDownMs !== undefined) {
      const seconds = Math.ceil(coolingDownMs / 1000);
      throw new HTTPException(429, {
        message: `The mapping was refreshed moments ago (each refresh costs Apex credits); try again in ${seconds} s`,
        res: new Response(null, { headers: { "Retry-After": String(seconds) } }),
      });
    }
    await requestApexPush(c.env);
    return c.json({ success: true, ...(await mapView(c.var.db, rows, now)), skipped_products: skippedProducts.slice(0, 500) });
  },
);

const syncStatus = async (c: { var: AppEnv["Variables"] }) => readSyncStatus(c.var.db, APEX_SYNC_JOB, new Date());

defineRoute(
  apex,
  {
    method: "get",
    path: "/api/apex/sync-status",
    auth: "key-or-session",
    tag: TAG,
    summary: "Order sync and inventory push health",
    response: { 200: SyncStatusResponse },
  },
  async (c) => c.json(await syncStatus(c)),
);

defineRoute(
  apex,
  {
    method: "get",
    path: "/api/apex-sync-status",
    auth: "key-or-session",
    tag: TAG,
    summary: "Last sync request, with the sync's health",
    response: { 200: SyncStatusResponse },
  },
  async (c) => c.json(await syncStatus(c)),
);

defineRoute(
  apex,
  {
    method: "post",
    path: "/api/apex-sync-trigger",
    auth: "key-or-session",
    tag: TAG,
    summary: "Request an Apex sync now (runs it at once)",
    response: { 200: SyncTriggered },
  },
  async (c) => {
    const now = new Date();
    await writeSettings(c.var.db, { [SYNC_REQUESTED_KEY]: now.toISOString() }, now);
    // rules §17.1 [PROPOSED]: the trigger runs the sync itself; its outcome rides along.
    const outcome = await runJob(c.env, apexSyncJob, now);
    const sync = {
      outcome: outcome.outcome,
      error: outcome.error ?? null,
      ...(JSON.parse(outcome.summary?.detail ?? "{}") as Record<string, unknown>),
    };
    return c.json({ success: true, last_sync_requested: now.toISOString(), sync });
  },
);

defineRoute(
  apex,
  {
    method: "get",
    path: "/api/apex/connection",
    auth: "key-or-session",
    tag: TAG,
    summary: "Check the Apex token (GET /v1/welcome)",
    response: { 200: ApexConnectionView },
  },
  async (c) => {
    try {
      const welcome = await apexClientFromEnv(c.env, { maxAttempts: 1, timeoutMs: 10_000 }).welcome();
      return c.json({ ok: true, message: welcome.message ?? null });
    } catch (error) {
      if (error instanceof ApexError) return c.json({ ok: false, error: error.message });
      throw error;
    }
  },
);
