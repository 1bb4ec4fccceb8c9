/** Paper / cone stock (data-model §1.5–1.7). Every change is one batch with its event_log row. */
import { type SQL, sql } from "drizzle-orm";
import type { CsvStockRow } from "../domain/inventory-csv";
import type { StockRow } from "../domain/paper-inventory";
import type { Db } from "../env";
import { type Query, rowsOf, runBatch, runNamedBatch } from "./d1-batch";
import type { EventActor } from "./events";

const STOCK_COLUMNS = sql.raw("size, boxes, individual_papers, low_threshold, last_updated, alert_dismissed_at");

function event(actor: EventActor, action: string, target: string | null, details: unknown, at: string): SQL {
  return sql`INSERT INTO event_log (ts, actor, action, target, details) VALUES (${at}, ${actor}, ${action}, ${target}, ${JSON.stringify(details)})`;
}

type InventorySnapshot = { rows: StockRow[]; usedInWindow: Record<string, number>; settings: Record<string, unknown> };

/** Stock rows, papers used per size since `since`, and the settings the page needs: one round trip. */
export async function readInventory(db: Db, since: Date, settingKeys: readonly string[]): Promise<InventorySnapshot> {
  const keys = sql.join(
    settingKeys.map((k) => sql`${k}`),
    sql`, `,
  );
  const read = await runNamedBatch(db, {
    stock: rowsOf<StockRow>(sql`SELECT ${STOCK_COLUMNS} FROM inventory ORDER BY size`),
    usage: rowsOf<{ size: string; used: number }>(
      sql`SELECT size, SUM(papers_used) AS used FROM inventory_usage WHERE timestamp >= ${since.toISOString()} GROUP BY size`,
    ),
    settings: rowsOf<{ key: string; value: string }>(sql`SELECT key, value FROM settings WHERE key IN (${keys})`),
  });
  const rows = read.stock.rows;
  const usage = read.usage.rows;
  const settings = read.settings.rows;
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

type StockUpdate = { boxes?: number | undefined; individual_papers?: number | undefined };

/** Sets absolute values (rules §6: the latest entry wins); a change ends any dismissal of that size's alert. */
function stockUpdate(size: string, update: StockUpdate & { low_threshold?: number | null }, at: string) {
  const sets: SQL[] = [sql`last_updated = ${at}`, sql`alert_dismissed_at = NULL`];
  if (update.boxes !== undefined) sets.push(sql`boxes = ${update.boxes}`);
  if (update.individual_papers !== undefined) sets.push(sql`individual_papers = ${update.individual_papers}`);
  if (update.low_threshold !== undefined && update.low_threshold !== null) sets.push(sql`low_threshold = ${update.low_threshold}`);
  return rowsOf<StockRow>(sql`UPDATE inventory SET ${sql.join(sets, sql`, `)} WHERE size = ${size} RETURNING ${STOCK_COLUMNS}`);
}

export async function updateStock(db: Db, size: string, update: StockUpdate, actor: EventActor, now: Date): Promise<StockRow | null> {
  const at = now.toISOString();
  const written = await runNamedBatch(db, {
    stock: stockUpdate(size, update, at),
    event: event(actor, "inventory_updated", size, update, at),
  });
  return written.stock.rows[0] ?? null;
}

/** All CSV rows in one batch: either every size changes or none does. */
export async function applyStockRows(db: Db, rows: readonly CsvStockRow[], actor: EventActor, now: Date): Promise<StockRow[]> {
  const at = now.toISOString();
  if (rows.length === 0) return [];
  const statements: Record<string, Query<StockRow> | SQL> = {};
  rows.forEach((row, i) => {
    statements[`stock ${i}`] = stockUpdate(row.size, row, at);
  });
  statements.event = event(actor, "inventory_uploaded", null, { rows }, at);
  const written = await runNamedBatch(db, statements);
  return rows.flatMap((_, i) => (written[`stock ${i}`]?.rows ?? []) as StockRow[]);
}

/** Merges a partial per-size object into a JSON setting (JSON merge patch), atomically. */
function mergeSetting(key: string, defaults: unknown, patch: unknown, at: string): SQL {
  const base = JSON.stringify(defaults);
  const delta = JSON.stringify(patch);
  return sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, json_patch(${base}, ${delta}), ${at})
    ON CONFLICT (key) DO UPDATE SET value = json_patch(CASE WHEN json_valid(settings.value) THEN settings.value ELSE ${base} END, ${delta}), updated_at = ${at}`;
}

type InventorySettingsUpdate = {
  thresholds?: { key: string; defaults: unknown; patch: Record<string, number> } | undefined;
  papersPerBox?: { key: string; defaults: unknown; patch: Record<string, number> } | undefined;
};

/** Thresholds live in the setting and, per size, in inventory.low_threshold; both change together. */
export async function writeInventorySettings(db: Db, update: InventorySettingsUpdate, actor: EventActor, now: Date): Promise<void> {
  const at = now.toISOString();
  const statements: SQL[] = [];
  if (update.thresholds) {
    statements.push(mergeSetting(update.thresholds.key, update.thresholds.defaults, update.thresholds.patch, at));
    for (const [size, threshold] of Object.entries(update.thresholds.patch)) {
      statements.push(sql`UPDATE inventory SET low_threshold = ${threshold} WHERE size = ${size}`);
    }
  }
  if (update.papersPerBox)
    statements.push(mergeSetting(update.papersPerBox.key, update.papersPerBox.defaults, update.papersPerBox.patch, at));
  const details = { thresholds: update.thresholds?.patch, papers_per_box: update.papersPerBox?.patch };
  await runBatch(db, [event(actor, "inventory_settings_updated", null, details, at), ...statements]);
}

export async function dismissAlerts(db: Db, sizes: readonly string[], actor: EventActor, now: Date): Promise<void> {
  const at = now.toISOString();
  const list = sql.join(
    sizes.map((s) => sql`${s}`),
    sql`, `,
  );
  await runBatch(db, [
    sql`UPDATE inventory SET alert_dismissed_at = ${at} WHERE size IN (${list})`,
    event(actor, "inventory_alert_dismissed", sizes.join(","), {}, at),
  ]);
}
