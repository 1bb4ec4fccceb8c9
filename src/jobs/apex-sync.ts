import { requestApexPush } from "../../durable-objects/apex-push-client";
import { stampArea } from "../../durable-objects/hub-client";
import { applyOrderIntake, closeSyncIncident, hasOpenSyncIncident, openSyncIncident, readOrdersCursor } from "../data/apex";
import { latestJobRuns } from "../data/jobs";
import { readOpenLines, readPackingSettings } from "../data/packing";
import { completeOrderInDb, openOrdersAmong } from "../data/packing-complete";
import { claimAlertSlot } from "../data/pushover-alerts";
import { createDb } from "../db/client";
import { nextCursor, windowStart } from "../domain/order-intake";
import { isSyncDue, type PackingSettings, statusMatches } from "../domain/packing";
import { summarizeRuns } from "../domain/sync-status";
import type { Db, OptionalSecrets } from "../env";
import type { ApexClient } from "../integrations/apex/client";
import { type ApexClientOverrides, apexClientFromEnv } from "../integrations/apex/from-env";
import { checkLowStockOfPackagesQuietly, credentialsOf, readPushoverSettings, sendPushover } from "../integrations/pushover";
import type { Job, JobSummary } from "./run-job";

export const APEX_SYNC_JOB = "apex-sync";
/** A failure streak this long is an incident worth one Pushover alert (about three minutes). */
const ALERT_AFTER_FAILURES = 3;

type Alert = (env: Env, db: Db, message: string, now: Date) => Promise<boolean>;
export type ApexSyncDeps = { client?: ApexClientOverrides; alert?: Alert; alertAfterFailures?: number };

/** Sends the incident alert through the Pushover notifier when notifications are set up. */
const pushoverAlert: Alert = async (env, db, message, now) => {
  const settings = await readPushoverSettings(db);
  const { token, user } = credentialsOf(settings, env as Env & OptionalSecrets);
  if (!settings.enabled || !token || !user) return false;
  const sent = await sendPushover(
    env as Env & OptionalSecrets,
    { token, user },
    { title: "PreRollTracker – Apex sync failing", message, priority: 1 },
  );
  if (sent.ok) await claimAlertSlot(db, APEX_SYNC_JOB, "critical", message, now, now);
  return sent.ok;
};

/** Orders Apex now reports Complete or Delivered ship what was packed (rules §18.5). */
async function autoComplete(
  db: Db,
  orderIds: number[],
  settings: PackingSettings,
  now: Date,
): Promise<{ completed: number; shipped: string[] }> {
  let completed = 0;
  const shipped: string[] = [];
  for (const order of await openOrdersAmong(db, orderIds)) {
    if (!statusMatches(order.order_status, false, settings.auto_complete_statuses)) continue;
    const lines = await readOpenLines(db, { orderId: order.id });
    const outcome = await completeOrderInDb(db, {
      orderId: order.id,
      invoiceNumber: order.invoice_number,
      lines,
      actor: "system",
      source: "apex",
      now,
    });
    if (!outcome.ok) continue;
    completed += 1;
    shipped.push(...outcome.shipped.map((s) => s.metrc_number));
  }
  return { completed, shipped };
}

type Orders = Awaited<ReturnType<ApexClient["listShippingOrders"]>>;

/**
 * Apex sometimes lists an order without its `items`: each such order is fetched alone; one that
 * still has none waits (nothing of it is stored) for the next pull.
 */
async function withItems(client: ApexClient, listed: Orders): Promise<{ orders: Orders; waiting: Orders }> {
  const orders: Orders = [];
  const waiting: Orders = [];
  for (const order of listed) {
    if (order.items !== undefined) {
      orders.push(order);
      continue;
    }
    const alone = await client.getShippingOrder(order.id).catch(() => null);
    if (alone?.items !== undefined) orders.push(alone);
    else waiting.push(order);
  }
  return { orders, waiting };
}

/** The cursor never passes an order that waits, so the next pull (cursor minus overlap) lists it again. */
export function cursorBefore(cursor: string | null, waiting: readonly { updated_at: string }[]): string | null {
  let at = cursor === null ? Number.POSITIVE_INFINITY : Date.parse(cursor);
  for (const order of waiting) {
    const updated = Date.parse(order.updated_at);
    if (!Number.isNaN(updated)) at = Math.min(at, updated);
  }
  return Number.isFinite(at) ? new Date(at).toISOString() : cursor;
}

async function noteFailure(env: Env, db: Db, error: unknown, now: Date, deps: ApexSyncDeps): Promise<void> {
  try {
    const message = error instanceof Error ? error.message : String(error);
    const streak = summarizeRuns(await latestJobRuns(db, APEX_SYNC_JOB, 50), now).consecutive_failures + 1;
    if (streak < (deps.alertAfterFailures ?? ALERT_AFTER_FAILURES) || (await hasOpenSyncIncident(db))) return;
    const alert = deps.alert ?? pushoverAlert;
    const text = `Apex order sync has failed ${streak} times in a row. Last error: ${message.slice(0, 200)}`;
    // Only a delivered alert opens the incident, so an unreachable Pushover is retried next run.
    if (await alert(env, db, text, now)) await openSyncIncident(db, text, now);
  } catch (alertError) {
    console.error("could not alert about the failing Apex sync", alertError);
  }
}

/**
 * One incremental pull of shipping orders (rules §18.1, decisions 9): `updated_at_from` = last
 * cursor minus the overlap, every page, stored in one transaction; idempotent.
 */
async function syncApexOrders(env: Env, now: Date, deps: ApexSyncDeps = {}): Promise<JobSummary> {
  const db = createDb(env.DB);
  try {
    const settings = await readPackingSettings(db);
    const client = apexClientFromEnv(env, deps.client);
    const cursor = await readOrdersCursor(db);
    const listed = await client.listShippingOrders({ updatedFrom: windowStart(cursor, settings.initial_sync_date) });
    const { orders, waiting } = await withItems(client, listed);
    const result = await applyOrderIntake(db, orders, settings, now, cursorBefore(nextCursor(cursor, orders), waiting));
    const { completed, shipped } = await autoComplete(db, result.changedOrderIds, settings, now);
    if (await closeSyncIncident(db)) console.log("Apex order sync recovered");
    // The orders are committed: neither the clocks nor the push scheduler can fail the run now.
    const packingChanged = result.ordersWritten > 0 || completed > 0;
    const stockChanged = result.packagesTouched.length > 0 || completed > 0;
    await Promise.all([packingChanged && stampArea(env, "packing"), stockChanged && stampArea(env, "finished-goods")]);
    if (stockChanged) {
      await requestApexPush(env);
      // Orders reserve grams and completions ship them: check the strains of the packages involved.
      await checkLowStockOfPackagesQuietly(env, db, [...new Set([...result.packagesTouched, ...shipped])]);
    }
    const summary = {
      orders_fetched: result.ordersFetched,
      orders_written: result.ordersWritten,
      lines_written: result.linesWritten,
      auto_completed: completed,
      requests: client.stats.requests,
      retries: client.stats.retries,
      waited_ms: client.stats.waitedMs,
      credits: client.stats.credits,
    };
    return { rowsProcessed: result.ordersWritten, detail: JSON.stringify(summary) };
  } catch (error) {
    await noteFailure(env, db, error, now, deps);
    throw error;
  }
}

/**
 * Whether a scheduled tick should pull: the last pull (a run that was not skipped) started at least
 * the settings' poll interval ago. Sync now does not ask: it always pulls.
 */
export async function apexSyncDue(env: Env, now: Date): Promise<boolean> {
  const db = createDb(env.DB);
  const [settings, runs] = await Promise.all([readPackingSettings(db), latestJobRuns(db, APEX_SYNC_JOB, 5)]);
  const last = runs.find((r) => r.outcome !== "skipped")?.started_at ?? null;
  return isSyncDue(last, settings.apex_poll_interval_seconds, now);
}

export function createApexSyncJob(deps: ApexSyncDeps = {}): Job {
  return { name: APEX_SYNC_JOB, leaseMs: 5 * 60_000, run: (env, now) => syncApexOrders(env, now, deps) };
}

export const apexSyncJob = createApexSyncJob();
