/** Paper / cone inventory (api.md §3, rules §6). Consumption itself is done by the batches area. */
import { type Context, Hono } from "hono";
import { actorOf } from "../auth/middleware";
import {
  InventoryMessage,
  InventorySettingsBody,
  InventoryUpdated,
  InventoryUploaded,
  InventoryView,
  SizeParams,
  UpdateInventoryBody,
} from "../contracts/inventory";
import { applyStockRows, dismissAlerts, readInventory, updateStock, writeInventorySettings } from "../data/inventory";
import { readSetting } from "../data/settings";
import { isSize, SIZES, type Size } from "../domain/batch-sizes";
import { resolveTimeZone } from "../domain/daily-production";
import { workDaysIn } from "../domain/facility-time";
import { parseInventoryCsv } from "../domain/inventory-csv";
import { DEFAULT_PAPERS_PER_BOX, PAPERS_PER_BOX_KEY, resolvePapersPerBox } from "../domain/paper-consumption";
import { DEFAULT_THRESHOLDS, inventoryReport, sizeLabel, THRESHOLDS_KEY, totalPapers, USAGE_WINDOW_DAYS } from "../domain/paper-inventory";
import { resolveSettings } from "../domain/settings";
import type { AppEnv } from "../env";
import { stampAfterWrite } from "../http/after-write";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";

export const inventory = new Hono<AppEnv>();
const TAG = "Paper inventory";
const INVALID_SIZE = "Invalid size";

function sizeOf(value: unknown): Size {
  if (!isSize(value)) throw badRequest(INVALID_SIZE);
  return value;
}

defineRoute(
  inventory,
  {
    method: "get",
    path: "/api/inventory",
    auth: "key-or-session",
    tag: TAG,
    summary: "Paper stock, alerts and days remaining",
    response: { 200: InventoryView },
  },
  async (c) => {
    const now = new Date();
    const since = new Date(now.getTime() - USAGE_WINDOW_DAYS * 24 * 3600 * 1000);
    const snapshot = await readInventory(c.var.db, since, [PAPERS_PER_BOX_KEY, "work_schedule"]);
    const perBox = resolvePapersPerBox(snapshot.settings[PAPERS_PER_BOX_KEY]);
    const schedule = resolveSettings({ work_schedule: snapshot.settings.work_schedule }).work_schedule;
    const workDays = workDaysIn(now, USAGE_WINDOW_DAYS, schedule.work_days, resolveTimeZone(c.env.TIME_ZONE));
    return c.json(inventoryReport(snapshot.rows, perBox, snapshot.usedInWindow, workDays, now));
  },
);

defineRoute(
  inventory,
  {
    method: "post",
    path: "/api/inventory/update",
    auth: "key-or-session",
    tag: TAG,
    summary: "Set boxes and loose papers of one size",
    response: { 200: InventoryUpdated },
    body: UpdateInventoryBody,
    responses: { 400: INVALID_SIZE },
  },
  async (c, { body }) => {
    const size = sizeOf(body.size);
    const update = { boxes: body.box_count ?? undefined, individual_papers: body.individual_papers ?? undefined };
    if (update.boxes === undefined && update.individual_papers === undefined)
      throw badRequest("box_count or individual_papers is required");
    const row = await updateStock(c.var.db, size, update, actorOf(c), new Date());
    if (!row) throw badRequest(INVALID_SIZE);
    await stampAfterWrite(c, "inventory");
    const perBox = resolvePapersPerBox(await readSetting(c.var.db, PAPERS_PER_BOX_KEY));
    return c.json({
      status: "success",
      message: `Updated ${sizeLabel(size)} inventory to ${row.boxes} boxes, ${row.individual_papers} individual papers`,
      inventory: {
        boxes: row.boxes,
        individual_papers: row.individual_papers,
        total_papers: totalPapers(row.boxes, row.individual_papers, perBox[size]),
      },
    });
  },
);

defineRoute(
  inventory,
  {
    method: "post",
    path: "/api/inventory/settings",
    auth: "key-or-session",
    tag: TAG,
    summary: "Alert thresholds (boxes) and papers per box",
    response: { 200: InventoryMessage },
    body: InventorySettingsBody,
  },
  async (c, { body }) => {
    const thresholds = body.thresholds ? compact(body.thresholds) : undefined;
    const papersPerBox = body.papers_per_box ? compact(body.papers_per_box) : undefined;
    if (!thresholds && !papersPerBox) throw badRequest("thresholds or papers_per_box is required");
    await writeInventorySettings(
      c.var.db,
      {
        thresholds: thresholds && { key: THRESHOLDS_KEY, defaults: DEFAULT_THRESHOLDS, patch: thresholds },
        papersPerBox: papersPerBox && { key: PAPERS_PER_BOX_KEY, defaults: DEFAULT_PAPERS_PER_BOX, patch: papersPerBox },
      },
      actorOf(c),
      new Date(),
    );
    await stampAfterWrite(c, "inventory");
    return c.json({ status: "success", message: "Inventory settings updated" });
  },
);

/** Keeps the sizes that were sent; an empty object counts as nothing sent. */
function compact(values: Partial<Record<Size, number>>): Record<string, number> | undefined {
  const out: Record<string, number> = {};
  for (const size of SIZES) if (values[size] !== undefined) out[size] = values[size];
  return Object.keys(out).length ? out : undefined;
}

const MAX_UPLOAD_BYTES = 64 * 1024;

/** The CSV text from a text/csv body or the first file of a multipart form. */
async function csvText(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header("Content-Type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody().catch(() => {
      throw badRequest("Could not read the uploaded form");
    });
    const file = form.file ?? Object.values(form).find((v) => v instanceof File);
    if (!(file instanceof File)) throw badRequest('Upload a CSV file in the field "file"');
    if (file.size > MAX_UPLOAD_BYTES) throw badRequest("The CSV is larger than 64 KB");
    return file.text();
  }
  if (!type.startsWith("text/csv") && !type.startsWith("text/plain")) throw badRequest("Send the CSV as text/csv or multipart/form-data");
  const text = await c.req.text();
  if (text.length > MAX_UPLOAD_BYTES) throw badRequest("The CSV is larger than 64 KB");
  return text;
}

defineRoute(
  inventory,
  {
    method: "post",
    path: "/api/inventory/upload",
    auth: "key-or-session",
    tag: TAG,
    summary: "Bulk CSV upload: size,boxes,individual_papers[,low_threshold]; all rows or none",
    response: { 200: InventoryUploaded },
    rawBody: true,
  },
  async (c) => {
    const parsed = parseInventoryCsv(await csvText(c));
    if (!parsed.ok) throw badRequest(parsed.reason);
    const rows = await applyStockRows(c.var.db, parsed.rows, actorOf(c), new Date());
    await stampAfterWrite(c, "inventory");
    return c.json({ status: "success", message: `Updated ${rows.length} size(s) from CSV`, updated: rows });
  },
);

defineRoute(
  inventory,
  {
    method: "post",
    path: "/api/dismiss-inventory-alert/:size",
    auth: "session",
    tag: TAG,
    summary: "Dismiss one size's low-stock alert",
    response: { 200: InventoryMessage },
    params: SizeParams,
    responses: { 400: INVALID_SIZE },
  },
  async (c, { params }) => {
    const size = sizeOf(params.size);
    await dismissAlerts(c.var.db, [size], actorOf(c), new Date());
    await stampAfterWrite(c, "inventory");
    return c.json({ status: "success", message: `Alert for ${size} dismissed` });
  },
);

defineRoute(
  inventory,
  {
    method: "post",
    path: "/api/dismiss-inventory-alerts",
    auth: "session",
    tag: TAG,
    summary: "Dismiss every low-stock alert",
    response: { 200: InventoryMessage },
  },
  async (c) => {
    await dismissAlerts(c.var.db, SIZES, actorOf(c), new Date());
    await stampAfterWrite(c, "inventory");
    return c.json({ status: "success", message: "All inventory alerts dismissed" });
  },
);
