/**
 * SQL fragments shared by the finished-goods and holds data modules. The gram rules live in SQL here
 * so that guarded changes (deduct, holds, decrements) are single statements that cannot race.
 */
import { type SQL, sql } from "drizzle-orm";
import { skuNames } from "../domain/skus";

/** Every column the API returns (processed_decrements is internal: the decrement ledger). */
export const PACKAGE_COLUMNS = sql.raw(
  "metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date, notes, source_batch_id, grams_ordered, grams_packed, grams_packed_lifetime, grams_fulfilled, sku_breakdown, apex_auto_inventory, apex_units, apex_sku_settings, custom_skus, physical_grams_override",
);

export const LIVE_STATUSES = sql.raw("('active', 'depleted')");

/** Grams one held unit weighs: stored on the hold, else the catalogue by name (imported holds). */
const HOLD_GRAMS_PER_UNIT = sql.raw(
  "COALESCE(h.grams_per_unit, (SELECT c.grams_per_unit FROM sku_catalogue c WHERE c.display_name = h.sku_name OR c.sku_key = h.sku_name), 0)",
);

/** Σ held grams of the package row named `ref` (a table name or alias). */
export function heldGramsOf(ref: string): SQL {
  return sql`(SELECT COALESCE(SUM(h.quantity * ${HOLD_GRAMS_PER_UNIT}), 0) FROM wholesale_holds h WHERE h.metrc_number = ${sql.raw(ref)}.metrc_number)`;
}

/** `(metrc_number, held)` per package with holds: joined once instead of a sub-select per row. */
export const HELD_BY_PACKAGE = sql`(SELECT h.metrc_number AS metrc_number, SUM(h.quantity * ${HOLD_GRAMS_PER_UNIT}) AS held
  FROM wholesale_holds h GROUP BY h.metrc_number)`;

/** Held rows per package and SKU, with the SKU key resolved for imported holds. */
export const HELD_ROWS_SELECT = sql`SELECT h.metrc_number AS metrc_number,
    COALESCE(h.sku_key, (SELECT c.sku_key FROM sku_catalogue c WHERE c.display_name = h.sku_name OR c.sku_key = h.sku_name), h.sku_name) AS sku_key,
    h.sku_name AS sku_name, SUM(h.quantity) AS units, SUM(h.quantity * ${HOLD_GRAMS_PER_UNIT}) AS grams
  FROM wholesale_holds h`;

/** Text that json_each can read: stored JSON that is not valid reads as an empty object. */
function jsonObjectOf(column: SQL): SQL {
  return sql`CASE WHEN json_valid(${column}) THEN ${column} ELSE '{}' END`;
}

export type SkuRef = { key: string; displayName: string; gramsPerUnit: number; aliases: readonly string[] };

/**
 * Reads `read` (over `s.value`) from a package's setting entry for one SKU, or NULL: the entry
 * `settingsFor` (src/domain/apex-units.ts) picks: named by key, display name or alias in any case,
 * an entry under the exact key first, else the last one written; entries that are not objects do
 * not count. The names go as one JSON parameter: D1 allows 100 per statement.
 */
function fromSkuSetting(ref: string, sku: SkuRef, read: SQL): SQL {
  const settings = jsonObjectOf(sql.raw(`${ref}.apex_sku_settings`));
  return sql`(SELECT ${read} FROM json_each(${settings}) AS s
    WHERE s.type = 'object' AND lower(trim(s.key)) IN (SELECT n.value FROM json_each(${JSON.stringify(skuNames(sku))}) AS n)
    ORDER BY s.key = ${sku.key} DESC, s.id DESC LIMIT 1)`;
}

/** 1 when the SKU is excluded: `excluded` counts only as JSON true (parseSkuSettings). */
function excludedOf(ref: string, sku: SkuRef): SQL {
  return sql`COALESCE(${fromSkuSetting(ref, sku, sql`json_type(s.value, '$.excluded') = 'true'`)}, 0)`;
}

/**
 * The package's manual units of one SKU, NULL when the SKU counts by grams: `manual_units` counts
 * only as a whole number from 0 up to 2^53 − 1 (parseSkuSettings).
 */
export function manualUnitsSetting(ref: string, sku: SkuRef): SQL {
  const value = sql.raw("json_extract(s.value, '$.manual_units')");
  return fromSkuSetting(
    ref,
    sku,
    sql`CASE WHEN json_type(s.value, '$.manual_units') IN ('integer', 'real') AND ${value} BETWEEN 0 AND 9007199254740991
      AND ${value} = CAST(${value} AS INTEGER) THEN CAST(${value} AS INTEGER) END`,
  );
}

/**
 * Units of one SKU still free to sell or hold (rules §12.2) as a number: 0 for excluded SKUs and
 * non-live packages; manual units minus that SKU's holds; otherwise the gram pool after every hold
 * divided by grams per unit (unfloored: `>= n` on it equals `floor(...) >= n` for whole n).
 */
export function freeUnitsOf(ref: string, sku: SkuRef): SQL {
  const r = sql.raw(ref);
  const heldOfSku = sql`(SELECT COALESCE(SUM(h.quantity), 0) FROM wholesale_holds h WHERE h.metrc_number = ${r}.metrc_number AND (h.sku_key = ${sku.key} OR (h.sku_key IS NULL AND h.sku_name = ${sku.displayName})))`;
  const pool = sql`(COALESCE(${r}.physical_grams_override, ${r}.current_grams) - ${r}.grams_ordered - ${r}.grams_packed - ${heldGramsOf(ref)})`;
  // Manual units (NULL when none) minus holds is NULL too, so COALESCE falls through to the pool.
  return sql`(CASE
    WHEN ${r}.status NOT IN ${LIVE_STATUSES} THEN 0
    WHEN ${excludedOf(ref, sku)} THEN 0
    ELSE COALESCE(${manualUnitsSetting(ref, sku)} - ${heldOfSku}, ${pool} / ${sku.gramsPerUnit})
  END)`;
}

type NextBuckets = { current?: SQL; override?: SQL; ordered?: SQL; packed?: SQL };

/**
 * `status = …` after a change whose new bucket values are given as expressions over the old row:
 * active ⇄ depleted follow available grams; archived and orphaned stay (rules §5.5).
 */
export function statusAfter(next: NextBuckets = {}): SQL {
  const current = next.current ?? sql`current_grams`;
  const override = next.override ?? sql`physical_grams_override`;
  const ordered = next.ordered ?? sql`grams_ordered`;
  const packed = next.packed ?? sql`grams_packed`;
  // Parenthesised: `ordered` may be `grams_ordered + ?`, and `x - a + b` is not `x - (a + b)`.
  const available = sql`COALESCE(${override}, ${current}) - (${ordered}) - (${packed}) - ${heldGramsOf("finished_goods")}`;
  return sql`status = CASE WHEN status IN ${LIVE_STATUSES} THEN (CASE WHEN ${available} <= 1e-9 THEN 'depleted' ELSE 'active' END) ELSE status END`;
}

/** A JSON path to a top-level key; keys are validated to hold no quotes or backslashes. */
export function jsonKeyPath(key: string, suffix = ""): string {
  return `$."${key}"${suffix}`;
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
