/**
 * Finished goods by METRC package (api.md §4): the collection, its static sub-paths and package
 * creation. This router is mounted before the per-package ones (finished-goods-package.ts,
 * -grams.ts, -apex.ts), so its static paths win over `/:metrc_number`.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { clockToIso, readAreaClock } from "../../durable-objects/hub-client";
import { CalculatorQuery, CreatePackageBody, HistoryQuery, ListQuery, MAX_GRAMS } from "../contracts/finished-goods";
import {
  ApexUnitsByPackage,
  CalculatorView,
  FinishedGoodsList,
  FinishedGoodsSummary,
  PackageCreated,
  RecentChangesView,
} from "../contracts/finished-goods-views";
import { LastUpdated } from "../contracts/responses";
import { batchExists, listLivePackages, listPackages, newestHistoryTimestamp, readSummary, recentHistory } from "../data/finished-goods";
import { insertPackage } from "../data/finished-goods-lifecycle";
import { loadCatalogue } from "../data/sku-catalogue";
import { unitsByKey } from "../domain/apex-units";
import { calculateUnits } from "../domain/grams";
import { PUSHOVER_KEY, resolvePushover } from "../domain/low-stock";
import { NO_HOLDS, packageFigures, packageView } from "../domain/package-view";
import type { AppEnv } from "../env";
import { PACKAGE_LIST, serveList } from "../http/list-cache";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { afterChange, detailsOf, TAG } from "./finished-goods-shared";

export const finishedGoods = new Hono<AppEnv>();

defineRoute(
  finishedGoods,
  {
    method: "get",
    path: "/api/finished-goods",
    auth: "key-or-session",
    tag: TAG,
    summary: "Packages with filters, summary and settings",
    response: { 200: FinishedGoodsList },
    query: ListQuery,
  },
  async (c, { query }) =>
    serveList(c, PACKAGE_LIST, async () => {
      const filter = { includeArchived: query.include_archived, strain: query.strain, status: query.status, search: query.search };
      const [list, catalogue] = await Promise.all([listPackages(c.var.db, filter, PUSHOVER_KEY), loadCatalogue(c.var.db)]);
      const pushover = resolvePushover(list.setting);
      const packages = list.rows.map((row) => packageView(catalogue, row, list.holds.get(row.metrc_number)));
      const settings = {
        warning_grams: pushover.warning_grams,
        critical_grams: pushover.critical_grams,
        skus: catalogue.map((s) => ({
          sku_key: s.key,
          display_name: s.displayName,
          grams_per_unit: s.gramsPerUnit,
          pack_size: s.packSize,
        })),
      };
      return { packages, total: packages.length, summary: list.summary, settings };
    }),
);

defineRoute(
  finishedGoods,
  {
    method: "get",
    path: "/api/finished-goods/last-updated",
    auth: "key-or-session",
    tag: TAG,
    summary: "Time of the newest finished-goods change",
    response: { 200: LastUpdated },
  },
  async (c) => {
    const clock = clockToIso(await readAreaClock(c.env, "finished-goods"));
    return c.json({ timestamp: clock ?? (await newestHistoryTimestamp(c.var.db)) });
  },
);

defineRoute(
  finishedGoods,
  {
    method: "get",
    path: "/api/finished-goods/summary",
    auth: "key-or-session",
    tag: TAG,
    summary: "Package counts and gram totals",
    response: { 200: FinishedGoodsSummary },
  },
  async (c) => c.json(await readSummary(c.var.db)),
);

defineRoute(
  finishedGoods,
  {
    method: "get",
    path: "/api/finished-goods/history",
    auth: "key-or-session",
    tag: TAG,
    summary: "Recent changes across packages",
    response: { 200: RecentChangesView },
    query: HistoryQuery,
  },
  async (c, { query }) => {
    const rows = await recentHistory(c.var.db, query.limit);
    const history = rows.map(({ id: _id, ...row }) => row);
    return c.json({ history, total: history.length });
  },
);

defineRoute(
  finishedGoods,
  {
    method: "get",
    path: "/api/finished-goods/calculator",
    auth: "key-or-session",
    tag: TAG,
    summary: "Units per size for a weight",
    response: { 200: CalculatorView },
    query: CalculatorQuery,
  },
  async (c, { query }) => {
    const grams = query.grams.trim() === "" ? Number.NaN : Number(query.grams);
    if (!Number.isFinite(grams) || grams < 0 || grams > MAX_GRAMS) throw badRequest("grams must be a positive number");
    return c.json(calculateUnits(grams));
  },
);

defineRoute(
  finishedGoods,
  {
    method: "get",
    path: "/api/finished-goods/apex-calculate",
    auth: "key-or-session",
    tag: TAG,
    summary: "Apex units of every Apex-ON live package, by METRC tag",
    response: { 200: ApexUnitsByPackage },
  },
  async (c) => {
    const [live, catalogue] = await Promise.all([listLivePackages(c.var.db, { apexOnly: true }), loadCatalogue(c.var.db)]);
    const out: Record<string, { strain: string; available_grams: number; units: Record<string, number> }> = {};
    for (const row of live.rows) {
      const figures = packageFigures(catalogue, row, live.holds.get(row.metrc_number) ?? NO_HOLDS);
      out[row.metrc_number] = { strain: row.strain, available_grams: figures.available, units: unitsByKey(figures.units) };
    }
    return c.json(out);
  },
);

defineRoute(
  finishedGoods,
  {
    method: "post",
    path: "/api/finished-goods",
    auth: "key-or-session",
    tag: TAG,
    summary: "Create a package",
    response: { 201: PackageCreated },
    body: CreatePackageBody,
    responses: { 201: "Created", 409: "Package already exists" },
  },
  async (c, { body }) => {
    const metrc = body.metrc_number.toUpperCase();
    const sourceBatchId = body.source_batch_id || null;
    if (sourceBatchId && !(await batchExists(c.var.db, sourceBatchId))) throw badRequest("source_batch_id does not match a batch");
    const details = detailsOf(c, body.reason ?? "initial package creation");
    const row = await insertPackage(
      c.var.db,
      { metrc_number: metrc, strain: body.strain, grams: body.grams, notes: body.notes ?? null, source_batch_id: sourceBatchId },
      details,
      new Date(),
    );
    if (!row) throw new HTTPException(409, { message: "Package already exists" });
    await afterChange(c);
    const catalogue = await loadCatalogue(c.var.db);
    return c.json({ success: true, message: `Package ${metrc} created successfully`, package: packageView(catalogue, row) }, 201);
  },
);
