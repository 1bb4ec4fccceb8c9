import {
  type BatchMapRow,
  claimMapRefresh,
  readBatchMap,
  readPushHolds,
  readPushPackages,
  readPushState,
  recordPush,
  releaseMapRefresh,
  replaceBatchMap,
} from "../data/apex-map";
import { readPackingSettings } from "../data/packing";
import { loadCatalogue } from "../data/sku-catalogue";
import { createDb } from "../db/client";
import { BATCH_MAP_TTL_MS, buildBatchMap, planPush, pushTargets, unitsForTargets } from "../domain/batch-mapping";
import type { Db } from "../env";
import type { ApexClient } from "../integrations/apex/client";
import { ApexError } from "../integrations/apex/errors";
import { type ApexClientOverrides, apexClientFromEnv } from "../integrations/apex/from-env";

/** Products are listed from this date so the mapping sees the whole catalogue. */
const CATALOGUE_FROM = "2000-01-01T00:00:00Z";
/** Failures that the next batch would hit as well: stop the round instead of hammering Apex. */
const FATAL: readonly string[] = ["config", "auth", "forbidden", "credits", "rate_limited"];

type PushSummary = { planned: number; pushed: number; mapRefreshed: boolean; requests: number; credits: number; skipped?: string };

/** The least time between two batch-map refreshes (manual or automatic): each one costs credits. */
const MAP_REFRESH_COOLDOWN_MS = 60_000;

type MapRefresh = { rows: BatchMapRow[]; skippedProducts: string[]; coolingDownMs?: number };

/**
 * Rebuilds the strain → Apex batch mapping from Apex's products (rules §17.3), at most once per
 * cooldown; inside it, answers the stored mapping and how long until the next refresh may run.
 */
export async function refreshBatchMap(db: Db, client: ApexClient, now: Date): Promise<MapRefresh> {
  const slot = await claimMapRefresh(db, now, MAP_REFRESH_COOLDOWN_MS);
  if (!slot.ok) return { rows: await readBatchMap(db), skippedProducts: [], coolingDownMs: slot.waitMs };
  const products = await client.listProductsWithBatches(CATALOGUE_FROM).catch(async (error: unknown) => {
    await releaseMapRefresh(db, now);
    throw error;
  });
  const { entries, skipped } = buildBatchMap(products);
  await replaceBatchMap(db, entries, now);
  return { rows: await readBatchMap(db), skippedProducts: skipped };
}

export function isMapStale(rows: readonly BatchMapRow[], now: Date): boolean {
  if (rows.length === 0) return true;
  const newest = Math.max(...rows.map((r) => Date.parse(r.refreshed_at) || 0));
  return now.getTime() - newest > BATCH_MAP_TTL_MS;
}

/**
 * Writes units per SKU to the mapped Apex batches (rules §17.4): only quantities that differ from
 * the last one sent. Called by the push scheduler's alarm, at most every 10 s.
 */
export async function pushInventoryToApex(env: Env, now: Date, overrides: ApexClientOverrides = {}): Promise<PushSummary> {
  const db = createDb(env.DB);
  const settings = await readPackingSettings(db);
  if (!settings.inventory_push_enabled)
    return { planned: 0, pushed: 0, mapRefreshed: false, requests: 0, credits: 0, skipped: "inventory push is off" };
  const client = apexClientFromEnv(env, overrides);
  const previous = await readPushState(db);
  const sent: { apex_batch_id: number; quantity: number }[] = [];
  let failure: ApexError | null = null;
  let planned = 0;
  let mapRefreshed = false;
  try {
    let map = await readBatchMap(db);
    mapRefreshed = isMapStale(map, now);
    if (mapRefreshed) map = (await refreshBatchMap(db, client, now)).rows;
    const targets = pushTargets(
      map.flatMap((r) =>
        r.sku_key !== null && r.grams_per_unit !== null && r.pack_count !== null
          ? [{ ...r, sku_key: r.sku_key, grams_per_unit: r.grams_per_unit, pack_count: r.pack_count }]
          : [],
      ),
    );
    const [packages, holds, defaults] = await Promise.all([readPushPackages(db), readPushHolds(db), loadCatalogue(db)]);
    const plan = planPush(targets, unitsForTargets(packages, holds, defaults, targets));
    planned = plan.length;
    for (const item of plan) {
      try {
        await client.setBatchQuantity(item.apex_batch_id, item.quantity);
        sent.push(item);
      } catch (error) {
        failure = asApexError(error);
        if (FATAL.includes(failure.kind)) break;
      }
    }
  } catch (error) {
    failure = asApexError(error);
  }
  if (sent.length > 0 || failure || client.stats.credits > 0) {
    await recordPush(db, { sent, error: failure?.message ?? null, credits: client.stats.credits }, previous, now);
  }
  if (failure) throw failure;
  return { planned, pushed: sent.length, mapRefreshed, requests: client.stats.requests, credits: client.stats.credits };
}

function asApexError(error: unknown): ApexError {
  return error instanceof ApexError ? error : new ApexError("network", error instanceof Error ? error.message : String(error));
}
