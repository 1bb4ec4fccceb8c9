import { type SQL, sql } from "drizzle-orm";
import { type CandidatePackage, chooseMetrc, suggestPackage } from "../domain/batch-mapping";
import {
  type IntakeOrder,
  type ItemRow,
  type LineRow,
  type OrderRow,
  toItemRows,
  toOrderRow,
  toPackingLines,
} from "../domain/order-intake";
import { type PackingSettings, statusMatches } from "../domain/packing";
import { normalizeStrain } from "../domain/product-name";
import type { Db } from "../env";
import { runBatch } from "./d1-batch";
import { recomputePackagesStatements } from "./packing-grams";

const CURSOR_KEY = "apex_orders_cursor";
/** Rows per JSON parameter: keeps each bound value far below D1's 2 MB limit. */
const CHUNK = 200;

const json = (rows: unknown) => JSON.stringify(rows);
function chunks<T>(rows: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
const idList = (ids: readonly number[]) => sql`(SELECT value FROM json_each(${json(ids)}))`;

export async function readOrdersCursor(db: Db): Promise<string | null> {
  const row = await db.get<{ value: string }>(sql`SELECT value FROM sync_state WHERE key = ${CURSOR_KEY}`);
  return row?.value ?? null;
}

type ExistingOrder = { id: number; apex_updated_at: string | null; order_status: string; completed_at: string | null };
type ExistingLine = { order_id: number; product_name: string; batch_name: string; metrc_source: string };

/** Active packages with their unclaimed grams, for FIFO suggestions (rules §18.4). */
async function candidatePackages(db: Db): Promise<CandidatePackage[]> {
  const rows = await db.all<{ metrc_number: string; strain: string; created_date: string | null; available: number }>(sql`
    SELECT metrc_number, strain, created_date,
      COALESCE(physical_grams_override, current_grams) - grams_ordered - grams_packed AS available
    FROM finished_goods WHERE status = 'active'`);
  return rows.map((r) => ({
    metrc_number: r.metrc_number,
    strain_key: normalizeStrain(r.strain),
    created_date: r.created_date,
    available_grams: r.available,
  }));
}

function upsertOrders(rows: (OrderRow & { excluded: number })[], at: string): SQL[] {
  return chunks(rows).map(
    (part) =>
      sql`INSERT INTO apex_orders (id, uuid, invoice_number, total, order_date, order_status, order_status_id, deal_flow_id,
        cancelled, excluded, buyer_company, buyer_company_id, ship_name, ship_address, ship_city, ship_state, payment_status,
        items_count, apex_updated_at, cached_at, last_updated)
      SELECT j.value ->> '$.id', j.value ->> '$.uuid', j.value ->> '$.invoice_number', j.value ->> '$.total', j.value ->> '$.order_date',
        j.value ->> '$.order_status', j.value ->> '$.order_status_id', j.value ->> '$.deal_flow_id', j.value ->> '$.cancelled',
        j.value ->> '$.excluded', j.value ->> '$.buyer_company', j.value ->> '$.buyer_company_id', j.value ->> '$.ship_name',
        j.value ->> '$.ship_address', j.value ->> '$.ship_city', j.value ->> '$.ship_state', j.value ->> '$.payment_status',
        j.value ->> '$.items_count', j.value ->> '$.apex_updated_at', ${at}, ${at}
      FROM json_each(${json(part)}) j WHERE true
      ON CONFLICT (id) DO UPDATE SET uuid = excluded.uuid, invoice_number = excluded.invoice_number, total = excluded.total,
        order_date = excluded.order_date, order_status = excluded.order_status, order_status_id = excluded.order_status_id,
        deal_flow_id = excluded.deal_flow_id, cancelled = excluded.cancelled, excluded = excluded.excluded,
        buyer_company = excluded.buyer_company, buyer_company_id = excluded.buyer_company_id, ship_name = excluded.ship_name,
        ship_address = excluded.ship_address, ship_city = excluded.ship_city, ship_state = excluded.ship_state,
        payment_status = excluded.payment_status, items_count = excluded.items_count, apex_updated_at = excluded.apex_updated_at,
        last_updated = excluded.last_updated`,
  );
}

function replaceItems(orderIds: number[], items: ItemRow[]): SQL[] {
  const statements = chunks(orderIds).map((ids) => sql`DELETE FROM apex_order_items WHERE order_id IN ${idList(ids)}`);
  for (const part of chunks(items, CHUNK * 3)) {
    statements.push(
      sql`INSERT INTO apex_order_items (order_id, line_id, product_id, product_name, quantity, batch_name, apex_batch_id, unit_price)
        SELECT j.value ->> '$.order_id', j.value ->> '$.line_id', j.value ->> '$.product_id', j.value ->> '$.product_name',
          j.value ->> '$.quantity', j.value ->> '$.batch_name', j.value ->> '$.apex_batch_id', j.value ->> '$.unit_price'
        FROM json_each(${json(part)}) j WHERE true
        ON CONFLICT (order_id, line_id) DO UPDATE SET product_name = excluded.product_name, quantity = excluded.quantity,
          batch_name = excluded.batch_name, apex_batch_id = excluded.apex_batch_id, unit_price = excluded.unit_price,
          product_id = excluded.product_id`,
    );
  }
  return statements;
}

type LineWrite = LineRow & { batch_name: string; metrc_source: string };

/**
 * Re-import updates `ordered` and order data but never `packed`, initials, notes or delivery
 * fields (rules §18.1); a packer's METRC override always survives, and an Apex label beats a
 * FIFO suggestion.
 */
function upsertLines(lines: LineWrite[], at: string): SQL[] {
  return chunks(lines, CHUNK * 3).map(
    (part) =>
      sql`INSERT INTO packing_items (order_id, product_name, store_name, buyer_company, ordered, order_date, invoice_number,
        batch_name, metrc_source, is_new, strain, strain_key, sku_key, grams_per_unit, compact_display_name, synced_ordered, last_updated)
      SELECT j.value ->> '$.order_id', j.value ->> '$.product_name', j.value ->> '$.store_name', j.value ->> '$.buyer_company',
        j.value ->> '$.ordered', j.value ->> '$.order_date', j.value ->> '$.invoice_number', j.value ->> '$.batch_name',
        j.value ->> '$.metrc_source', j.value ->> '$.is_new', j.value ->> '$.strain', j.value ->> '$.strain_key', j.value ->> '$.sku_key',
        j.value ->> '$.grams_per_unit', j.value ->> '$.compact_display_name', j.value ->> '$.ordered', ${at}
      FROM json_each(${json(part)}) j WHERE true
      ON CONFLICT (order_id, product_name) DO UPDATE SET
        ordered = excluded.ordered, synced_ordered = excluded.ordered, store_name = excluded.store_name,
        buyer_company = excluded.buyer_company, order_date = excluded.order_date, invoice_number = excluded.invoice_number,
        is_new = excluded.is_new, strain = excluded.strain, strain_key = excluded.strain_key, sku_key = excluded.sku_key,
        grams_per_unit = excluded.grams_per_unit, compact_display_name = excluded.compact_display_name,
        batch_name = CASE WHEN packing_items.metrc_source = 'manual' THEN packing_items.batch_name
          WHEN excluded.metrc_source = 'apex' OR packing_items.batch_name = '' THEN excluded.batch_name
          ELSE packing_items.batch_name END,
        metrc_source = CASE WHEN packing_items.metrc_source = 'manual' THEN 'manual'
          WHEN excluded.metrc_source = 'apex' OR packing_items.batch_name = '' THEN excluded.metrc_source
          ELSE packing_items.metrc_source END,
        version = packing_items.version + 1, last_updated = excluded.last_updated`,
  );
}

/** Lines Apex no longer lists: dropped when nothing was packed, kept at ordered 0 otherwise. */
function dropVanishedLines(orderIds: number[], lines: readonly LineWrite[]): SQL[] {
  return chunks(orderIds).flatMap((ids) => {
    const inChunk = new Set(ids);
    const keep = lines.filter((l) => inChunk.has(l.order_id)).map((l) => `${l.order_id}\u001f${l.product_name}`);
    const vanished = sql`order_id IN ${idList(ids)} AND (order_id || char(31) || product_name) NOT IN (SELECT value FROM json_each(${json(keep)}))`;
    return [
      sql`DELETE FROM packing_items WHERE ${vanished} AND packed = 0`,
      sql`UPDATE packing_items SET ordered = 0, synced_ordered = 0, version = version + 1 WHERE ${vanished} AND packed > 0 AND ordered <> 0`,
    ];
  });
}

type IntakeResult = {
  ordersFetched: number;
  ordersWritten: number;
  linesWritten: number;
  packagesTouched: string[];
  changedOrderIds: number[];
};

/**
 * Stores one pull of shipping orders in a single transaction (nothing half-way). Orders whose
 * `updated_at` is unchanged are skipped, so a repeated pull writes nothing.
 */
export async function applyOrderIntake(
  db: Db,
  orders: readonly IntakeOrder[],
  settings: PackingSettings,
  now: Date,
  cursor: string | null,
): Promise<IntakeResult> {
  const at = now.toISOString();
  const existing = new Map<number, ExistingOrder>();
  for (const ids of chunks(
    orders.map((o) => o.id),
    500,
  )) {
    const rows = await db.all<ExistingOrder>(
      sql`SELECT id, apex_updated_at, order_status, completed_at FROM apex_orders WHERE id IN ${idList(ids)}`,
    );
    for (const row of rows) existing.set(row.id, row);
  }
  // An order without `items` says nothing about its lines: storing it would drop them as vanished
  // and record its updated_at, so it would be skipped for good. It waits for a reply that has them.
  const changed = orders.filter((o) => o.items !== undefined && existing.get(o.id)?.apex_updated_at !== o.updated_at);
  const previousCursor = await readOrdersCursor(db);
  const cursorMoves = cursor !== null && cursor !== previousCursor;
  if (changed.length === 0 && !cursorMoves)
    return { ordersFetched: orders.length, ordersWritten: 0, linesWritten: 0, packagesTouched: [], changedOrderIds: [] };

  const changedIds = changed.map((o) => o.id);
  const oldLines: ExistingLine[] = [];
  for (const ids of chunks(changedIds, 500)) {
    oldLines.push(
      ...(await db.all<ExistingLine>(
        sql`SELECT order_id, product_name, batch_name, metrc_source FROM packing_items WHERE order_id IN ${idList(ids)}`,
      )),
    );
  }
  const oldByKey = new Map(oldLines.map((l) => [`${l.order_id}\u001f${l.product_name}`, l]));
  const packages = changed.length ? await candidatePackages(db) : [];

  const orderRows = changed.map((o) => {
    const row = toOrderRow(o);
    return { ...row, excluded: statusMatches(row.order_status, row.cancelled === 1, settings.excluded_statuses) ? 1 : 0 };
  });
  const lines: LineWrite[] = [];
  for (const order of changed) {
    if (existing.get(order.id)?.completed_at) continue;
    for (const line of toPackingLines(order, settings, now)) {
      const old = oldByKey.get(`${line.order_id}\u001f${line.product_name}`);
      const needsSuggestion = !line.apex_label && (!old || old.batch_name === "");
      const suggestion = needsSuggestion ? suggestPackage(packages, line.strain_key, line.ordered * line.grams_per_unit) : null;
      const claimed = packages.find((p) => p.metrc_number === suggestion);
      if (claimed) claimed.available_grams -= line.ordered * line.grams_per_unit;
      lines.push({ ...line, ...chooseMetrc(line.apex_label, suggestion) });
    }
  }
  const touched = [...new Set([...oldLines.map((l) => l.batch_name), ...lines.map((l) => l.batch_name)].filter((m) => m !== ""))];
  const statusChanges = orderRows
    .filter((r) => existing.get(r.id)?.order_status !== r.order_status)
    .map((r) => ({ order_id: r.id, old_status: existing.get(r.id)?.order_status ?? null, new_status: r.order_status }));

  const statements: SQL[] = [
    ...upsertOrders(orderRows, at),
    ...chunks(statusChanges).map(
      (part) => sql`INSERT INTO order_status_history (order_id, old_status, new_status, changed_at, changed_by)
        SELECT j.value ->> '$.order_id', j.value ->> '$.old_status', j.value ->> '$.new_status', ${at}, 'apex-sync' FROM json_each(${json(part)}) j`,
    ),
    ...replaceItems(changedIds, changed.flatMap(toItemRows)),
    ...upsertLines(lines, at),
    ...dropVanishedLines(
      changedIds.filter((id) => !existing.get(id)?.completed_at),
      lines,
    ),
    ...(touched.length ? recomputePackagesStatements(touched, now, "apex order sync") : []),
  ];
  if (cursorMoves) {
    statements.push(sql`INSERT INTO sync_state (key, value, updated_at) VALUES (${CURSOR_KEY}, ${cursor}, ${at})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  }
  await runBatch(db, statements);
  return {
    ordersFetched: orders.length,
    ordersWritten: changed.length,
    linesWritten: lines.length,
    packagesTouched: touched,
    changedOrderIds: changedIds,
  };
}

const INCIDENT_KEY = "apex_sync_incident";

/** Marks a failure incident as alerted; false when it already was (one alert per incident). */
export async function openSyncIncident(db: Db, message: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const rows = await db.all<{ key: string }>(sql`INSERT INTO sync_state (key, value, updated_at)
    VALUES (${INCIDENT_KEY}, ${JSON.stringify({ alerted_at: at, message })}, ${at}) ON CONFLICT (key) DO NOTHING RETURNING key`);
  return rows.length > 0;
}

export async function hasOpenSyncIncident(db: Db): Promise<boolean> {
  return (await db.get<{ n: number }>(sql`SELECT 1 AS n FROM sync_state WHERE key = ${INCIDENT_KEY}`)) !== undefined;
}

/** A successful run ends the incident; the next failure streak alerts again. */
export async function closeSyncIncident(db: Db): Promise<boolean> {
  const rows = await db.all<{ key: string }>(sql`DELETE FROM sync_state WHERE key = ${INCIDENT_KEY} RETURNING key`);
  return rows.length > 0;
}

/** After the excluded statuses change, re-flag the orders still open here. */
export async function refreshExcludedFlags(db: Db, excludedStatuses: readonly string[]): Promise<number> {
  const orders = await db.all<{ id: number; order_status: string; cancelled: number; excluded: number }>(
    sql`SELECT id, order_status, cancelled, excluded FROM apex_orders WHERE completed_at IS NULL`,
  );
  const flips = orders
    .map((o) => ({ id: o.id, excluded: statusMatches(o.order_status, o.cancelled === 1, excludedStatuses) ? 1 : 0, was: o.excluded }))
    .filter((o) => o.excluded !== o.was)
    .map(({ id, excluded }) => ({ id, excluded }));
  for (const part of chunks(flips, 500)) {
    await db.run(
      sql`UPDATE apex_orders SET excluded = j.value ->> '$.excluded' FROM json_each(${json(part)}) j WHERE apex_orders.id = j.value ->> '$.id'`,
    );
  }
  return flips.length;
}
