/** Wholesale holds (rules §13): units of one SKU of one package reserved for a wholesale order. */

type HoldVerdict = { ok: true } | { ok: false; reason: string };

/** The documented refusal, e.g. "Only 650 units available (requested 700)". */
export function shortfallMessage(available: number, requested: number): string {
  return `Only ${available} units available (requested ${requested})`;
}

export function checkHold(availableUnits: number, quantity: number): HoldVerdict {
  if (!Number.isInteger(quantity) || quantity <= 0) return { ok: false, reason: "Quantity must be positive" };
  return quantity <= availableUnits ? { ok: true } : { ok: false, reason: shortfallMessage(availableUnits, quantity) };
}

export type HeldRow = { metrc_number: string; sku_key: string; sku_name: string; units: number; grams: number };

/** Held units per SKU key and held grams, per package. */
export function summarizeHolds(
  rows: readonly HeldRow[],
): Map<string, { bySku: Record<string, number>; byName: Record<string, number>; grams: number }> {
  const out = new Map<string, { bySku: Record<string, number>; byName: Record<string, number>; grams: number }>();
  for (const row of rows) {
    const entry = out.get(row.metrc_number) ?? { bySku: {}, byName: {}, grams: 0 };
    entry.bySku[row.sku_key] = (entry.bySku[row.sku_key] ?? 0) + row.units;
    entry.byName[row.sku_name] = (entry.byName[row.sku_name] ?? 0) + row.units;
    entry.grams += row.grams;
    out.set(row.metrc_number, entry);
  }
  return out;
}
