/**
 * Matching between Apex and our packages (rules §17.3, §17.4, §18.4; gaps G-APEX-5, G-PACK-1):
 * strain → Apex batch per SKU, packing line → METRC package, and which quantities to push.
 */
import { computeSkuUnits, settingsFor } from "./apex-units";
import { effectiveGrams } from "./grams";
import { normalizeStrain, parseProductName } from "./product-name";
import { type CustomSkuDef, effectiveSkus, resolveSku, type Sku } from "./skus";

type ApexProduct = { id: number; name: string; batches?: { id: number; archived: boolean }[] | undefined };

export type BatchMapEntry = {
  apex_batch_id: number;
  product_id: number;
  product_name: string;
  strain_normalized: string;
  sku_key: string;
  grams_per_unit: number;
  pack_count: number;
};

/** The mapping is rebuilt at most every 300 s unless refreshed by hand (rules §17.3). */
export const BATCH_MAP_TTL_MS = 300_000;

/** One entry per live batch of every pre-roll product whose name the parser can read. */
export function buildBatchMap(products: readonly ApexProduct[]): { entries: BatchMapEntry[]; skipped: string[] } {
  const entries: BatchMapEntry[] = [];
  const skipped: string[] = [];
  for (const product of products) {
    const parsed = parseProductName(product.name);
    if (!parsed.isPreRoll || parsed.skuKey === null || parsed.gramsPerUnit === null) {
      skipped.push(product.name);
      continue;
    }
    for (const batch of product.batches ?? []) {
      if (batch.archived) continue;
      entries.push({
        apex_batch_id: batch.id,
        product_id: product.id,
        product_name: product.name,
        strain_normalized: parsed.strainKey,
        sku_key: parsed.skuKey,
        grams_per_unit: parsed.gramsPerUnit,
        pack_count: parsed.packCount,
      });
    }
  }
  return { entries, skipped };
}

/**
 * The batch that receives a (strain, SKU)'s quantity: the newest one (highest id). Writing the same
 * units to every batch of a product would list them several times in Apex.
 */
export function pushTargets<E extends Pick<BatchMapEntry, "apex_batch_id" | "strain_normalized" | "sku_key">>(entries: readonly E[]): E[] {
  const best = new Map<string, E>();
  for (const e of entries) {
    const key = `${e.strain_normalized}\u0000${e.sku_key}`;
    const current = best.get(key);
    if (!current || e.apex_batch_id > current.apex_batch_id) best.set(key, e);
  }
  return [...best.values()].sort((a, b) => a.apex_batch_id - b.apex_batch_id);
}

type PushTarget = { apex_batch_id: number; strain_normalized: string; sku_key: string; last_quantity_sent: number | null };

/**
 * Quantities to write: units per (strain, SKU) summed over the strain's packages (gaps G-APEX-5),
 * only where they differ from the last value sent (rules §17.4 "skip if no change").
 */
export function planPush(
  targets: readonly PushTarget[],
  unitsByStrainSku: ReadonlyMap<string, number>,
): { apex_batch_id: number; quantity: number }[] {
  const out: { apex_batch_id: number; quantity: number }[] = [];
  for (const t of targets) {
    const units = unitsByStrainSku.get(strainSkuKey(t.strain_normalized, t.sku_key));
    // No Apex-ON package speaks for this (strain, SKU): Apex keeps whatever it has.
    if (units === undefined) continue;
    const quantity = Math.max(0, Math.floor(units));
    if (quantity !== t.last_quantity_sent) out.push({ apex_batch_id: t.apex_batch_id, quantity });
  }
  return out;
}

export function strainSkuKey(strainKey: string, skuKey: string): string {
  return `${strainKey}\u0000${skuKey}`;
}

export type CandidatePackage = { metrc_number: string; strain_key: string; created_date: string | null; available_grams: number };

/**
 * FIFO suggestion for a line without an Apex label (rules §18.4): the oldest active package of the
 * strain with enough available grams, else the oldest of the strain, else none.
 */
export function suggestPackage(packages: readonly CandidatePackage[], strainKey: string, gramsNeeded: number): string | null {
  const ofStrain = packages
    .filter((p) => p.strain_key === strainKey && strainKey !== "")
    .sort((a, b) => (a.created_date ?? "").localeCompare(b.created_date ?? "") || a.metrc_number.localeCompare(b.metrc_number));
  const enough = ofStrain.find((p) => p.available_grams >= gramsNeeded - 1e-9);
  return (enough ?? ofStrain[0])?.metrc_number ?? null;
}

type MetrcChoice = { batch_name: string; metrc_source: "" | "apex" | "fifo" };

/** The order line's own METRC label wins; otherwise the FIFO suggestion (gaps G-PACK-1). */
export function chooseMetrc(apexLabel: string | null, suggestion: string | null): MetrcChoice {
  const label = apexLabel?.trim() ?? "";
  if (label !== "") return { batch_name: label, metrc_source: "apex" };
  if (suggestion) return { batch_name: suggestion, metrc_source: "fifo" };
  return { batch_name: "", metrc_source: "" };
}

export type PushPackage = {
  metrc_number: string;
  strain: string;
  status: string;
  current_grams: number;
  physical_grams_override: number | null;
  grams_ordered: number;
  grams_packed: number;
  apex_sku_settings: string | null;
  custom_skus: string | null;
};
export type PushHold = { metrc_number: string; sku_key: string; units: number; grams: number };
type UnitTarget = { strain_normalized: string; sku_key: string; grams_per_unit: number; pack_count: number };

function parseJson(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function skuForTarget(skus: readonly Sku[], target: UnitTarget): Sku | null {
  return (
    resolveSku(skus, target.sku_key) ??
    skus.find(
      (s) => s.source === "custom" && s.packSize === target.pack_count && Math.abs(s.gramsPerUnit - target.grams_per_unit) < 1e-6,
    ) ??
    null
  );
}

/**
 * Units per (strain, SKU) for the Apex batches (rules §12.2, §17.4): each Apex-ON package's units
 * per SKU (holds and SKU settings applied; archived packages count 0), summed over the strain's
 * packages (gaps G-APEX-5). Only (strain, SKU) pairs some Apex-ON package has a SKU for appear.
 */
export function unitsForTargets(
  packages: readonly PushPackage[],
  holds: readonly PushHold[],
  defaults: readonly Sku[],
  targets: readonly UnitTarget[],
): Map<string, number> {
  const out = new Map<string, number>();
  const targetsByStrain = new Map<string, UnitTarget[]>();
  for (const t of targets) targetsByStrain.set(t.strain_normalized, [...(targetsByStrain.get(t.strain_normalized) ?? []), t]);
  for (const pkg of packages) {
    const strainTargets = targetsByStrain.get(normalizeStrain(pkg.strain));
    if (!strainTargets) continue;
    const custom = parseJson(pkg.custom_skus);
    const skus = effectiveSkus(defaults, typeof custom === "object" && custom !== null ? (custom as Record<string, CustomSkuDef>) : null);
    const own = holds.filter((h) => h.metrc_number === pkg.metrc_number);
    const heldBySku: Record<string, number> = {};
    for (const h of own) heldBySku[h.sku_key] = (heldBySku[h.sku_key] ?? 0) + h.units;
    const rows = computeSkuUnits(skus, {
      isLive: pkg.status === "active" || pkg.status === "depleted",
      preHoldGrams: effectiveGrams(pkg) - pkg.grams_ordered - pkg.grams_packed,
      heldGrams: own.reduce((n, h) => n + h.grams, 0),
      heldBySku,
      settings: settingsFor(skus, parseJson(pkg.apex_sku_settings)),
    });
    for (const target of strainTargets) {
      const sku = skuForTarget(skus, target);
      if (!sku) continue;
      const key = strainSkuKey(target.strain_normalized, target.sku_key);
      out.set(key, (out.get(key) ?? 0) + (rows.find((r) => r.sku.key === sku.key)?.units ?? 0));
    }
  }
  return out;
}
