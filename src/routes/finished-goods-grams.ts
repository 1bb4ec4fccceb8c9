/**
 * Gram operations on one package (api.md §4, rules §5.4 canonical buckets). Each is one guarded
 * batch with its history row; a refused change writes nothing.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodType } from "zod";
import { AmountBody, CompleteOrderBody, GramsBody, GramsTotalBody, PhysicalOverrideBody, SyncBody } from "../contracts/finished-goods";
import {
  Added,
  Deducted,
  OrderCompleted,
  Ordered,
  OrderedSet,
  OverrideSet,
  Packed,
  PackedSet,
  Synced,
} from "../contracts/finished-goods-views";
import { findPackage } from "../data/finished-goods";
import {
  addChange,
  type Change,
  changeBalance,
  changePackage,
  completeOrderChange,
  deductChange,
  orderChange,
  overrideChange,
  packChange,
  setOrderedChange,
  setPackedChange,
  syncChange,
} from "../data/finished-goods-changes";
import { loadCatalogue } from "../data/sku-catalogue";
import { effectiveGrams, type GramAmount, gramsOf, UNIT_SIZE_GRAMS } from "../domain/grams";
import { type PackageRow, packageSkus } from "../domain/package-view";
import { resolveSku } from "../domain/skus";
import type { AppEnv, Db } from "../env";
import { idempotentWrite } from "../http/idempotency";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { afterChange, detailsOf, INSUFFICIENT_GRAMS, metrcOf, notFound, packageRoute } from "./finished-goods-shared";

export const finishedGoodsGrams = new Hono<AppEnv>();

/** Applies a change; 404 for an unknown package, 400 with `refusal` when the guard held it back. */
async function apply(
  c: Context<AppEnv>,
  db: Db,
  metrc: string,
  change: Change,
  refusal = INSUFFICIENT_GRAMS,
): Promise<{ before: PackageRow; after: PackageRow }> {
  const { before, after, alertSettings } = await changePackage(db, metrc, change, new Date());
  if (!before) throw notFound();
  if (!after) throw new HTTPException(400, { message: refusal });
  await afterChange(c, { strain: after.strain, alertSettings });
  return { before, after };
}

/** Deduct and add: like `apply`, reading back only the balance. */
async function applyToBalance(c: Context<AppEnv>, db: Db, metrc: string, change: Change): Promise<{ previous: number; current: number }> {
  const result = await changeBalance(db, metrc, change, new Date());
  if (!result.found) throw notFound();
  if (!result.after) throw new HTTPException(400, { message: INSUFFICIENT_GRAMS });
  await afterChange(c, { strain: result.after.strain, alertSettings: result.alertSettings });
  return { previous: result.previousGrams, current: result.after.current_grams };
}

/** Grams from `grams`, or units × unit size; sizes beyond the documented list may name a SKU. */
async function gramsFor(c: Context<AppEnv>, metrc: string, amount: GramAmount): Promise<number> {
  const needsSkus = (amount.grams ?? null) === null && amount.unit_size && UNIT_SIZE_GRAMS[amount.unit_size] === undefined;
  let lookup: (size: string) => number | null = () => null;
  if (needsSkus) {
    const [found, catalogue] = await Promise.all([findPackage(c.var.db, metrc), loadCatalogue(c.var.db)]);
    if (!found) throw notFound();
    const skus = packageSkus(catalogue, found.row);
    lookup = (size) => resolveSku(skus, size)?.gramsPerUnit ?? null;
  }
  const verdict = gramsOf(amount, lookup);
  if (!verdict.ok) throw badRequest(verdict.reason);
  return verdict.grams;
}

/** Every gram operation adds or subtracts: each honours an Idempotency-Key (http/idempotency.ts). */
const route = <B extends ZodType>(path: string, summary: string, body: B, answer: ZodType, responses: Record<number, string> = {}) =>
  ({ ...packageRoute("post", path, summary, body, { 200: answer }, responses), idempotent: true }) as const;

defineRoute(
  finishedGoodsGrams,
  route("deduct", "Take grams (or units) off the balance", AmountBody, Deducted, { 400: INSUFFICIENT_GRAMS }),
  (c, { params, body }) =>
    idempotentWrite(c, async (db) => {
      const metrc = metrcOf(params.metrc_number);
      const grams = await gramsFor(c, metrc, body);
      const { previous, current } = await applyToBalance(c, db, metrc, deductChange(grams, detailsOf(c, body.reason)));
      return c.json({ success: true, metrc_number: metrc, previous_grams: previous, current_grams: current, deducted_grams: grams });
    }),
);

defineRoute(finishedGoodsGrams, route("add", "Add grams (or units) to the balance", AmountBody, Added), (c, { params, body }) =>
  idempotentWrite(c, async (db) => {
    const metrc = metrcOf(params.metrc_number);
    const grams = await gramsFor(c, metrc, body);
    const { previous, current } = await applyToBalance(c, db, metrc, addChange(grams, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, previous_grams: previous, current_grams: current, added_grams: grams });
  }),
);

defineRoute(
  finishedGoodsGrams,
  route("physical-override", "Set or clear the shelf-count override", PhysicalOverrideBody, OverrideSet),
  (c, { params, body }) =>
    idempotentWrite(c, async (db) => {
      const metrc = metrcOf(params.metrc_number);
      const { after } = await apply(c, db, metrc, overrideChange(body.physical_grams, detailsOf(c, body.reason)));
      return c.json({
        success: true,
        physical_grams_override: after.physical_grams_override,
        effective_grams: effectiveGrams(after),
        current_grams: after.current_grams,
        has_physical_override: after.physical_grams_override !== null,
      });
    }),
);

defineRoute(finishedGoodsGrams, route("order", "Reserve grams for orders", GramsBody, Ordered), (c, { params, body }) =>
  idempotentWrite(c, async (db) => {
    const metrc = metrcOf(params.metrc_number);
    const { after } = await apply(c, db, metrc, orderChange(body.grams, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, grams_ordered: after.grams_ordered, current_grams: after.current_grams });
  }),
);

defineRoute(finishedGoodsGrams, route("set-ordered", "Replace the ordered total", GramsTotalBody, OrderedSet), (c, { params, body }) =>
  idempotentWrite(c, async (db) => {
    const metrc = metrcOf(params.metrc_number);
    const { after } = await apply(c, db, metrc, setOrderedChange(body.grams, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, grams_ordered: after.grams_ordered });
  }),
);

defineRoute(finishedGoodsGrams, route("set-packed", "Replace the packed total", GramsTotalBody, PackedSet), (c, { params, body }) =>
  idempotentWrite(c, async (db) => {
    const metrc = metrcOf(params.metrc_number);
    const { after } = await apply(c, db, metrc, setPackedChange(body.grams, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, grams_packed: after.grams_packed });
  }),
);

defineRoute(finishedGoodsGrams, route("sync", "Set ordered and/or packed totals at once", SyncBody, Synced), (c, { params, body }) =>
  idempotentWrite(c, async (db) => {
    const metrc = metrcOf(params.metrc_number);
    const ordered = body.ordered_grams ?? undefined;
    const packed = body.packed_grams ?? undefined;
    const { after } = await apply(c, db, metrc, syncChange(ordered, packed, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, grams_ordered: after.grams_ordered, grams_packed: after.grams_packed });
  }),
);

defineRoute(
  finishedGoodsGrams,
  route("complete-order", "Ship grams: from packed, then ordered; the balance drops", CompleteOrderBody, OrderCompleted, {
    400: INSUFFICIENT_GRAMS,
  }),
  (c, { params, body }) =>
    idempotentWrite(c, async (db) => {
      const metrc = metrcOf(params.metrc_number);
      const orderId = body.order_id ?? null;
      const { before, after } = await apply(c, db, metrc, completeOrderChange(body.grams, orderId, detailsOf(c, body.reason)));
      return c.json({
        success: true,
        metrc_number: metrc,
        previous_grams_ordered: before.grams_ordered,
        current_grams_ordered: after.grams_ordered,
        previous_grams_packed: before.grams_packed,
        current_grams_packed: after.grams_packed,
        previous_grams_fulfilled: before.grams_fulfilled,
        current_grams_fulfilled: after.grams_fulfilled,
        previous_grams: before.current_grams,
        current_grams: after.current_grams,
        ...(orderId ? { order_id: orderId } : {}),
      });
    }),
);

defineRoute(
  finishedGoodsGrams,
  route("pack", "Pack grams of open orders (ordered → packed)", GramsBody, Packed, { 400: INSUFFICIENT_GRAMS }),
  (c, { params, body }) =>
    idempotentWrite(c, async (db) => {
      const metrc = metrcOf(params.metrc_number);
      const { before, after } = await apply(c, db, metrc, packChange(body.grams, detailsOf(c, body.reason)));
      return c.json({
        success: true,
        metrc_number: metrc,
        previous_grams: before.current_grams,
        current_grams: after.current_grams,
        // api.md: grams_packed is what this call packed; the package's totals follow as complete-order names them.
        grams_packed: body.grams,
        previous_grams_packed: before.grams_packed,
        current_grams_packed: after.grams_packed,
        grams_ordered: after.grams_ordered,
      });
    }),
);
