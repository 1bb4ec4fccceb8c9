/**
 * Apex units and SKU settings of one package (api.md §4, rules §12): SKU breakdown, Apex ON/OFF,
 * manual units, per-SKU settings, the unit calculation and the idempotent sale decrement.
 * Custom SKUs are in finished-goods-skus.ts.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  APEX_UNIT_FIELDS,
  ApexAutoBody,
  ApexDecrementBody,
  ApexSettingsBody,
  ApexUnitsBody,
  SetSkusBody,
} from "../contracts/finished-goods";
import { ApexAutoSet, ApexCalculateView, ApexDecremented, ApexSettingsSet, ApexUnitsSet, SkusSet } from "../contracts/finished-goods-views";
import { decrementApexUnits } from "../data/apex-decrements";
import {
  apexAutoChange,
  apexUnitsChange,
  type Change,
  changePackage,
  skuBreakdownChange,
  skuSettingsChange,
} from "../data/finished-goods-changes";
import { apexCalculation, normalizeSkuSettings, parseSkuSettings, unitsOf } from "../domain/apex-units";
import { roundGrams } from "../domain/grams";
import { type PackageRow, packageFigures, packageSkus, parseJsonColumn } from "../domain/package-view";
import { parseUnitSize, resolveSku } from "../domain/skus";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { afterChange, detailsOf, loadPackage, metrcOf, notFound, packageRoute } from "./finished-goods-shared";

export const finishedGoodsApex = new Hono<AppEnv>();

async function apply(c: Context<AppEnv>, metrc: string, change: Change): Promise<PackageRow> {
  const { after } = await changePackage(c.var.db, metrc, change, new Date());
  if (!after) throw notFound();
  await afterChange(c, { strain: after.strain });
  return after;
}

defineRoute(
  finishedGoodsApex,
  packageRoute("post", "set-skus", "Store the package's SKU breakdown", SetSkusBody, { 200: SkusSet }),
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    let totalGrams = 0;
    for (const [index, line] of body.skus.entries()) {
      const unit = parseUnitSize(line.unit_size);
      if (unit === null) throw badRequest(`Invalid unit_size in skus line ${index + 1}`);
      totalGrams += unit * line.pack_size * line.packs_ordered;
    }
    await apply(c, metrc, skuBreakdownChange(body.skus, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, skus: body.skus, total_grams: roundGrams(totalGrams) });
  },
);

defineRoute(
  finishedGoodsApex,
  packageRoute("post", "apex-auto", "Switch Apex auto-inventory on or off", ApexAutoBody, { 200: ApexAutoSet }),
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const after = await apply(c, metrc, apexAutoChange(body.enabled, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, apex_auto_inventory: after.apex_auto_inventory === 1 });
  },
);

defineRoute(
  finishedGoodsApex,
  packageRoute("post", "apex-units", "Set unit counts by hand (manual units per SKU)", ApexUnitsBody, { 200: ApexUnitsSet }),
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const units: Record<string, number> = {};
    for (const field of APEX_UNIT_FIELDS) {
      const value = body[field];
      if (value !== undefined) units[field] = value;
    }
    if (Object.keys(units).length === 0) throw badRequest(`Send at least one of ${APEX_UNIT_FIELDS.join(", ")}`);
    await apply(c, metrc, apexUnitsChange(units, detailsOf(c, body.reason)));
    return c.json({ success: true, metrc_number: metrc, ...units });
  },
);

defineRoute(
  finishedGoodsApex,
  packageRoute(
    "post",
    "apex-settings",
    "Per-SKU exclusion and manual units",
    ApexSettingsBody,
    { 200: ApexSettingsSet },
    { 400: "settings is required" },
  ),
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const { row, catalogue } = await loadPackage(c, metrc);
    const normalized = normalizeSkuSettings(packageSkus(catalogue, row), body.settings);
    if (!normalized.ok) throw badRequest(normalized.reason);
    const after = await apply(
      c,
      metrc,
      skuSettingsChange(normalized.settings, detailsOf(c, body.reason, { settings: normalized.settings })),
    );
    const settings = parseSkuSettings(parseJsonColumn(after.apex_sku_settings));
    if (!body.auto_calculate) return c.json({ success: true, metrc_number: metrc, settings });
    const { holds } = await loadPackage(c, metrc);
    const figures = packageFigures(catalogue, after, holds);
    return c.json({ success: true, metrc_number: metrc, settings, ...apexCalculation(figures.units, figures.available) });
  },
);

defineRoute(
  finishedGoodsApex,
  packageRoute("get", "apex-calculate", "Apex units per SKU for this package", undefined, { 200: ApexCalculateView }),
  async (c, { params }) => {
    const { row, holds, catalogue } = await loadPackage(c, metrcOf(params.metrc_number));
    const figures = packageFigures(catalogue, row, holds);
    return c.json({ success: true, metrc_number: row.metrc_number, ...apexCalculation(figures.units, figures.available) });
  },
);

defineRoute(
  finishedGoodsApex,
  packageRoute(
    "post",
    "apex-decrement",
    "Record an Apex sale once per idempotency key",
    ApexDecrementBody,
    { 200: ApexDecremented },
    {
      400: "Insufficient units available",
    },
  ),
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const { row, holds, catalogue } = await loadPackage(c, metrc);
    const sku = resolveSku(packageSkus(catalogue, row), body.sku);
    if (!sku) throw badRequest(`Unknown SKU: ${body.sku}`);
    const key = body.idempotency_key ?? null;
    const details = detailsOf(c, body.reason);
    const outcome = await decrementApexUnits(c.var.db, metrc, sku, body.units, key, details, new Date());
    if (outcome.kind === "not_found") throw notFound();
    if (outcome.kind === "duplicate") return c.json({ success: true, duplicate: true, message: "Already processed", idempotency_key: key });
    if (outcome.kind === "insufficient") throw new HTTPException(400, { message: "Insufficient units available" });
    await afterChange(c, { strain: outcome.after.strain });
    const previous = unitsOf(packageFigures(catalogue, outcome.before, holds).units, sku.key);
    const current = unitsOf(packageFigures(catalogue, outcome.after, holds).units, sku.key);
    return c.json({
      success: true,
      metrc_number: metrc,
      sku: sku.displayName,
      sku_key: sku.key,
      units_decremented: previous - current,
      previous_units: previous,
      current_units: current,
      idempotency_key: key,
    });
  },
);
