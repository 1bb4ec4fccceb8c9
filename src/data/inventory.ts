/** Paper / cone stock (data-model §1.5–1.7). Every change is one batch with its event_log row. */
import { type SQL, sql } from "drizzle-orm";
import type { CsvStockRow } from "../domain/inventory-csv";
import type { StockRow } from "../domain/paper-inventory";
import type { Db } from "../env";
import { runMappedBatch } from "./d1-batch";
import type { EventActor } from "./events";

const STOCK_COLUMNS = sql.raw("size, boxes, individual_papers, low_threshold, last_updated, alert_dismissed_at");

function event(db: Db, actor: EventActor, action: string, target: string | null, details: unknown, at: string) {
  return db.run(
    sql`INSERT INTO event_log (ts, actor, action, target, details) VALUES (${at}, ${actor}, ${action}, ${target}, ${JSON.stringify(details)})`,
  );
}

export type InventorySnapshot = { rows: StockRow[]; usedInWindow: Record<string, number>; settings: Record<string, unknown> };

/** Stock rows, papers used per size since `since`, and the settings the page needs: one round trip. */
export async function readInventory(db: Db, since: Date, settingKeys: readonly string[]): Promise<InventorySnapshot> {
  const keys = sql.join(
    settingKeys.map((k) => sql`${k}`),
    sql`, `,
  );
  const [rows, usage, settings] = await runMappedBatch(db, [
    db.all<StockRow>(sql`SELECT ${STOCK_COLUMNS} FROM inventory ORDER BY size`),
    db.all<{ size: string; used: number }>(
      sql`SELECT size, SUM(papers_used) AS used FROM inventory_usage WHERE timestamp >= ${since.toISOString()} GROUP BY size`,
    ),
    db.all<{ key: string; value: string }>(sql`SELECT key, value FROM settings WHERE key IN (${keys})`),
  ]);
  const parsed: Record<string, unknown> = {};
  for (const row of settings) {
    try {
      parsed[row.key] = JSON.parse(row.value);
    } catch {
      // A corrupt value reads as unset: defaults apply.
    }
  }
  return { rows, usedInWindow: Object.fromEntries(usage.map((u) => [u.size, u.used])), settings: parsed };
}

export type StockUpdate = { boxes?: number | undefined; individual_papers?: number | undefined };

/** Sets absolute values (rules §6: the latest entry wins); a change ends any dismissal of that size's alert. */
function stockUpdate(db: Db, size: string, update: StockUpdate & { low_threshold?: number | null }, at: string) {
  const sets: SQL[] = [sql`last_updated = ${at}`, sql`alert_dismissed_at = NULL`];
  if (update.boxes !== undefined) sets.push(sql`boxes = ${update.boxes}`);
  if (update.individual_papers !== undefined) sets.push(sql`individual_papers = ${update.individual_papers}`);
  if (update.low_threshold !== undefined && update.low_threshold !== null) sets.push(sql`low_threshold = ${update.low_threshold}`);
  return db.all<StockRow>(sql`UPDATE inventory SET ${sql.join(sets, sql`, `)} WHERE size = ${size} RETURNING ${STOCK_COLUMNS}`);
}

export async function updateStock(db: Db, size: string, update: StockUpdate, actor: EventActor, now: Date): Promise<StockRow | null> {
  const at = now.toISOString();
  const [rows] = await runMappedBatch(db, [stockUpdate(db, size, update, at), event(db, actor, "inventory_updated", size, update, at)]);
  return rows[0] ?? null;
}

/** All CSV rows in one batch: either every size changes or none does. */
export async function applyStockRows(db: Db, rows: readonly CsvStockRow[], actor: EventActor, now: Date): Promise<StockRow[]> {
  const at = now.toISOString();
  const [first, ...rest] = rows.map((row) => stockUpdate(db, row.size, row, at));
  if (!first) return [];
  const results = await runMappedBatch(db, [first, ...rest, event(db, actor, "inventory_uploaded", null, { rows }, at)]);
  return results.slice(0, rows.length).flatMap((r) => r as StockRow[]);
}

/** Merges a partial per-size object into a JSON setting (JSON merge patch), atomically. */
function mergeSetting(db: Db, key: string, defaults: unknown, patch: unknown, at: string) {
  const base = JSON.stringify(defaults);
  const delta = JSON.stringify(patch);
  return db.run(sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, json_patch(${base}, ${delta}), ${at})
    ON CONFLICT (key) DO UPDATE SET value = json_patch(CASE WHEN json_valid(settings.value) THEN settings.value ELSE ${base} END, ${delta}), updated_at = ${at}`);
}

export type InventorySettingsUpdate = {
  thresholds?: { key: string; defaults: unknown; patch: Record<string, number> } | undefined;
  papersPerBox?: { key: string; defaults: unknown; patch: Record<string, number> } | undefined;
};

/** Thresholds live in the setting and, per size, in inventory.low_threshold; both change together. */
export async function writeInventorySettings(db: Db, update: InventorySettingsUpdate, actor: EventActor, now: Date): Promise<void> {
  const at = now.toISOString();
  const statements = [];
  if (update.thresholds) {
    statements.push(mergeSetting(db, update.thresholds.key, update.thresholds.defaults, update.thresholds.patch, at));
    for (const [size, threshold] of Object.entries(update.thresholds.patch)) {
      statements.push(db.run(sql`UPDATE inventory SET low_threshold = ${threshold} WHERE size = ${size}`));
    }
  }
  if (update.papersPerBox)
    statements.push(mergeSetting(db, update.papersPerBox.key, update.papersPerBox.defaults, update.papersPerBox.patch, at));
  const details = { thresholds: update.thresholds?.patch, papers_per_box: update.papersPerBox?.patch };
  await runMappedBatch(db, [event(db, actor, "inventory_settings_updated", null, details, at), ...statements]);
}

export async function dismissAlerts(db: Db, sizes: readonly string[], actor: EventActor, now: Date): Promise<void> {
  const at = now.toISOString();
  const list = sql.join(
    sizes.map((s) => sql`${s}`),
    sql`, `,
  );
  await runMappedBatch(db, [
    db.run(sql`UPDATE inventory SET alert_dismissed_at = ${at} WHERE size IN (${list})`),
    event(db, actor, "inventory_alert_dismissed", sizes.join(","), {}, at),
  ]);
}
