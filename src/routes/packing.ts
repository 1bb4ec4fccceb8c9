import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestApexPush } from "../../durable-objects/apex-push-client";
import { clockToIso, readAreaClock } from "../../durable-objects/hub-client";
import { actorOf, signedInPerson } from "../auth/middleware";
import {
  CompleteOrderBody,
  OrderParams,
  PackingItemParams,
  PackingItemsQuery,
  PackingItemsResponse,
  PatchPackingItemBody,
} from "../contracts/packing";
import { OrderCompletedView, PackingLineChanged, PackingRefreshed } from "../contracts/packing-views";
import { CsvBody, LastUpdated } from "../contracts/responses";
import { packageExists } from "../data/finished-goods";
import { readLine, readLineViews, readOpenLines, readPackingSettings, updateLine } from "../data/packing";
import { completeOrderInDb, readOrder } from "../data/packing-complete";
import { packerInitials } from "../domain/operators";
import { checkCompletion, checkPacked, groupByProduct, groupByStore, inDateRange, newnessValidUntil } from "../domain/packing";
import type { AppEnv } from "../env";
import { inBackground, stampAfterWrite } from "../http/after-write";
import { idempotentWrite } from "../http/idempotency";
import { PACKING_LIST, serveList, timed } from "../http/list-cache";
import { defineRoute } from "../http/registry";
import { apexClientFromEnv } from "../integrations/apex/from-env";
import { checkLowStockOfPackagesQuietly } from "../integrations/pushover";
import { apexSyncJob } from "../jobs/apex-sync";
import { runJob } from "../jobs/run-job";
import { packingCsv } from "./packing-history";

/** Packing list (api.md §13.2); archive, aliases and settings in packing-history, scan-verify in packing-verify. */
export const packing = new Hono<AppEnv>();
const TAG = "Packing";

/**
 * After a committed packing write: move the clocks, let Apex hear about changed stock, and check
 * the stock of the packages involved (packed and shipped grams leave what is available).
 */
async function afterPackingWrite(c: Context<AppEnv>, packagesChanged: boolean, packages: readonly string[] = []): Promise<void> {
  await stampAfterWrite(c, "packing");
  if (!packagesChanged) return;
  await stampAfterWrite(c, "finished-goods");
  await requestApexPush(c.env);
  await inBackground(c, checkLowStockOfPackagesQuietly(c.env, c.var.db, packages));
}

defineRoute(
  packing,
  {
    method: "get",
    path: "/api/packing/items",
    auth: "key-or-session",
    tag: TAG,
    summary: "Packing lines by store or by product",
    response: { 200: [PackingItemsResponse, CsvBody] },
    query: PackingItemsQuery,
  },
  async (c, { query }) => {
    const linesAt = async (now: Date) =>
      (await readLineViews(c.var.db, now)).filter((l) => {
        if (query.filter === "all") return true;
        if (l.order_excluded) return false;
        return query.filter === "active" || inDateRange(l.order_date, query.from ?? "", query.to ?? "");
      });
    if (query.format === "csv") return packingCsv(c, "packing-list", await linesAt(new Date()));
    // ETag and 304 from a copy keyed by the packing and finished-goods versions, lasting until the next order turns 24 h old.
    return serveList(c, PACKING_LIST, async (now) => {
      const lines = await linesAt(now);
      const groups = query.view === "by_store" ? { stores: groupByStore(lines) } : { products: groupByProduct(lines) };
      const value = {
        view: query.view,
        filter: query.filter,
        from: query.from ?? null,
        to: query.to ?? null,
        generated_at: now.toISOString(),
        count: lines.length,
        ...groups,
      };
      return timed(
        value,
        newnessValidUntil(
          lines.map((l) => l.order_date),
          now,
        ),
      );
    });
  },
);

defineRoute(
  packing,
  {
    method: "patch",
    path: "/api/packing/items/:id",
    auth: "key-or-session",
    tag: TAG,
    summary: "Update a packing line (packed, initials, notes, delivery, METRC override)",
    response: { 200: PackingLineChanged },
    params: PackingItemParams,
    body: PatchPackingItemBody,
    responses: { 400: "Invalid value or more packed than ordered", 404: "Packing item not found", 409: "Changed by someone else" },
    idempotent: true,
  },
  (c, { params, body }) =>
    idempotentWrite(c, async (writeDb) => {
      // A named person signed in packs under their own initials, not typed ones (issue 18).
      const { version, ...patch } = packerInitials(body, signedInPerson(c));
      if (Object.values(patch).every((v) => v === undefined)) throw new HTTPException(400, { message: "No fields to update" });
      const line = await readLine(c.var.db, params.id);
      if (!line) throw new HTTPException(404, { message: "Packing item not found" });
      if (patch.packed !== undefined) {
        const verdict = checkPacked(line.ordered, patch.packed);
        if (!verdict.ok) throw new HTTPException(400, { message: verdict.reason });
      }
      if (patch.batch_name && !(await packageExists(c.var.db, patch.batch_name))) {
        throw new HTTPException(400, { message: `No finished-goods package has METRC number ${patch.batch_name}` });
      }
      const applied = await updateLine(writeDb, params.id, patch, line.batch_name, version, new Date());
      if (!applied) throw await refusal(c.var.db, params.id, patch.packed);
      await afterPackingWrite(
        c,
        patch.packed !== undefined || patch.batch_name !== undefined,
        [line.batch_name, patch.batch_name ?? ""].filter((m) => m !== ""),
      );
      const item = (await readLineViews(c.var.db, new Date(), { strainKey: line.strain_key })).find((l) => l.id === params.id) ?? null;
      return c.json({ success: true, item });
    }),
);

/** Why a guarded update did not apply: the line is gone, changed under us, or now ordered less. */
async function refusal(db: AppEnv["Variables"]["db"], id: number, packed: number | undefined): Promise<HTTPException> {
  const now = await readLine(db, id);
  if (!now) return new HTTPException(404, { message: "Packing item not found" });
  if (packed !== undefined) {
    const verdict = checkPacked(now.ordered, packed);
    if (!verdict.ok) return new HTTPException(400, { message: verdict.reason });
  }
  return new HTTPException(409, { message: "This packing line was changed by someone else; reload and try again" });
}

defineRoute(
  packing,
  {
    method: "post",
    path: "/api/packing/refresh",
    auth: "key-or-session",
    tag: TAG,
    summary: "Pull new and changed orders from Apex now",
    response: { 200: PackingRefreshed },
  },
  async (c) => {
    const now = new Date();
    const outcome = await runJob(c.env, apexSyncJob, now);
    if (outcome.outcome === "skipped") throw new HTTPException(409, { message: "An Apex sync is already running; try again in a moment" });
    if (outcome.outcome === "failed") throw new HTTPException(502, { message: `Apex sync failed: ${outcome.error ?? "unknown error"}` });
    const detail = JSON.parse(outcome.summary?.detail ?? "{}") as Record<string, unknown>;
    return c.json({ success: true, last_refresh_time: now.toISOString(), ...detail });
  },
);

defineRoute(
  packing,
  {
    method: "post",
    path: "/api/packing/orders/:order_id/complete",
    auth: "key-or-session",
    tag: TAG,
    summary: "Complete an order: archive its lines and ship the packed grams",
    response: { 200: OrderCompletedView },
    params: OrderParams,
    body: CompleteOrderBody,
    responses: { 404: "Order not found", 409: "Not fully packed, already completed, or changed meanwhile" },
    idempotent: true,
  },
  (c, { params, body }) =>
    idempotentWrite(c, async (writeDb) => {
      const db = c.var.db;
      const order = await readOrder(db, params.order_id);
      if (!order) throw new HTTPException(404, { message: "Order not found" });
      const invoice = order.invoice_number || String(order.id);
      if (order.completed_at) throw new HTTPException(409, { message: `Order ${invoice} was already completed` });
      const lines = await readOpenLines(db, { orderId: order.id });
      const verdict = checkCompletion(invoice, lines, body.force ?? false);
      if (!verdict.ok) throw new HTTPException(409, { message: verdict.reason });
      const outcome = await completeOrderInDb(writeDb, {
        orderId: order.id,
        invoiceNumber: invoice,
        lines,
        actor: actorOf(c),
        source: "packing",
        now: new Date(),
      });
      if (!outcome.ok) throw new HTTPException(409, { message: COMPLETION_REFUSALS[outcome.reason](invoice) });
      await afterPackingWrite(
        c,
        outcome.shipped.length > 0 || lines.some((l) => l.batch_name !== ""),
        outcome.shipped.map((s) => s.metrc_number),
      );
      const settings = await readPackingSettings(db);
      const apexStatus =
        (body.update_apex_status ?? settings.apex_status_writeback)
          ? await writeBackStatus(c.env, order, settings.apex_packed_status_name)
          : null;
      return c.json({
        success: true,
        order_id: order.id,
        invoice_number: invoice,
        archived_lines: lines.length,
        shipped: outcome.shipped,
        apex_status: apexStatus,
      });
    }),
);

const COMPLETION_REFUSALS = {
  already_completed: (invoice: string) => `Order ${invoice} was already completed`,
  lines_changed: (invoice: string) => `Order ${invoice} changed while it was being completed; reload and try again`,
  insufficient_grams: (invoice: string) =>
    `A METRC package of order ${invoice} no longer holds the grams to ship; check its finished goods`,
};

/** Decisions 4: set the order's Apex status to the configured "packed" status; failures are reported, not fatal. */
async function writeBackStatus(env: Env, order: { id: number; deal_flow_id: number | null }, statusName: string) {
  try {
    const client = apexClientFromEnv(env);
    const flows = await client.listDealFlows();
    const wanted = statusName.trim().toLowerCase();
    const candidates = flows.filter((f) => order.deal_flow_id === null || f.id === order.deal_flow_id || f.id === null);
    const status = candidates.flatMap((f) => f.order_statuses ?? []).find((s) => s.name.trim().toLowerCase() === wanted);
    if (!status) return { updated: false, error: `Apex has no order status named "${statusName}"` };
    await client.setShippingOrderStatus(order.id, status.id);
    return { updated: true, status: status.name };
  } catch (error) {
    return { updated: false, error: error instanceof Error ? error.message : String(error) };
  }
}

defineRoute(
  packing,
  {
    method: "get",
    path: "/api/packing/last-updated",
    auth: "key-or-session",
    tag: TAG,
    summary: "Change signal for the packing page",
    response: { 200: LastUpdated },
  },
  async (c) => c.json({ timestamp: clockToIso(await readAreaClock(c.env, "packing")) }),
);
