/**
 * A finished-goods package as the API returns it (api.md §4, gaps G-FG-8): every column, JSON
 * columns parsed, plus effective and available grams, holds per SKU and the computed Apex units.
 */
import { computeSkuUnits, type SkuUnits, settingsFor, unitsByName } from "./apex-units";
import { availableGrams, effectiveGrams, type PackageStatus, roundGrams } from "./grams";
import { type CustomSkuDef, effectiveSkus, type Sku } from "./skus";

export type PackageRow = {
  metrc_number: string;
  strain: string;
  initial_grams: number;
  current_grams: number;
  status: string;
  created_date: string | null;
  updated_date: string | null;
  notes: string | null;
  source_batch_id: string | null;
  grams_ordered: number;
  grams_packed: number;
  grams_packed_lifetime: number;
  grams_fulfilled: number;
  sku_breakdown: string | null;
  apex_auto_inventory: number;
  apex_units: string | null;
  apex_sku_settings: string | null;
  custom_skus: string | null;
  physical_grams_override: number | null;
};

export type PackageHolds = { bySku: Record<string, number>; byName: Record<string, number>; grams: number };
export const NO_HOLDS: PackageHolds = { bySku: {}, byName: {}, grams: 0 };

/** JSON text columns read leniently: corrupt text reads as null rather than failing the request. */
export function parseJsonColumn(text: string | null): unknown {
  if (text === null || text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function isLiveStatus(status: string): boolean {
  return status === "active" || status === "depleted";
}

export function customSkusOf(row: Pick<PackageRow, "custom_skus">): Record<string, CustomSkuDef> {
  if (row.custom_skus === null) return {};
  const value = parseJsonColumn(row.custom_skus);
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, CustomSkuDef>) : {};
}

export function packageSkus(catalogue: readonly Sku[], row: Pick<PackageRow, "custom_skus">): readonly Sku[] {
  return row.custom_skus === null ? catalogue : effectiveSkus(catalogue, customSkusOf(row));
}

/** Settings stored under a display name or alias (imported data) are read under the canonical key. */
export type PackageFigures = {
  skus: readonly Sku[];
  units: SkuUnits[];
  effective: number;
  available: number;
  held: number;
};

export function packageFigures(catalogue: readonly Sku[], row: PackageRow, holds: PackageHolds = NO_HOLDS): PackageFigures {
  const skus = packageSkus(catalogue, row);
  const effective = effectiveGrams(row);
  const held = roundGrams(holds.grams);
  const units = computeSkuUnits(skus, {
    isLive: isLiveStatus(row.status),
    preHoldGrams: effective - row.grams_ordered - row.grams_packed,
    heldGrams: held,
    heldBySku: holds.bySku,
    settings: settingsFor(skus, parseJsonColumn(row.apex_sku_settings)),
  });
  return { skus, units, effective, available: availableGrams(row, held), held };
}

/**
 * Every field written out, in column order, rather than spread from the row: lists build hundreds
 * of these per request, and one fixed shape builds and serialises faster than spread copies.
 */
export function packageView(catalogue: readonly Sku[], row: PackageRow, holds: PackageHolds = NO_HOLDS) {
  const figures = packageFigures(catalogue, row, holds);
  return {
    metrc_number: row.metrc_number,
    strain: row.strain,
    initial_grams: row.initial_grams,
    current_grams: row.current_grams,
    status: row.status as PackageStatus,
    created_date: row.created_date,
    updated_date: row.updated_date,
    notes: row.notes,
    source_batch_id: row.source_batch_id,
    grams_ordered: row.grams_ordered,
    grams_packed: row.grams_packed,
    grams_packed_lifetime: row.grams_packed_lifetime,
    grams_fulfilled: row.grams_fulfilled,
    sku_breakdown: parseJsonColumn(row.sku_breakdown),
    apex_auto_inventory: row.apex_auto_inventory,
    apex_units: parseJsonColumn(row.apex_units),
    apex_sku_settings: parseJsonColumn(row.apex_sku_settings),
    custom_skus: parseJsonColumn(row.custom_skus),
    physical_grams_override: row.physical_grams_override,
    effective_grams: figures.effective,
    available_grams: figures.available,
    held_grams: figures.held,
    has_physical_override: row.physical_grams_override !== null,
    wholesale_holds: holds.byName,
    apex_calculated_units: unitsByName(figures.units),
  };
}
export type PackageView = ReturnType<typeof packageView>;
