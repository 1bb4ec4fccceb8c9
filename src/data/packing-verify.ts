import { sql } from "drizzle-orm";
import type { Db } from "../env";
import { runNamedBatch } from "./d1-batch";

/**
 * Marks a line verified by a scanned tag, only when the tag is the line's METRC package (compared
 * in SQL, so a package changed a moment ago by another device refuses the stale scan). Verifying
 * does not move `version`: it changes no figure another packer could be editing.
 */
export async function verifyLine(db: Db, id: number, tag: string, by: string, now: Date): Promise<boolean> {
  // A batch of one, so an Idempotency-Key claim (claimingDb) rides in the same transaction.
  const { verify } = await runNamedBatch(db, {
    verify: sql`UPDATE packing_items
    SET verified_tag = ${tag}, verified_by = ${by}, verified_at = ${now.toISOString()}, last_updated = ${now.toISOString()}
    WHERE id = ${id} AND batch_name <> '' AND upper(batch_name) = ${tag}`,
  });
  return verify.changes > 0;
}

/** Removes a verification (a packer undoing a scan). */
export async function clearVerification(db: Db, id: number, now: Date): Promise<boolean> {
  const { clear } = await runNamedBatch(db, {
    clear: sql`UPDATE packing_items
    SET verified_tag = '', verified_by = '', verified_at = NULL, last_updated = ${now.toISOString()}
    WHERE id = ${id}`,
  });
  return clear.changes > 0;
}

type OrderListRow = {
  id: number;
  invoice_number: string;
  order_date: string;
  order_status: string;
  buyer_company: string;
  ship_name: string;
  ship_address: string;
  ship_city: string;
  ship_state: string;
  payment_status: string;
  items_count: number;
  total: string;
  excluded: number;
  completed_at: string | null;
  open_lines: number;
};

/** Apex orders for the order list (pages.md §25), newest first, with how many packing lines are still open. */
export async function listOrders(db: Db, filter: { search: string; status: string; includeHidden: boolean }, limit = 1000) {
  const where = [sql`1 = 1`];
  if (!filter.includeHidden) where.push(sql`o.excluded = 0`);
  if (filter.status) where.push(sql`lower(o.order_status) = lower(${filter.status})`);
  if (filter.search) {
    const like = `%${filter.search.toLowerCase()}%`;
    where.push(sql`(lower(o.invoice_number) LIKE ${like} OR lower(o.buyer_company) LIKE ${like} OR lower(o.ship_name) LIKE ${like}
      OR lower(o.ship_city) LIKE ${like})`);
  }
  return db.all<OrderListRow>(sql`SELECT o.id, o.invoice_number, o.order_date, o.order_status, o.buyer_company, o.ship_name,
      o.ship_address, o.ship_city, o.ship_state, o.payment_status, o.items_count, o.total, o.excluded, o.completed_at,
      (SELECT count(*) FROM packing_items p WHERE p.order_id = o.id) AS open_lines
    FROM apex_orders o WHERE ${sql.join(where, sql` AND `)} ORDER BY o.order_date DESC, o.id DESC LIMIT ${limit}`);
}

/** The statuses seen on stored orders, for the order list's status filter. */
export async function orderStatuses(db: Db): Promise<string[]> {
  const rows = await db.all<{ s: string }>(sql`SELECT DISTINCT order_status AS s FROM apex_orders WHERE order_status <> '' ORDER BY s`);
  return rows.map((r) => r.s);
}
