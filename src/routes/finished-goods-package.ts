/** One package: read, edit, archive / restore / orphan / delete, and its history (api.md §4). */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { DeleteQuery, MetrcParams, PackageHistoryQuery, UpdatePackageBody } from "../contracts/finished-goods";
import { PackageHistoryView, PackageRemoved, PackageUpdated, PackageView } from "../contracts/finished-goods-views";
import { batchExists, type HistoryRow, packageHistory } from "../data/finished-goods";
import { archiveChange, changePackage, editChange, restoreChange } from "../data/finished-goods-changes";
import { deletePackage } from "../data/finished-goods-lifecycle";
import { packageView, parseJsonColumn } from "../domain/package-view";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { afterChange, detailsOf, loadPackage, metrcOf, notFound, TAG } from "./finished-goods-shared";

export const finishedGoodsPackage = new Hono<AppEnv>();

defineRoute(
  finishedGoodsPackage,
  {
    method: "get",
    path: "/api/finished-goods/:metrc_number",
    auth: "key-or-session",
    tag: TAG,
    summary: "One package",
    response: { 200: PackageView },
    params: MetrcParams,
    responses: { 404: "Package not found" },
  },
  async (c, { params }) => {
    const { row, holds, catalogue } = await loadPackage(c, metrcOf(params.metrc_number));
    return c.json(packageView(catalogue, row, holds));
  },
);

defineRoute(
  finishedGoodsPackage,
  {
    method: "put",
    path: "/api/finished-goods/:metrc_number",
    auth: "key-or-session",
    tag: TAG,
    summary: "Edit strain, notes or source batch",
    response: { 200: PackageUpdated },
    params: MetrcParams,
    body: UpdatePackageBody,
  },
  async (c, { params, body }) => {
    const metrc = metrcOf(params.metrc_number);
    const edit = {
      ...(body.strain !== undefined ? { strain: body.strain } : {}),
      ...(body.notes !== undefined ? { notes: body.notes } : {}),
      ...(body.source_batch_id !== undefined ? { source_batch_id: body.source_batch_id || null } : {}),
    };
    const fields = Object.keys(edit);
    if (fields.length === 0) throw badRequest("Nothing to update: send strain, notes or source_batch_id");
    if (edit.source_batch_id && !(await batchExists(c.var.db, edit.source_batch_id)))
      throw badRequest("source_batch_id does not match a batch");
    const { after } = await changePackage(c.var.db, metrc, editChange(edit, detailsOf(c, body.reason)), new Date());
    if (!after) throw notFound();
    await afterChange(c, { strain: after.strain });
    const { row, holds, catalogue } = await loadPackage(c, metrc);
    return c.json({ success: true, updated_fields: fields, package: packageView(catalogue, row, holds) });
  },
);

const HOLDS_FIRST = {
  archived: "Release all wholesale holds before archiving",
  orphaned: "Release all wholesale holds before marking as orphaned",
} as const;

defineRoute(
  finishedGoodsPackage,
  {
    method: "delete",
    path: "/api/finished-goods/:metrc_number",
    auth: "key-or-session",
    tag: TAG,
    summary: "Archive (default), restore, orphan or permanently delete a package",
    response: { 200: PackageRemoved },
    params: MetrcParams,
    query: DeleteQuery,
    responses: { 400: "Release all wholesale holds before archiving", 404: "Package not found" },
  },
  async (c, { params, query }) => {
    const metrc = metrcOf(params.metrc_number);
    const details = detailsOf(c, query.reason);
    const now = new Date();
    if (query.permanent) {
      const { deleted, holdsReleased } = await deletePackage(c.var.db, metrc, details, now);
      if (!deleted) throw notFound();
      await afterChange(c, { wholesale: holdsReleased > 0 });
      return c.json({ success: true, message: "Package permanently deleted", holds_released: holdsReleased });
    }
    if (query.restore) {
      const { after } = await changePackage(c.var.db, metrc, restoreChange(details), now);
      if (!after) throw notFound();
      await afterChange(c, { strain: after.strain, wholesale: true });
      return c.json({ success: true, message: "Package restored successfully", status: after.status });
    }
    const status = query.orphan ? "orphaned" : "archived";
    const { before, after } = await changePackage(c.var.db, metrc, archiveChange(status, details), now);
    if (!before) throw notFound();
    if (!after) throw new HTTPException(400, { message: HOLDS_FIRST[status] });
    await afterChange(c, { strain: after.strain, wholesale: true });
    const message = status === "archived" ? "Package archived successfully" : "Package marked as orphaned";
    return c.json({ success: true, message, status });
  },
);

function historyItem(row: HistoryRow) {
  const details = parseJsonColumn(row.details);
  const d = typeof details === "object" && details !== null ? (details as Record<string, unknown>) : {};
  const gramsChanged = typeof d.grams_changed === "number" ? d.grams_changed : row.change_type === "created" ? row.current_grams : null;
  return {
    timestamp: row.timestamp,
    change_type: row.change_type,
    grams_changed: gramsChanged,
    current_grams: row.current_grams,
    reason: typeof d.reason === "string" ? d.reason : null,
    source: typeof d.source === "string" ? d.source : null,
    grams_ordered: row.grams_ordered,
    grams_packed: row.grams_packed,
    grams_fulfilled: row.grams_fulfilled,
    status: row.status,
    details: row.details,
  };
}

defineRoute(
  finishedGoodsPackage,
  {
    method: "get",
    path: "/api/finished-goods/:metrc_number/history",
    auth: "key-or-session",
    tag: TAG,
    summary: "A package's changes, newest first",
    response: { 200: PackageHistoryView },
    params: MetrcParams,
    query: PackageHistoryQuery,
    responses: { 404: "Package not found" },
  },
  async (c, { params, query }) => {
    const { row } = await loadPackage(c, metrcOf(params.metrc_number));
    const { rows, total } = await packageHistory(c.var.db, row.metrc_number, query.limit);
    return c.json({ metrc_number: row.metrc_number, strain: row.strain, history: rows.map(historyItem), total_changes: total });
  },
);
