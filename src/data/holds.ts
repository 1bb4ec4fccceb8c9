/**
 * Wholesale holds (rules §13). A hold is inserted by one conditional INSERT … SELECT that computes
 * the SKU's free units in SQL, so concurrent holds can never take more than there is.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../env";
import { rowsOf, runNamedBatch } from "./d1-batch";
import { freeUnitsOf, LIVE_STATUSES, type SkuRef, statusAfter } from "./finished-goods-sql";

type HoldRow = {
  id: string;
  metrc_number: string;
  sku_name: string;
  sku_key: string | null;
  quantity: number;
  created_date: string;
  notes: string | null;
  strain: string | null;
};

type NewHold = { id: string; metrc_number: string; sku: SkuRef; quantity: number; notes: string | null; actor: string };

/** An event_log row written only when the statement before it changed something. */
function eventIfChanged(actor: string, action: string, target: string, details: unknown, at: string): SQL {
  return sql`INSERT INTO event_log (ts, actor, action, target, details) SELECT ${at}, ${actor}, ${action}, ${target}, ${JSON.stringify(details)} WHERE changes() > 0`;
}

/** Holds take grams out of the package, so active ⇄ depleted follows them (rules §5.5). */
function recomputeStatus(metrc: string): SQL {
  return sql`UPDATE finished_goods SET ${statusAfter()} WHERE metrc_number = ${metrc} AND status IN ${LIVE_STATUSES}`;
}

/** True when the hold was stored; false when the package is not live or the units are not free. */
export async function insertHoldIfFree(db: Db, hold: NewHold, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const written = await runNamedBatch(db, {
    hold: sql`INSERT INTO wholesale_holds (id, metrc_number, sku_name, sku_key, grams_per_unit, quantity, created_date, notes)
      SELECT ${hold.id}, fg.metrc_number, ${hold.sku.displayName}, ${hold.sku.key}, ${hold.sku.gramsPerUnit}, ${hold.quantity}, ${at}, ${hold.notes}
      FROM finished_goods fg
      WHERE fg.metrc_number = ${hold.metrc_number} AND fg.status IN ${LIVE_STATUSES} AND ${freeUnitsOf("fg", hold.sku)} >= ${hold.quantity} - 1e-9
      RETURNING id`,
    event: eventIfChanged(
      hold.actor,
      "hold_created",
      hold.id,
      { metrc_number: hold.metrc_number, sku: hold.sku.key, quantity: hold.quantity, notes: hold.notes },
      at,
    ),
    status: recomputeStatus(hold.metrc_number),
  });
  return written.hold.rows.length > 0;
}

/** Releasing is a hard delete (api.md §5); returns the released hold or null when there was none. */
export async function deleteHold(db: Db, id: string, actor: string, now: Date): Promise<{ metrc_number: string } | null> {
  const at = now.toISOString();
  const found = await db.all<{ metrc_number: string }>(sql`SELECT metrc_number FROM wholesale_holds WHERE id = ${id}`);
  const metrc = found[0]?.metrc_number;
  if (metrc === undefined) return null;
  const written = await runNamedBatch(db, {
    hold: rowsOf<{ metrc_number: string }>(sql`DELETE FROM wholesale_holds WHERE id = ${id} RETURNING metrc_number`),
    event: eventIfChanged(actor, "hold_released", id, { metrc_number: metrc }, at),
    status: recomputeStatus(metrc),
  });
  return written.hold.rows[0] ?? null;
}

export async function listHolds(db: Db, metrc?: string): Promise<HoldRow[]> {
  const only = metrc === undefined ? sql`` : sql`WHERE h.metrc_number = ${metrc}`;
  return db.all<HoldRow>(sql`SELECT h.id, h.metrc_number, h.sku_name, h.sku_key, h.quantity, h.created_date, h.notes, fg.strain
    FROM wholesale_holds h LEFT JOIN finished_goods fg ON fg.metrc_number = h.metrc_number ${only}
    ORDER BY h.created_date DESC, h.id`);
}

/** `{latest_hold_timestamp}|{latest_fg_history_timestamp}|{total_hold_count}` (api.md §5). */
export async function wholesaleFingerprint(db: Db): Promise<string> {
  const rows = await db.all<{ latest_hold: string | null; latest_history: string | null; holds: number }>(sql`SELECT
      (SELECT MAX(created_date) FROM wholesale_holds) AS latest_hold,
      (SELECT MAX(timestamp) FROM finished_goods_history) AS latest_history,
      (SELECT count(*) FROM wholesale_holds) AS holds`);
  const row = rows[0];
  return `${row?.latest_hold ?? ""}|${row?.latest_history ?? ""}|${row?.holds ?? 0}`;
}
