/**
 * Every change to a package is one D1 batch: a snapshot of the row before, one guarded UPDATE
 * (`RETURNING` says whether it applied) and its history row, inserted only when the UPDATE changed
 * the row (`changes() > 0`). Nothing is read, computed in JS and written back.
 */
import { fillPlaceholders, type SQL, sql } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { PUSHOVER_KEY } from "../domain/low-stock";
import { type PackageRow, parseJsonColumn } from "../domain/package-view";
import type { Db } from "../env";
import { d1Of, rowsOf, runNamedBatch } from "./d1-batch";
import { heldGramsOf, jsonKeyPath, PACKAGE_COLUMNS, statusAfter } from "./finished-goods-sql";

export type HistorySource = "api" | "manual";

export type Change = {
  /** Assignments, without updated_date. */
  set: SQL;
  /** Extra condition the row must meet; when it does not, nothing changes. */
  guard?: SQL;
  changeType: string;
  details: Record<string, unknown>;
  /**
   * The hottest changes (deduct, add) carry their balance UPDATE compiled once at load, with
   * `sql.placeholder()` for `at`, `metrc` and the `values` named here.
   */
  compiled?: { balanceUpdate: Compiled; values: Record<string, unknown> };
};

type Compiled = { sql: string; params: unknown[] };

/** `alertSettings`: the stored Pushover settings, read in the same round trip for the low-stock check that follows. */
type ChangeResult = { before: PackageRow | null; after: PackageRow | null; alertSettings: unknown };

const HISTORY_COLUMNS =
  "metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details";
/** The row's figures after the change, as the history row records them. */
const FIGURES = "current_grams, grams_ordered, grams_packed, grams_fulfilled, status";

/** The history row for the change just made, written only if it changed something. */
export function historyRowIfChanged(metrc: string, changeType: string, details: Record<string, unknown>, at: string): SQL {
  return sql`INSERT INTO finished_goods_history (${sql.raw(HISTORY_COLUMNS)})
    SELECT metrc_number, ${at}, ${changeType}, ${sql.raw(FIGURES)}, ${JSON.stringify(details)}
    FROM finished_goods WHERE metrc_number = ${metrc} AND changes() > 0`;
}

const dialect = new SQLiteAsyncDialect();

/** What the balance-only changes (deduct, add) read back. */
const BALANCE_COLUMNS = sql.raw("current_grams, strain");

/** The guarded UPDATE of a change returning `columns`, with `at` and `metrc` as placeholders. */
function compileUpdate(change: Pick<Change, "set" | "guard">, columns: SQL): Compiled {
  const guard = change.guard ? sql` AND (${change.guard})` : sql``;
  return dialect.sqlToQuery(
    sql`UPDATE finished_goods SET ${change.set}, updated_date = ${sql.placeholder("at")}
      WHERE metrc_number = ${sql.placeholder("metrc")}${guard} RETURNING ${columns}`,
  );
}

// The alert settings ride on the row read: one statement fewer on the hottest write.
const rowBefore = (columns: SQL) =>
  dialect.sqlToQuery(
    sql`SELECT ${columns}, (SELECT value FROM settings WHERE key = ${PUSHOVER_KEY}) AS alert_settings
      FROM finished_goods WHERE metrc_number = ${sql.placeholder("metrc")}`,
  );
const ROW_BEFORE = rowBefore(PACKAGE_COLUMNS);
const BALANCE_BEFORE = rowBefore(sql.raw("current_grams"));

const HISTORY_IF_CHANGED = `INSERT INTO finished_goods_history (${HISTORY_COLUMNS})
  SELECT metrc_number, ?1, ?2, ${FIGURES}, ?3 FROM finished_goods WHERE metrc_number = ?4 AND changes() > 0`;

/**
 * Runs a change as one D1 batch of plain prepared statements (this is the hottest write path, so
 * no query objects are built per call): the row before, the guarded UPDATE, its history row.
 * Answers the row before (null: no such package) and after (null: the guard held it back).
 */
async function runChange<Before, After>(
  db: Db,
  metrc: string,
  change: Change,
  now: Date,
  read: { before: Compiled; update: Compiled },
): Promise<{ before: (Before & { alert_settings: string | null }) | null; after: After | null }> {
  const at = now.toISOString();
  const d1 = d1Of(db);
  const values = { ...change.compiled?.values, at, metrc };
  const written = await runNamedBatch(db, {
    before: rowsOf<Before & { alert_settings: string | null }>(
      d1.prepare(read.before.sql).bind(...fillPlaceholders(read.before.params, { metrc })),
    ),
    after: rowsOf<After>(d1.prepare(read.update.sql).bind(...fillPlaceholders(read.update.params, values))),
    history: d1.prepare(HISTORY_IF_CHANGED).bind(at, change.changeType, JSON.stringify(change.details), metrc),
  });
  return { before: written.before.rows[0] ?? null, after: written.after.rows[0] ?? null };
}

export async function changePackage(db: Db, metrc: string, change: Change, now: Date): Promise<ChangeResult> {
  const read = { before: ROW_BEFORE, update: compileUpdate(change, PACKAGE_COLUMNS) };
  const { before, after } = await runChange<PackageRow, PackageRow>(db, metrc, change, now, read);
  if (!before) return { before: null, after: null, alertSettings: null };
  const { alert_settings: alertSettings, ...row } = before;
  return { before: row, after, alertSettings: parseJsonColumn(alertSettings) };
}

type BalanceResult =
  | { found: false }
  | { found: true; previousGrams: number; after: { current_grams: number; strain: string } | null; alertSettings: unknown };

/**
 * `changePackage` for the changes that only move the balance (deduct and add), reading back just
 * the figures their answers need: every column crosses D1 as JSON twice on the hottest write.
 */
export async function changeBalance(db: Db, metrc: string, change: Change, now: Date): Promise<BalanceResult> {
  const read = { before: BALANCE_BEFORE, update: change.compiled?.balanceUpdate ?? compileUpdate(change, BALANCE_COLUMNS) };
  const { before, after } = await runChange<{ current_grams: number }, { current_grams: number; strain: string }>(
    db,
    metrc,
    change,
    now,
    read,
  );
  if (!before) return { found: false };
  return { found: true, previousGrams: before.current_grams, after, alertSettings: parseJsonColumn(before.alert_settings) };
}

const EPSILON = sql.raw("1e-9");
const round4 = (expr: SQL) => sql`ROUND(${expr}, 4)`;

// Deduct and add are the hottest writes: their SQL is built once, with the grams as a placeholder.
const GRAMS = sql.placeholder("grams");
const DEDUCTED_CURRENT = sql`MAX(0, current_grams - ${GRAMS})`;
const ADDED_CURRENT = sql`current_grams + ${GRAMS}`;
const DEDUCT_SET = sql`current_grams = ${round4(DEDUCTED_CURRENT)}, ${statusAfter({ current: DEDUCTED_CURRENT })}`;
const DEDUCT_GUARD = sql`current_grams >= ${GRAMS} - ${EPSILON}`;
const ADD_SET = sql`current_grams = ${round4(ADDED_CURRENT)}, ${statusAfter({ current: ADDED_CURRENT })}`;

const DEDUCT_UPDATE = compileUpdate({ set: DEDUCT_SET, guard: DEDUCT_GUARD }, BALANCE_COLUMNS);
const ADD_UPDATE = compileUpdate({ set: ADD_SET }, BALANCE_COLUMNS);

export function deductChange(grams: number, details: Record<string, unknown>): Change {
  return {
    set: DEDUCT_SET,
    guard: DEDUCT_GUARD,
    changeType: "deducted",
    details: { ...details, grams, grams_changed: -grams },
    compiled: { balanceUpdate: DEDUCT_UPDATE, values: { grams } },
  };
}

export function addChange(grams: number, details: Record<string, unknown>): Change {
  return {
    set: ADD_SET,
    changeType: "added",
    details: { ...details, grams, grams_changed: grams },
    compiled: { balanceUpdate: ADD_UPDATE, values: { grams } },
  };
}

export function overrideChange(physicalGrams: number | null, details: Record<string, unknown>): Change {
  const override = sql`${physicalGrams}`;
  return {
    set: sql`physical_grams_override = ${physicalGrams}, ${statusAfter({ override })}`,
    changeType: "physical_override",
    details: { ...details, physical_grams: physicalGrams, grams_changed: 0 },
  };
}

export function orderChange(grams: number, details: Record<string, unknown>): Change {
  const ordered = sql`grams_ordered + ${grams}`;
  return {
    set: sql`grams_ordered = ${round4(ordered)}, ${statusAfter({ ordered })}`,
    changeType: "ordered",
    details: { ...details, grams, grams_changed: 0 },
  };
}

export function setOrderedChange(grams: number, details: Record<string, unknown>): Change {
  const ordered = sql`${grams}`;
  return {
    set: sql`grams_ordered = ${grams}, ${statusAfter({ ordered })}`,
    changeType: "ordered",
    details: { ...details, grams_ordered: grams, grams_changed: 0 },
  };
}

export function setPackedChange(grams: number, details: Record<string, unknown>): Change {
  const packed = sql`${grams}`;
  return {
    set: sql`grams_packed = ${grams}, ${statusAfter({ packed })}`,
    changeType: "packed",
    details: { ...details, grams_packed: grams, grams_changed: 0 },
  };
}

export function syncChange(ordered: number | undefined, packed: number | undefined, details: Record<string, unknown>): Change {
  const next = { ordered: ordered === undefined ? undefined : sql`${ordered}`, packed: packed === undefined ? undefined : sql`${packed}` };
  const sets: SQL[] = [];
  if (ordered !== undefined) sets.push(sql`grams_ordered = ${ordered}`);
  if (packed !== undefined) sets.push(sql`grams_packed = ${packed}`);
  sets.push(statusAfter(next));
  return {
    set: sql.join(sets, sql`, `),
    changeType: "synced",
    details: { ...details, ordered_grams: ordered, packed_grams: packed, grams_changed: 0 },
  };
}

/** Packing moves grams from ordered to packed; refused when more than the package holds would be packed. */
export function packChange(grams: number, details: Record<string, unknown>): Change {
  const ordered = sql`MAX(0, grams_ordered - ${grams})`;
  const packed = sql`grams_packed + ${grams}`;
  return {
    set: sql`grams_ordered = ${round4(ordered)}, grams_packed = ${round4(packed)}, grams_packed_lifetime = ${round4(sql`grams_packed_lifetime + ${grams}`)}, ${statusAfter({ ordered, packed })}`,
    guard: sql`COALESCE(physical_grams_override, current_grams) - grams_packed >= ${grams} - ${EPSILON}`,
    changeType: "packed",
    details: { ...details, grams, grams_changed: 0 },
  };
}

/** Shipping takes grams from packed first, then ordered, and lowers the balance (rules §5.4). */
export function completeOrderChange(grams: number, orderId: string | null, details: Record<string, unknown>): Change {
  const packed = sql`MAX(0, grams_packed - ${grams})`;
  const ordered = sql`MAX(0, grams_ordered - MAX(0, ${grams} - grams_packed))`;
  const current = sql`MAX(0, current_grams - ${grams})`;
  return {
    set: sql`grams_packed = ${round4(packed)}, grams_ordered = ${round4(ordered)}, grams_fulfilled = ${round4(sql`grams_fulfilled + ${grams}`)}, current_grams = ${round4(current)}, ${statusAfter({ packed, ordered, current })}`,
    guard: sql`current_grams >= ${grams} - ${EPSILON}`,
    changeType: "fulfilled",
    details: { ...details, grams, grams_changed: -grams, ...(orderId ? { order_id: orderId } : {}) },
  };
}

const NO_HOLDS = sql`NOT EXISTS (SELECT 1 FROM wholesale_holds h WHERE h.metrc_number = finished_goods.metrc_number)`;

export function archiveChange(status: "archived" | "orphaned", details: Record<string, unknown>): Change {
  return { set: sql`status = ${status}`, guard: NO_HOLDS, changeType: status, details: { ...details, grams_changed: 0 } };
}

/** Restoring returns to active or depleted from the current figures. */
export function restoreChange(details: Record<string, unknown>): Change {
  const available = sql`COALESCE(physical_grams_override, current_grams) - grams_ordered - grams_packed - ${heldGramsOf("finished_goods")}`;
  return {
    set: sql`status = CASE WHEN ${available} <= ${EPSILON} THEN 'depleted' ELSE 'active' END`,
    changeType: "restored",
    details: { ...details, grams_changed: 0 },
  };
}

type PackageEdit = { strain?: string; notes?: string | null; source_batch_id?: string | null };

export function editChange(edit: PackageEdit, details: Record<string, unknown>): Change {
  const sets: SQL[] = [];
  if (edit.strain !== undefined) sets.push(sql`strain = ${edit.strain}`);
  if (edit.notes !== undefined) sets.push(sql`notes = ${edit.notes}`);
  // The sub-select keeps the foreign key satisfied even if the batch was deleted a moment ago.
  if (edit.source_batch_id !== undefined) sets.push(sql`source_batch_id = (SELECT id FROM batches WHERE id = ${edit.source_batch_id})`);
  return { set: sql.join(sets, sql`, `), changeType: "updated", details: { ...details, fields: Object.keys(edit), grams_changed: 0 } };
}

/** Merges `{sku_key: {excluded, manual_units}}` into the stored settings (JSON merge patch). */
export function skuSettingsChange(patch: Record<string, unknown>, details: Record<string, unknown>): Change {
  return {
    set: sql`apex_sku_settings = json_patch(CASE WHEN json_valid(apex_sku_settings) THEN apex_sku_settings ELSE '{}' END, ${JSON.stringify(patch)})`,
    changeType: "sku_settings",
    details: { ...details, grams_changed: 0 },
  };
}

/** Manual unit counts (`apex-units`): stored as `apex_units` and as each SKU's manual_units. */
export function apexUnitsChange(units: Record<string, number>, details: Record<string, unknown>): Change {
  const manual = Object.fromEntries(Object.entries(units).map(([key, n]) => [key, { manual_units: n }]));
  return {
    set: sql`apex_units = json_patch(CASE WHEN json_valid(apex_units) THEN apex_units ELSE '{}' END, ${JSON.stringify(units)}),
      apex_sku_settings = json_patch(CASE WHEN json_valid(apex_sku_settings) THEN apex_sku_settings ELSE '{}' END, ${JSON.stringify(manual)})`,
    changeType: "apex_units",
    details: { ...details, units, grams_changed: 0 },
  };
}

export function apexAutoChange(enabled: boolean, details: Record<string, unknown>): Change {
  return {
    set: sql`apex_auto_inventory = ${enabled ? 1 : 0}`,
    changeType: "sku_settings",
    details: { ...details, apex_auto_inventory: enabled, grams_changed: 0 },
  };
}

export function skuBreakdownChange(skus: unknown[], details: Record<string, unknown>): Change {
  return {
    set: sql`sku_breakdown = ${JSON.stringify(skus)}`,
    changeType: "sku_settings",
    details: { ...details, sku_breakdown: skus, grams_changed: 0 },
  };
}

/** Replaces every custom SKU (null clears them). */
export function replaceCustomSkusChange(custom: Record<string, unknown> | null, details: Record<string, unknown>): Change {
  return {
    set: sql`custom_skus = ${custom === null ? null : JSON.stringify(custom)}`,
    changeType: "sku_settings",
    details: { ...details, custom_skus: custom, grams_changed: 0 },
  };
}

/** Adds or replaces one custom SKU; with `expected`, only if the stored set is still exactly that text. */
export function upsertCustomSkuChange(
  key: string,
  def: Record<string, unknown>,
  expectedText: string | null | undefined,
  details: Record<string, unknown>,
): Change {
  return {
    set: sql`custom_skus = json_set(CASE WHEN json_valid(custom_skus) THEN custom_skus ELSE '{}' END, ${jsonKeyPath(key)}, json(${JSON.stringify(def)}))`,
    guard: expectedText === undefined ? undefined : sql`custom_skus IS ${expectedText}`,
    changeType: "sku_settings",
    details: { ...details, sku_key: key, sku_def: def, grams_changed: 0 },
  };
}

export function deleteCustomSkuChange(key: string, details: Record<string, unknown>): Change {
  return {
    set: sql`custom_skus = json_remove(custom_skus, ${jsonKeyPath(key)})`,
    guard: sql`json_valid(custom_skus) AND EXISTS (SELECT 1 FROM json_each(custom_skus) WHERE key = ${key})`,
    changeType: "sku_settings",
    details: { ...details, deleted_sku: key, grams_changed: 0 },
  };
}
