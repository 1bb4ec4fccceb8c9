/**
 * The SKU catalogue (data-model §1.14, gaps G-SKU-1): canonical keys (`singles_0_5g`), display names
 * ("0.5g Singles") and aliases (`box_0_5g_6pk`, `6pack`) all name the same SKU. Packages may add
 * custom SKUs (rules §12.4). Every input accepts any of these spellings.
 */

type SkuSource = "default" | "custom";

export type Sku = {
  key: string;
  displayName: string;
  unitSizeGrams: number;
  packSize: number;
  gramsPerUnit: number;
  aliases: string[];
  source: SkuSource;
};

/** A row of the `sku_catalogue` table. */
export type CatalogueRow = {
  sku_key: string;
  display_name: string;
  unit_size_grams: number;
  pack_size: number;
  grams_per_unit: number;
  aliases: string | null;
  sort_order: number;
};

/** A custom SKU as clients send it: the API shape or the data-model shape (data-model §1.3). */
export type CustomSkuDef = {
  unit_size?: string;
  pack_size?: number;
  display_name?: string;
  name?: string;
  grams_per_unit?: number;
};

const MAX_CUSTOM_SKUS = 50;

function parseAliases(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === "string") : [];
  } catch {
    return [];
  }
}

export function catalogueFromRows(rows: readonly CatalogueRow[]): Sku[] {
  return [...rows]
    .sort((a, b) => a.sort_order - b.sort_order)
    .map((row) => ({
      key: row.sku_key,
      displayName: row.display_name,
      unitSizeGrams: row.unit_size_grams,
      packSize: row.pack_size,
      gramsPerUnit: row.grams_per_unit,
      aliases: parseAliases(row.aliases),
      source: "default" as const,
    }));
}

/** "0.8g", "1g", "1.0 g", "0_7" → grams; null when the text is not a weight. */
export function parseUnitSize(text: string): number | null {
  const cleaned = text.trim().toLowerCase().replace(/\s+/g, "").replace(/_/g, ".").replace(/g$/, "");
  if (!/^\d{0,4}(\.\d{1,4})?$/.test(cleaned) || cleaned === "" || cleaned === ".") return null;
  const grams = Number(cleaned);
  return Number.isFinite(grams) && grams > 0 && grams <= 1000 ? grams : null;
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Custom SKU keys end up inside JSON paths and URLs: printable, no quotes or backslashes. */
function isValidCustomSkuKey(key: string): boolean {
  return (
    key.length >= 1 && key.length <= 60 && key === key.trim() && !/["\\]/.test(key) && [...key].every((ch) => ch >= " " && ch !== "\u007f")
  );
}

type CustomSkuVerdict = { ok: true; sku: Sku } | { ok: false; reason: string };

/** A custom SKU's grams per unit: `grams_per_unit` if given, else `unit_size × pack_size` (rules §12.4). */
export function customSkuFrom(key: string, def: CustomSkuDef): CustomSkuVerdict {
  if (!isValidCustomSkuKey(key)) return { ok: false, reason: `Invalid custom SKU key "${key.slice(0, 60)}"` };
  const packSize = def.pack_size ?? 1;
  const unitSize = def.unit_size === undefined ? null : parseUnitSize(def.unit_size);
  if (def.unit_size !== undefined && unitSize === null) return { ok: false, reason: `Custom SKU "${key}" has an invalid unit_size` };
  const gramsPerUnit = def.grams_per_unit ?? (unitSize === null ? null : unitSize * packSize);
  if (gramsPerUnit === null) return { ok: false, reason: `Custom SKU "${key}" needs grams_per_unit or unit_size` };
  return {
    ok: true,
    sku: {
      key,
      displayName: def.display_name ?? def.name ?? key,
      unitSizeGrams: unitSize ?? gramsPerUnit / packSize,
      packSize,
      gramsPerUnit: Math.round(gramsPerUnit * 1e6) / 1e6,
      aliases: [`custom_${slugify(key)}`],
      source: "custom",
    },
  };
}

const norm = (text: string) => text.trim().toLowerCase();

/** Every name a SKU answers to (key, display name, aliases), trimmed and lower-cased. */
export function skuNames(sku: { key: string; displayName: string; aliases: readonly string[] }): string[] {
  return [sku.key, sku.displayName, ...sku.aliases].map(norm);
}

/** Finds a SKU by key, display name or alias, ignoring case; null when nothing matches. */
export function resolveSku(skus: readonly Sku[], input: string): Sku | null {
  const wanted = norm(input);
  if (wanted === "") return null;
  return skus.find((sku) => skuNames(sku).includes(wanted)) ?? null;
}

/** Defaults followed by the package's custom SKUs; customs that fail validation or shadow a default are skipped. */
export function effectiveSkus(defaults: readonly Sku[], custom: Record<string, CustomSkuDef> | null | undefined): readonly Sku[] {
  if (!custom) return defaults;
  const out = [...defaults];
  for (const [key, def] of Object.entries(custom ?? {})) {
    const verdict = customSkuFrom(key, def);
    if (!verdict.ok) continue;
    if (resolveSku(out, verdict.sku.key) || resolveSku(out, verdict.sku.displayName)) continue;
    out.push(verdict.sku);
  }
  return out;
}

/**
 * Validates a whole replacement set of custom SKUs against the defaults: each must be well formed
 * and none may reuse a name already taken.
 */
export function checkCustomSkus(
  defaults: readonly Sku[],
  custom: Record<string, CustomSkuDef>,
): { ok: true } | { ok: false; reason: string } {
  const entries = Object.entries(custom);
  if (entries.length > MAX_CUSTOM_SKUS) return { ok: false, reason: `At most ${MAX_CUSTOM_SKUS} custom SKUs per package` };
  const taken: Sku[] = [...defaults];
  for (const [key, def] of entries) {
    const verdict = customSkuFrom(key, def);
    if (!verdict.ok) return verdict;
    if (resolveSku(taken, verdict.sku.key) || resolveSku(taken, verdict.sku.displayName)) {
      return { ok: false, reason: `Custom SKU "${key}" uses a name that is already taken` };
    }
    taken.push(verdict.sku);
  }
  return { ok: true };
}
