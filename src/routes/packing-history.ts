import { sql } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { actorOf } from "../auth/middleware";
import { PackingArchiveQuery, StoreAliasBody, StoreAliasParams, UpdatePackingSettingsBody } from "../contracts/packing";
import { PackingArchiveView, PackingSettingsView, StoreAliasesView, StoreAliasSaved } from "../contracts/packing-views";
import { CsvBody, Success } from "../contracts/responses";
import { refreshExcludedFlags } from "../data/apex";
import { runBatch, runNamedBatch } from "../data/d1-batch";
import { eventStatement } from "../data/events";
import {
  type LineView,
  listStoreAliases,
  patchPackingSettingsStatement,
  readArchive,
  readPackingSettings,
  upsertStoreAliasStatement,
} from "../data/packing";
import { toCsv } from "../domain/csv";
import { resolveTimeZone } from "../domain/daily-production";
import { facilityIsoWeek, facilityWeekRange } from "../domain/facility-time";
import type { AppEnv } from "../env";
import { stampAfterWrite } from "../http/after-write";
import { defineRoute } from "../http/registry";

const TAG = "Packing";

function csvResponse(c: Context<AppEnv>, name: string, body: string): Response {
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`,
  });
}

/** CSV export of the packing list (decisions 1), one row per line. */
export function packingCsv(c: Context<AppEnv>, name: string, lines: readonly LineView[]): Response {
  const header = [
    "Store",
    "Invoice",
    "Order Date",
    "Product",
    "Ordered",
    "Packed",
    "Needs Packing",
    "Needs Production",
    "Initials",
    "Notes",
    "Delivery Date",
    "Delivery Notes",
    "Internal Notes",
    "METRC",
    "Status",
    "Verified Tag",
    "Verified By",
    "Verified At",
  ];
  const rows = lines.map((l) => [
    l.store_name,
    l.invoice_number,
    l.order_date.slice(0, 10),
    l.compact_display_name || l.product_name,
    l.ordered,
    l.packed,
    l.needs_packing,
    l.needs_production,
    l.initials,
    l.notes,
    l.delivery_date,
    l.delivery_notes,
    l.internal_notes,
    l.batch_name,
    l.order_status ?? "",
    l.verified_tag,
    l.verified_by,
    l.verified_at ?? "",
  ]);
  return csvResponse(c, name, toCsv(header, rows));
}

type ArchiveRow = Awaited<ReturnType<typeof readArchive>>[number];

/** Weeks of the facility (its TIME_ZONE), like its "today". */
function groupByWeek(rows: readonly ArchiveRow[], timeZone: string) {
  const weeks = new Map<string, ArchiveRow[]>();
  for (const row of rows) {
    const week = facilityIsoWeek(row.completion_date, timeZone);
    weeks.set(week, [...(weeks.get(week) ?? []), row]);
  }
  return [...weeks].map(([week, items]) => ({ week, count: items.length, items }));
}

/** Archive (history), store aliases and packing settings: the rest of api.md §13.2's packing side. */
export const packingHistory = new Hono<AppEnv>();

defineRoute(
  packingHistory,
  {
    method: "get",
    path: "/api/packing/archive",
    auth: "key-or-session",
    tag: TAG,
    summary: "Completed packing lines, grouped by week",
    response: { 200: [PackingArchiveView, CsvBody] },
    query: PackingArchiveQuery,
  },
  async (c, { query }) => {
    const timeZone = resolveTimeZone(c.env.TIME_ZONE);
    const range = query.week ? facilityWeekRange(query.week, timeZone) : null;
    if (query.week && !range) throw new HTTPException(400, { message: "week must look like 2026-W09" });
    const rows = await readArchive(c.var.db, range);
    if (query.format === "csv") {
      const header = [
        "Week",
        "Completed",
        "Store",
        "Invoice",
        "Product",
        "Ordered",
        "Packed",
        "Initials",
        "METRC",
        "Grams Fulfilled",
        "Notes",
        "Verified Tag",
        "Verified By",
        "Verified At",
      ];
      const body = rows.map(
        (r) =>
          [
            facilityIsoWeek(r.completion_date, timeZone),
            r.completion_date,
            r.store_name,
            r.invoice_number,
            r.compact_display_name || r.product_name,
            r.ordered,
            r.packed,
            r.initials,
            r.batch_name,
            r.grams_fulfilled,
            r.notes,
            r.verified_tag,
            r.verified_by,
            r.verified_at,
          ] as (string | number | null)[],
      );
      return csvResponse(c, "packing-history", toCsv(header, body));
    }
    return c.json({
      week: query.week ?? null,
      from: range?.from ?? null,
      to: range?.to ?? null,
      count: rows.length,
      weeks: groupByWeek(rows, timeZone),
    });
  },
);

defineRoute(
  packingHistory,
  {
    method: "get",
    path: "/api/packing/store-aliases",
    auth: "key-or-session",
    tag: TAG,
    summary: "Store display names per Apex buyer",
    response: { 200: StoreAliasesView },
  },
  async (c) => c.json(await listStoreAliases(c.var.db)),
);

defineRoute(
  packingHistory,
  {
    method: "put",
    path: "/api/packing/store-aliases",
    auth: "key-or-session",
    tag: TAG,
    summary: "Set a store's display name",
    response: { 200: StoreAliasSaved },
    body: StoreAliasBody,
  },
  async (c, { body }) => {
    const now = new Date();
    const [rows] = await c.var.db.batch([
      upsertStoreAliasStatement(c.var.db, body.buyer_company, body.display_name, now),
      eventStatement(c.var.db, { actor: actorOf(c), action: "store_alias_set", target: body.buyer_company, details: body }, now),
    ]);
    await stampAfterWrite(c, "packing");
    return c.json({ success: true, alias: rows[0] });
  },
);

defineRoute(
  packingHistory,
  {
    method: "delete",
    path: "/api/packing/store-aliases/:buyer_company",
    auth: "key-or-session",
    tag: TAG,
    summary: "Remove a store's display name",
    response: { 200: Success },
    params: StoreAliasParams,
  },
  async (c, { params }) => {
    const now = new Date();
    const written = await runNamedBatch(c.var.db, {
      alias: sql`DELETE FROM store_aliases WHERE buyer_company = ${params.buyer_company} RETURNING buyer_company`,
      // Only a removal is an event: a refused delete (404) writes nothing (found by the route fuzz).
      event: sql`INSERT INTO event_log (ts, actor, action, target)
        SELECT ${now.toISOString()}, ${actorOf(c)}, 'store_alias_removed', ${params.buyer_company} WHERE changes() > 0`,
    });
    if (written.alias.rows.length === 0) throw new HTTPException(404, { message: "Store alias not found" });
    await stampAfterWrite(c, "packing");
    return c.json({ success: true });
  },
);

defineRoute(
  packingHistory,
  {
    method: "get",
    path: "/api/packing/settings",
    auth: "key-or-session",
    tag: TAG,
    summary: "Packing-list and Apex write-back settings",
    response: { 200: PackingSettingsView },
  },
  async (c) => c.json(await readPackingSettings(c.var.db)),
);

defineRoute(
  packingHistory,
  {
    method: "put",
    path: "/api/packing/settings",
    ability: "admin",
    auth: "session",
    tag: TAG,
    summary: "Change packing-list settings",
    response: { 200: PackingSettingsView },
    body: UpdatePackingSettingsBody,
  },
  async (c, { body }) => {
    const now = new Date();
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) throw new HTTPException(400, { message: "No settings provided" });
    await runBatch(c.var.db, [
      patchPackingSettingsStatement(changes, now),
      eventStatement(c.var.db, { actor: actorOf(c), action: "packing_settings_updated", details: changes }, now),
    ]);
    const settings = await readPackingSettings(c.var.db);
    if (body.excluded_statuses) await refreshExcludedFlags(c.var.db, settings.excluded_statuses);
    await stampAfterWrite(c, "packing");
    return c.json(settings);
  },
);
