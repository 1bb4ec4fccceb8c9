/**
 * The Pushover cooldown ledger (`pushover_alert_log`). Claiming a slot is one conditional INSERT:
 * of many concurrent checks that see the same low stock, exactly one gets to send per window.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../env";

/** The claimed row's id, or null when an alert of that level for that target is still cooling down. */
export async function claimAlertSlot(
  db: Db,
  target: string,
  level: string,
  message: string,
  now: Date,
  windowStart: Date,
): Promise<number | null> {
  const rows = await db.all<{ id: number }>(sql`INSERT INTO pushover_alert_log (target, level, sent_at, message)
    SELECT ${target}, ${level}, ${now.toISOString()}, ${message}
    WHERE NOT EXISTS (SELECT 1 FROM pushover_alert_log WHERE target = ${target} AND level = ${level} AND sent_at > ${windowStart.toISOString()})
    RETURNING id`);
  return rows[0]?.id ?? null;
}

/** A message that never reached Pushover gives its slot back, so the next check tries again. */
export async function releaseAlertSlot(db: Db, id: number): Promise<void> {
  await db.run(sql`DELETE FROM pushover_alert_log WHERE id = ${id}`);
}
