/**
 * The finished-goods gram model (rules §5.2/§5.4, decisions 5): disjoint buckets of open orders.
 * `grams_ordered` = reserved, not yet packed; `grams_packed` = packed, not yet shipped;
 * `current_grams` is the physical balance and drops only on deduct and complete-order.
 * The bucket changes below are the reference model of the SQL in src/data/finished-goods-changes.ts
 * (which production runs, one guarded statement each): test/integration/finished-goods-model.test.ts
 * drives random sequences of real API calls and the same sequence through them, and compares states.
 */

export type PackageStatus = "active" | "depleted" | "archived" | "orphaned";
export const PACKAGE_STATUSES = ["active", "depleted", "archived", "orphaned"] as const;

export type Buckets = {
  current_grams: number;
  physical_grams_override: number | null;
  grams_ordered: number;
  grams_packed: number;
  grams_packed_lifetime: number;
  grams_fulfilled: number;
};

/** Gram figures are stored to 4 decimals (METRC quantities carry at most 4). */
export function roundGrams(grams: number): number {
  return Math.round(grams * 1e4) / 1e4;
}

/** METRC package tags are 24 letters or digits (apex-trading.md §2). */
export function isMetrcTag(text: string): boolean {
  return /^[0-9A-Za-z]{24}$/.test(text);
}

/** Shelf count when one is set, otherwise the computed balance (rules §5.1). */
export function effectiveGrams(b: Pick<Buckets, "current_grams" | "physical_grams_override">): number {
  return b.physical_grams_override ?? b.current_grams;
}

/** effective − ordered − packed − held (rules §5.2 canonical). May be negative when over-committed. */
export function availableGrams(
  b: Pick<Buckets, "current_grams" | "physical_grams_override" | "grams_ordered" | "grams_packed">,
  heldGrams: number,
): number {
  return roundGrams(effectiveGrams(b) - b.grams_ordered - b.grams_packed - heldGrams);
}

/** Active ⇄ depleted follow available grams; archived and orphaned change only by explicit action (rules §5.5). */
export function nextStatus(status: PackageStatus, available: number): PackageStatus {
  if (status !== "active" && status !== "depleted") return status;
  return available <= 1e-9 ? "depleted" : "active";
}

/** Unit sizes accepted by deduct and add (rules §5.4): grams per unit. */
export const UNIT_SIZE_GRAMS: Readonly<Record<string, number>> = {
  "0.5g": 0.5,
  "0.7g": 0.7,
  "0.8g": 0.8,
  "1.0g": 1.0,
  "6pack": 3.0,
  "12pack": 6.0,
};

export type GramAmount = { grams?: number | null; units?: number | null; unit_size?: string | null };
type AmountVerdict = { ok: true; grams: number } | { ok: false; reason: string };

/**
 * Grams win when both are given; otherwise units × the unit size's grams. `gramsPerUnitOf` resolves
 * unit sizes beyond the documented list (SKU keys and display names) or returns null.
 */
export function gramsOf(amount: GramAmount, gramsPerUnitOf: (unitSize: string) => number | null = () => null): AmountVerdict {
  if (amount.grams !== undefined && amount.grams !== null) return { ok: true, grams: roundGrams(amount.grams) };
  if (amount.units === undefined || amount.units === null) return { ok: false, reason: "grams or units is required" };
  const size = amount.unit_size ?? "";
  const perUnit = UNIT_SIZE_GRAMS[size] ?? gramsPerUnitOf(size);
  if (perUnit === undefined || perUnit === null) return { ok: false, reason: "Invalid unit_size" };
  return { ok: true, grams: roundGrams(amount.units * perUnit) };
}

/** Packing moves grams from ordered to packed; the product is still on site (rules §5.4). */
export function packBuckets(b: Buckets, grams: number): Buckets {
  return {
    ...b,
    grams_ordered: roundGrams(Math.max(0, b.grams_ordered - grams)),
    grams_packed: roundGrams(b.grams_packed + grams),
    grams_packed_lifetime: roundGrams(b.grams_packed_lifetime + grams),
  };
}

/** Packing is refused when more would be packed than the package physically holds. */
export function canPack(b: Buckets, grams: number): boolean {
  return effectiveGrams(b) - b.grams_packed >= grams - 1e-9;
}

/** Completing an order ships grams: first from packed, then from ordered; the balance drops (rules §5.4). */
export function completeOrderBuckets(b: Buckets, grams: number): Buckets {
  const fromPacked = Math.min(b.grams_packed, grams);
  return {
    ...b,
    grams_packed: roundGrams(b.grams_packed - fromPacked),
    grams_ordered: roundGrams(Math.max(0, b.grams_ordered - (grams - fromPacked))),
    grams_fulfilled: roundGrams(b.grams_fulfilled + grams),
    current_grams: roundGrams(Math.max(0, b.current_grams - grams)),
  };
}

/** Deduct lowers the balance, never below zero; refused by `canDeduct` first. */
export function deductBuckets(b: Buckets, grams: number): Buckets {
  return { ...b, current_grams: roundGrams(Math.max(0, b.current_grams - grams)) };
}

export function addBuckets(b: Buckets, grams: number): Buckets {
  return { ...b, current_grams: roundGrams(b.current_grams + grams) };
}

/** Reserving grams for an order is never refused: available may go negative (over-committed). */
export function orderBuckets(b: Buckets, grams: number): Buckets {
  return { ...b, grams_ordered: roundGrams(b.grams_ordered + grams) };
}

/** A deduction is refused only when the balance would go below zero (gaps G-FG-6). */
export function canDeduct(b: Pick<Buckets, "current_grams">, grams: number): boolean {
  return b.current_grams >= grams - 1e-9;
}

/** Whole units a weight makes; never negative. */
export const floorUnits = (grams: number, perUnit: number) => Math.max(0, Math.floor(grams / perUnit + 1e-9));

/** The calculator of rules §5.7: how many units of each size a weight makes. */
export function calculateUnits(grams: number) {
  return {
    input_grams: grams,
    primary_sizes: {
      "0.5g_singles": floorUnits(grams, 0.5),
      "1.0g_singles": floorUnits(grams, 1.0),
      "0.5g_6pack": floorUnits(grams, 3.0),
      "0.5g_12pack": floorUnits(grams, 6.0),
    },
    custom_sizes: { "0.7g": floorUnits(grams, 0.7), "0.8g": floorUnits(grams, 0.8) },
  };
}
