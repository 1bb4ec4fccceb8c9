/**
 * Units per SKU as stores see them in Apex (rules §12.2, gaps G-APEX-3). Every SKU draws on the same
 * pool of grams, so units overlap and do not add up. Holds are grams taken out of the pool: a hold of
 * 50 × 0.5 g singles lowers the singles by 50 and every other SKU by its share of those 25 g.
 */
import { floorUnits, roundGrams } from "./grams";
import { resolveSku, type Sku } from "./skus";

type SkuSetting = { excluded: boolean; manual_units: number | null };
export type SkuSettings = Record<string, SkuSetting>;

export type UnitsInput = {
  /** Archived and orphaned packages show 0 units everywhere (rules §5.5). */
  isLive: boolean;
  /** effective − ordered − packed: grams before wholesale holds. */
  preHoldGrams: number;
  /** Σ held units × grams per unit, over every SKU of the package. */
  heldGrams: number;
  /** Held units per canonical SKU key. */
  heldBySku: Record<string, number>;
  settings: SkuSettings;
};

export type SkuUnits = {
  sku: Sku;
  excluded: boolean;
  manual: boolean;
  held: number;
  /** What the grams (or the manual count) make before holds. */
  unitsBeforeHolds: number;
  /** What can still be sold or held: the figure pushed to Apex. */
  units: number;
};

/** The largest manual count read back: beyond it a number is not a count (and SQL cannot hold it exactly). */
const MAX_MANUAL_UNITS = Number.MAX_SAFE_INTEGER;

/**
 * Reads stored `apex_sku_settings` leniently: anything malformed counts as "not set". `excluded`
 * must be JSON true; `manual_units` a whole number from 0 up. Entries that are not objects are
 * skipped. Keys are kept as stored (see settingsFor for the per-SKU lookup).
 */
export function parseSkuSettings(value: unknown): SkuSettings {
  const out: SkuSettings = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return out;
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) continue;
    const entry = raw as Record<string, unknown>;
    const manual = entry.manual_units;
    out[key] = {
      excluded: entry.excluded === true,
      manual_units: typeof manual === "number" && Number.isInteger(manual) && manual >= 0 && manual <= MAX_MANUAL_UNITS ? manual : null,
    };
  }
  return out;
}

/**
 * Stored settings keyed by canonical SKU key. The API always stores canonical keys, but imported
 * rows may name a SKU by display name or alias (any case): such an entry counts for its SKU unless
 * an entry under the exact key exists; among several, the last one written wins. The SQL guard
 * (`skuSettingOf` in src/data/finished-goods-sql.ts) picks the same entry.
 */
export function settingsFor(skus: readonly Sku[], stored: unknown): SkuSettings {
  const out: SkuSettings = {};
  const exact = new Set<string>();
  for (const [name, setting] of Object.entries(parseSkuSettings(stored))) {
    const sku = resolveSku(skus, name);
    if (!sku || exact.has(sku.key)) continue;
    if (name === sku.key) exact.add(sku.key);
    out[sku.key] = setting;
  }
  return out;
}

type SettingsInput = Record<string, { excluded?: boolean | undefined; manual_units?: number | null | undefined }>;

/** Re-keys settings sent under any SKU spelling to canonical keys; unknown SKUs are refused. */
export function normalizeSkuSettings(
  skus: readonly Sku[],
  input: SettingsInput,
): { ok: true; settings: SkuSettings } | { ok: false; reason: string } {
  const settings: SkuSettings = {};
  for (const [name, value] of Object.entries(input)) {
    const sku = resolveSku(skus, name);
    if (!sku) return { ok: false, reason: `Unknown SKU: ${name.slice(0, 100)}` };
    settings[sku.key] = { excluded: value.excluded ?? false, manual_units: value.manual_units ?? null };
  }
  return { ok: true, settings };
}

/**
 * Units per SKU for the package views; also the reference model of `freeUnitsOf` in
 * src/data/finished-goods-sql.ts, the SQL that guards holds and Apex decrements
 * (test/integration/sku-units-model.test.ts compares them on random call sequences).
 */
export function computeSkuUnits(skus: readonly Sku[], input: UnitsInput): SkuUnits[] {
  const pool = Math.max(0, input.preHoldGrams - input.heldGrams);
  const before = Math.max(0, input.preHoldGrams);
  return skus.map((sku) => {
    const setting = input.settings[sku.key];
    const held = input.heldBySku[sku.key] ?? 0;
    const excluded = setting?.excluded ?? false;
    const manualUnits = setting?.manual_units ?? null;
    const manual = manualUnits !== null;
    if (!input.isLive || excluded) return { sku, excluded, manual, held, unitsBeforeHolds: 0, units: 0 };
    if (manual) return { sku, excluded, manual, held, unitsBeforeHolds: manualUnits, units: Math.max(0, manualUnits - held) };
    return {
      sku,
      excluded,
      manual,
      held,
      unitsBeforeHolds: floorUnits(before, sku.gramsPerUnit),
      units: floorUnits(pool, sku.gramsPerUnit),
    };
  });
}

/** Units of one SKU (after holds), or 0 when the SKU is not in the list. */
export function unitsOf(rows: readonly SkuUnits[], key: string): number {
  return rows.find((r) => r.sku.key === key)?.units ?? 0;
}

/**
 * The per-package `apex-calculate` answer (api.md §4). `grams_used` is units × grams per unit for
 * each SKU on its own; the pool is shared, so `total_grams_allocated` is the largest of them, not a sum.
 */
export function apexCalculation(rows: readonly SkuUnits[], availableGrams: number) {
  const calculated: Record<
    string,
    { units: number; grams_used: number; excluded: boolean; manual: boolean; held: number; sku_key: string }
  > = {};
  let allocated = 0;
  for (const row of rows) {
    const gramsUsed = roundGrams(row.units * row.sku.gramsPerUnit);
    if (!row.excluded && !row.manual) allocated = Math.max(allocated, gramsUsed);
    calculated[row.sku.displayName] = {
      units: row.units,
      grams_used: gramsUsed,
      excluded: row.excluded,
      manual: row.manual,
      held: row.held,
      sku_key: row.sku.key,
    };
  }
  return {
    available_grams: availableGrams,
    calculated_units: calculated,
    total_grams_allocated: allocated,
    remaining_grams: roundGrams(Math.max(0, availableGrams - allocated)),
  };
}

/** `{sku_key: units}` for the bulk form (api.md §13.2). */
export function unitsByKey(rows: readonly SkuUnits[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [r.sku.key, r.units]));
}

/** `{display name: units}`, the shape the package cards show. */
export function unitsByName(rows: readonly SkuUnits[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[row.sku.displayName] = row.units;
  return out;
}
