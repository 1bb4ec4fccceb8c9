/** Custom SKUs of one package (api.md §4, rules §12.4): list, replace all, upsert one, delete one. */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { CustomSkuParams, CustomSkusBody, MetrcParams, UpsertCustomSkuBody } from "../contracts/finished-goods";
import { CustomSkuDeleted, CustomSkuSet, CustomSkusSet, CustomSkusView } from "../contracts/finished-goods-views";
import { changePackage, deleteCustomSkuChange, replaceCustomSkusChange, upsertCustomSkuChange } from "../data/finished-goods-changes";
import { customSkusOf, packageSkus } from "../domain/package-view";
import { checkCustomSkus, resolveSku, type Sku } from "../domain/skus";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { afterChange, detailsOf, loadPackage, metrcOf, notFound, TAG } from "./finished-goods-shared";

export const finishedGoodsSkus = new Hono<AppEnv>();

const PATH = "/api/finished-goods/:metrc_number/custom-skus";
const CHANGED_ELSEWHERE = "Custom SKUs were changed by someone else; reload and try again";

/** "0.5g", "1.0g", "0.75g". */
function unitSizeText(grams: number): string {
  return `${Number.isInteger(grams * 10) ? grams.toFixed(1) : String(grams)}g`;
}

/** Defaults under their display names, customs under their own keys (the api.md example). */
function effectiveSkusView(skus: readonly Sku[]) {
  return Object.fromEntries(
    skus.map((s) => [
      s.source === "default" ? s.displayName : s.key,
      {
        unit_size: unitSizeText(s.unitSizeGrams),
        pack_size: s.packSize,
        source: s.source,
        grams_per_unit: s.gramsPerUnit,
        sku_key: s.key,
        display_name: s.displayName,
      },
    ]),
  );
}

/** Key order does not matter when comparing the client's view of the SKUs with the stored one. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

defineRoute(
  finishedGoodsSkus,
  {
    method: "get",
    path: PATH,
    auth: "key-or-session",
    tag: TAG,
    summary: "Custom and effective SKUs",
    response: { 200: CustomSkusView },
    params: MetrcParams,
    responses: { 404: "Package not found" },
  },
  async (c, { params }) => {
    const { row, catalogue } = await loadPackage(c, metrcOf(params.metrc_number));
    return c.json({
      success: true,
      metrc_number: row.metrc_number,
      custom_skus: customSkusOf(row),
      effective_skus: effectiveSkusView(packageSkus(catalogue, row)),
    });
  },
);

defineRoute(
  finishedGoodsSkus,
  {
    method: "post",
    path: PATH,
    auth: "key-or-session",
    tag: TAG,
    summary: "Replace every custom SKU (null clears)",
    response: { 200: CustomSkusSet },
    params: MetrcParams,
    body: CustomSkusBody,
  },
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const { catalogue } = await loadPackage(c, metrc);
    if (body.custom_skus !== null) {
      const verdict = checkCustomSkus(catalogue, body.custom_skus);
      if (!verdict.ok) throw badRequest(verdict.reason);
    }
    const { after } = await changePackage(
      c.var.db,
      metrc,
      replaceCustomSkusChange(body.custom_skus, detailsOf(c, body.reason)),
      new Date(),
    );
    if (!after) throw notFound();
    await afterChange(c);
    return c.json({ success: true, metrc_number: metrc, custom_skus: body.custom_skus });
  },
);

defineRoute(
  finishedGoodsSkus,
  {
    method: "put",
    path: PATH,
    auth: "key-or-session",
    tag: TAG,
    summary: "Add or replace one custom SKU",
    response: { 200: CustomSkuSet },
    params: MetrcParams,
    body: UpsertCustomSkuBody,
    responses: { 404: "Package not found", 409: CHANGED_ELSEWHERE },
  },
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const { row, catalogue } = await loadPackage(c, metrc);
    const existing = customSkusOf(row);
    const optimistic = body.current_settings !== undefined;
    if (optimistic && canonicalJson(body.current_settings ?? {}) !== canonicalJson(existing))
      throw new HTTPException(409, { message: CHANGED_ELSEWHERE });
    const verdict = checkCustomSkus(catalogue, { ...existing, [body.sku_key]: body.sku_def });
    if (!verdict.ok) throw badRequest(verdict.reason);
    const change = upsertCustomSkuChange(body.sku_key, body.sku_def, optimistic ? row.custom_skus : undefined, detailsOf(c, body.reason));
    const { before, after } = await changePackage(c.var.db, metrc, change, new Date());
    if (!before) throw notFound();
    if (!after) throw new HTTPException(409, { message: CHANGED_ELSEWHERE });
    await afterChange(c);
    return c.json({ success: true, metrc_number: metrc, sku_key: body.sku_key, sku_def: body.sku_def });
  },
);

defineRoute(
  finishedGoodsSkus,
  {
    method: "delete",
    path: `${PATH}/:sku_key`,
    auth: "key-or-session",
    tag: TAG,
    summary: "Delete one custom SKU",
    response: { 200: CustomSkuDeleted },
    params: CustomSkuParams,
    responses: { 404: "Package not found / Custom SKU not found" },
  },
  async (c, { params }) => {
    const metrc = metrcOf(params.metrc_number);
    const { row } = await loadPackage(c, metrc);
    const existing = customSkusOf(row);
    // The key as stored, or a custom SKU named by its display name.
    const key = Object.hasOwn(existing, params.sku_key) ? params.sku_key : resolveSku(packageSkus([], row), params.sku_key)?.key;
    if (key === undefined) throw new HTTPException(404, { message: "Custom SKU not found" });
    const { after } = await changePackage(c.var.db, metrc, deleteCustomSkuChange(key, detailsOf(c, null)), new Date());
    if (!after) throw new HTTPException(404, { message: "Custom SKU not found" });
    await afterChange(c);
    return c.json({ success: true, metrc_number: metrc, deleted_sku: key });
  },
);
