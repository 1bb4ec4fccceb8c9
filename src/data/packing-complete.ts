import { sql } from "drizzle-orm";
import { roundGrams } from "../domain/grams";
import type { Db } from "../env";
import { namedList, runNamedBatch } from "./d1-batch";
import type { EventActor } from "./events";
import { completeOrderChange } from "./finished-goods-changes";
import { recomputePackagesStatements } from "./packing-grams";

type CompletionInput = {
  orderId: number;
  invoiceNumber: string;
  /** The order's open lines as read before completing; the claim fails if they changed since. */
  lines: readonly { id: number; packed: number; batch_name: string; grams_per_unit: number; apex_decremented?: number }[];
  actor: EventActor;
  source: "packing" | "apex";
  now: Date;
};

type CompletionOutcome =
  | { ok: true; shipped: { metrc_number: string; grams: number }[] }
  | { ok: false; reason: "already_completed" | "lines_changed" | "insufficient_grams" };

/**
 * g per package = Σ packed × grams per unit over the order's lines mapped to it (rules §18.5). A
 * line marked `apex_decremented` (lines imported from the original app) was already taken off
 * the stock once, so it ships nothing again.
 */
function gramsByPackage(lines: CompletionInput["lines"]): { metrc_number: string; grams: number }[] {
  const out = new Map<string, number>();
  for (const l of lines) {
    if (l.batch_name === "" || l.packed <= 0 || l.apex_decremented === 1) continue;
    out.set(l.batch_name, roundGrams((out.get(l.batch_name) ?? 0) + l.packed * l.grams_per_unit));
  }
  return [...out].map(([metrc_number, grams]) => ({ metrc_number, grams }));
}

/** The lines' state as text: the claim compares it, so an edit racing the completion stops it. */
function fingerprintOf(lines: CompletionInput["lines"]): string {
  return [...lines]
    .sort((a, b) => a.id - b.id)
    .map((l) => `${l.id}:${l.packed}:${l.batch_name}:${l.apex_decremented ?? 0}`)
    .join(",");
}
const LINES_NOW = (orderId: number) =>
  sql`(SELECT COALESCE(group_concat(id || ':' || packed || ':' || batch_name || ':' || apex_decremented, ','), '') FROM (SELECT id, packed, batch_name, apex_decremented FROM packing_items WHERE order_id = ${orderId} ORDER BY id))`;

/**
 * Completes an order in one transaction (rules §18.5): claims the order (only one completion can,
 * and only if its lines are as read and every package still holds the grams to ship), applies the
 * finished-goods complete-order per METRC package (rules §5.4, with its `fulfilled` history row),
 * archives the lines and removes them. Every statement after the claim is guarded by it: a second
 * or racing completion changes nothing.
 */
export async function completeOrderInDb(db: Db, input: CompletionInput): Promise<CompletionOutcome> {
  const at = input.now.toISOString();
  const token = crypto.randomUUID();
  const id = input.orderId;
  const shipped = gramsByPackage(input.lines);
  const claimed = sql`EXISTS (SELECT 1 FROM apex_orders WHERE id = ${id} AND completion_id = ${token})`;
  const stockGuards = shipped.map(
    (s) => sql` AND EXISTS (SELECT 1 FROM finished_goods WHERE metrc_number = ${s.metrc_number} AND current_grams >= ${s.grams} - 1e-9)`,
  );
  const packageStatements = shipped.flatMap((s) => {
    const change = completeOrderChange(s.grams, input.invoiceNumber || String(id), {
      source: input.source === "apex" ? "api" : "manual",
      reason: "order completed",
    });
    return [
      sql`UPDATE finished_goods SET ${change.set}, updated_date = ${at} WHERE metrc_number = ${s.metrc_number} AND ${claimed}`,
      // The same history row finished goods writes for complete-order, only if the update applied.
      sql`INSERT INTO finished_goods_history (metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details)
        SELECT metrc_number, ${at}, ${change.changeType}, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, ${JSON.stringify(change.details)}
        FROM finished_goods WHERE metrc_number = ${s.metrc_number} AND changes() > 0`,
    ];
  });
  const metrcs = [...new Set(input.lines.map((l) => l.batch_name).filter((m) => m !== ""))];

  const written = await runNamedBatch(db, {
    order: sql`UPDATE apex_orders SET completed_at = ${at}, completion_id = ${token}, last_updated = ${at}
      WHERE id = ${id} AND completed_at IS NULL AND ${LINES_NOW(id)} = ${fingerprintOf(input.lines)}${sql.join(stockGuards, sql``)}
      RETURNING id`,
    ...namedList("package", packageStatements),
    archive: sql`INSERT INTO packing_items_archive (order_id, product_name, store_name, ordered, packed, initials, notes, order_date,
        invoice_number, batch_name, compact_display_name, delivery_date, delivery_notes, internal_notes, archived_at, completion_date,
        strain, grams_per_unit, grams_fulfilled, verified_tag, verified_by, verified_at)
      SELECT p.order_id, p.product_name, COALESCE(a.display_name, p.store_name), p.ordered, p.packed, p.initials, p.notes, p.order_date,
        p.invoice_number, p.batch_name, p.compact_display_name, p.delivery_date, p.delivery_notes, p.internal_notes, ${at}, ${at},
        p.strain, p.grams_per_unit, CASE WHEN p.batch_name <> '' AND p.apex_decremented = 0 THEN ROUND(p.packed * p.grams_per_unit, 4) ELSE 0 END,
        p.verified_tag, p.verified_by, p.verified_at
      FROM packing_items p LEFT JOIN store_aliases a ON a.buyer_company = p.buyer_company AND p.buyer_company <> ''
      WHERE p.order_id = ${id} AND ${claimed} ORDER BY p.id`,
    lines: sql`DELETE FROM packing_items WHERE order_id = ${id} AND ${claimed}`,
    event: sql`INSERT INTO event_log (ts, actor, action, target, details)
      SELECT ${at}, ${input.actor}, 'packing_order_completed', ${String(id)},
        json_object('invoice_number', ${input.invoiceNumber}, 'source', ${input.source}) WHERE ${claimed}`,
    ...namedList("recompute", metrcs.length ? recomputePackagesStatements(metrcs, input.now, "order completed") : []),
  });
  if (written.order.rows.length > 0) return { ok: true, shipped };
  const order = await readOrder(db, id);
  if (!order || order.completed_at) return { ok: false, reason: "already_completed" };
  const now = await db.get<{ lines: string }>(sql`SELECT ${LINES_NOW(id)} AS lines`);
  return { ok: false, reason: now?.lines === fingerprintOf(input.lines) ? "insufficient_grams" : "lines_changed" };
}

type OrderRecord = {
  id: number;
  invoice_number: string;
  order_status: string;
  order_status_id: number | null;
  deal_flow_id: number | null;
  completed_at: string | null;
};

export async function readOrder(db: Db, orderId: number): Promise<OrderRecord | null> {
  const row = await db.get<OrderRecord>(
    sql`SELECT id, invoice_number, order_status, order_status_id, deal_flow_id, completed_at FROM apex_orders WHERE id = ${orderId}`,
  );
  return row ?? null;
}

/** Changed orders that still have open lines here: candidates for auto-completion (rules §18.5). */
export async function openOrdersAmong(db: Db, orderIds: readonly number[]): Promise<OrderRecord[]> {
  if (orderIds.length === 0) return [];
  return db.all<OrderRecord>(sql`SELECT id, invoice_number, order_status, order_status_id, deal_flow_id, completed_at FROM apex_orders
    WHERE id IN (SELECT value FROM json_each(${JSON.stringify(orderIds)})) AND completed_at IS NULL
      AND EXISTS (SELECT 1 FROM packing_items p WHERE p.order_id = apex_orders.id)`);
}
