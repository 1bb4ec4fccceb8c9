/** Wholesale inventory and holds (api.md §5, rules §13); session only. */
import { Hono } from "hono";
import { actorOf } from "../auth/middleware";
import {
  CreateHoldBody,
  HoldCreated,
  HoldParams,
  HoldReleased,
  HoldsQuery,
  HoldsView,
  WholesaleFingerprint,
  WholesaleInventoryView,
} from "../contracts/wholesale";
import { findPackage, listLivePackages } from "../data/finished-goods";
import { deleteHold, insertHoldIfFree, listHolds, wholesaleFingerprint } from "../data/holds";
import { loadCatalogue } from "../data/sku-catalogue";
import { unitsOf } from "../domain/apex-units";
import { shortfallMessage } from "../domain/holds";
import { isLiveStatus, NO_HOLDS, packageFigures, packageSkus } from "../domain/package-view";
import { resolveSku } from "../domain/skus";
import { wholesaleView } from "../domain/wholesale-view";
import type { AppEnv } from "../env";
import { idempotentWrite } from "../http/idempotency";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { afterChange, metrcOf } from "./finished-goods-shared";

export const wholesale = new Hono<AppEnv>();
const TAG = "Wholesale";

defineRoute(
  wholesale,
  {
    method: "get",
    path: "/api/wholesale/inventory",
    auth: "session",
    tag: TAG,
    summary: "Holdable units per strain, package and SKU",
    response: { 200: WholesaleInventoryView },
  },
  async (c) => {
    const [live, catalogue] = await Promise.all([listLivePackages(c.var.db), loadCatalogue(c.var.db)]);
    const packages = live.rows.map((row) => ({
      row,
      figures: packageFigures(catalogue, row, live.holds.get(row.metrc_number) ?? NO_HOLDS),
    }));
    return c.json({ success: true, strains: wholesaleView(packages) });
  },
);

defineRoute(
  wholesale,
  {
    method: "post",
    path: "/api/wholesale/hold",
    auth: "session",
    tag: TAG,
    summary: "Hold units of one SKU of a package",
    response: { 200: HoldCreated },
    body: CreateHoldBody,
    responses: { 404: "Package not found" },
    idempotent: true,
  },
  (c, { body }) =>
    idempotentWrite(c, async (writeDb) => {
      const metrc = metrcOf(body.metrc_number);
      const [found, catalogue] = await Promise.all([findPackage(c.var.db, metrc), loadCatalogue(c.var.db)]);
      if (!found) return c.json({ success: false, error: "Package not found" }, 404);
      if (!isLiveStatus(found.row.status)) throw badRequest("Holds can only be placed on active packages");
      const sku = resolveSku(packageSkus(catalogue, found.row), body.sku_name);
      if (!sku) throw badRequest(`Unknown SKU: ${body.sku_name}`);
      const id = `hold-${crypto.randomUUID()}`;
      const stored = await insertHoldIfFree(
        writeDb,
        { id, metrc_number: metrc, sku, quantity: body.quantity, notes: body.notes ?? null, actor: actorOf(c) },
        new Date(),
      );
      if (!stored) {
        // Read again: another hold may have taken the units since the first read.
        const now = await findPackage(c.var.db, metrc);
        if (!now) return c.json({ success: false, error: "Package not found" }, 404);
        const available = unitsOf(packageFigures(catalogue, now.row, now.holds).units, sku.key);
        throw badRequest(shortfallMessage(available, body.quantity));
      }
      await afterChange(c, { strain: found.row.strain, wholesale: true });
      return c.json({ success: true, hold_id: id, message: "Hold created" });
    }),
);

defineRoute(
  wholesale,
  {
    method: "delete",
    path: "/api/wholesale/hold/:hold_id",
    auth: "session",
    tag: TAG,
    summary: "Release (delete) a hold",
    response: { 200: HoldReleased },
    params: HoldParams,
    responses: { 404: "Hold not found" },
    idempotent: true,
  },
  (c, { params }) =>
    idempotentWrite(c, async (writeDb) => {
      const released = await deleteHold(writeDb, params.hold_id, actorOf(c), new Date());
      if (!released) return c.json({ success: false, error: "Hold not found" }, 404);
      await afterChange(c, { wholesale: true });
      return c.json({ success: true, message: "Hold released" });
    }),
);

defineRoute(
  wholesale,
  {
    method: "get",
    path: "/api/wholesale/holds",
    auth: "session",
    tag: TAG,
    summary: "Holds, optionally of one package",
    response: { 200: HoldsView },
    query: HoldsQuery,
  },
  async (c, { query }) => {
    const holds = await listHolds(c.var.db, query.metrc_number ? metrcOf(query.metrc_number) : undefined);
    return c.json({ success: true, holds });
  },
);

defineRoute(
  wholesale,
  {
    method: "get",
    path: "/api/wholesale/last-updated",
    auth: "session",
    tag: TAG,
    summary: "Change fingerprint for polling",
    response: { 200: WholesaleFingerprint },
  },
  async (c) => c.json({ fingerprint: await wholesaleFingerprint(c.var.db) }),
);
