/**
 * "What to roll today": from open packing demand, finished goods on the shelf and the
 * batches already rolling, the pre-rolls still to make per strain and size, earliest delivery
 * first, with the cones each needs against paper stock and the hours at the strain's rate.
 *
 * Formula (also in the README):
 *   demand g (strain, size)   = Σ over open lines (ordered − packed) × unit size × pack count
 *   shelf g (strain)          = Σ active packages (effective − packed − held), as needs_production uses
 *   The shelf covers demand earliest delivery first (then oldest order), across the strain's sizes;
 *   uncovered units           = ceil(demand g left uncovered / unit size)
 *   rolling (strain, size)    = Σ active batches not yet a package: max(counted, planned) of that size
 *   to make                   = max(0, uncovered − rolling)
 *   cones (size)              = Σ to make of that size; short = max(0, cones − paper stock of that size)
 *   hours                     = to make / the strain's projected rate (pre-rolls per hour)
 */
import { SIZE_GRAMS, SIZES, type Size } from "./batch-sizes";

export type DemandLine = {
  strainKey: string;
  strain: string;
  /** Grams of one pre-roll (0.5, 0.7, 1.0). */
  unitSizeGrams: number;
  /** Pre-rolls per ordered unit (6 for a 6-pack). */
  packCount: number;
  ordered: number;
  packed: number;
  /** When it must leave: the line's delivery date, else its order date (ISO). */
  dueAt: string;
};

export type RollingBatch = { strainKey: string; counts: Partial<Record<Size, number>>; planned: Partial<Record<Size, number>> };

export type RollInput = {
  lines: readonly DemandLine[];
  shelfGramsByStrain: ReadonlyMap<string, number>;
  batches: readonly RollingBatch[];
  /** Cones on hand per size (boxes × per box + loose). */
  paperStock: Readonly<Record<Size, number>>;
  ratePerHourByStrain: ReadonlyMap<string, number>;
  /** Used for strains without a rate of their own. */
  defaultRatePerHour: number;
};

type RollRow = {
  strain_key: string;
  strain: string;
  size: Size;
  earliest_due: string;
  demand_prerolls: number;
  covered_by_stock: number;
  rolling: number;
  to_make: number;
  hours: number;
};

type RollPlan = {
  rows: RollRow[];
  cones: { size: Size; needed: number; stock: number; short: number }[];
  total_to_make: number;
  total_hours: number;
};

const EPS = 1e-9;

/** The size key of a pre-roll weight, or null for sizes the floor does not roll (then skipped). */
function sizeOf(grams: number): Size | null {
  return SIZES.find((s) => Math.abs(SIZE_GRAMS[s] - grams) < EPS) ?? null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function planRollToday(input: RollInput): RollPlan {
  type Acc = { strain: string; strainKey: string; size: Size; earliest: string; demand: number; uncoveredG: number };
  const groups = new Map<string, Acc>();
  const shelf = new Map(input.shelfGramsByStrain);
  const open = input.lines
    .filter((l) => l.ordered > l.packed && sizeOf(l.unitSizeGrams) !== null)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  for (const l of open) {
    const size = sizeOf(l.unitSizeGrams) as Size;
    const prerolls = (l.ordered - l.packed) * Math.max(1, l.packCount);
    const grams = prerolls * l.unitSizeGrams;
    const left = shelf.get(l.strainKey) ?? 0;
    const covered = Math.min(left, grams);
    shelf.set(l.strainKey, left - covered);
    const key = `${l.strainKey}|${size}`;
    const acc = groups.get(key) ?? { strain: l.strain, strainKey: l.strainKey, size, earliest: l.dueAt, demand: 0, uncoveredG: 0 };
    acc.demand += prerolls;
    acc.uncoveredG += grams - covered;
    if (l.dueAt < acc.earliest) acc.earliest = l.dueAt;
    groups.set(key, acc);
  }
  const rolling = new Map<string, number>();
  for (const b of input.batches) {
    for (const size of SIZES) {
      const expected = Math.max(b.counts[size] ?? 0, b.planned[size] ?? 0);
      if (expected > 0) rolling.set(`${b.strainKey}|${size}`, (rolling.get(`${b.strainKey}|${size}`) ?? 0) + expected);
    }
  }
  const rows: RollRow[] = [...groups.entries()].map(([key, g]) => {
    const uncovered = Math.ceil(g.uncoveredG / SIZE_GRAMS[g.size] - EPS);
    const inBatches = rolling.get(key) ?? 0;
    const toMake = Math.max(0, uncovered - inBatches);
    const rate = input.ratePerHourByStrain.get(g.strainKey) ?? input.defaultRatePerHour;
    return {
      strain_key: g.strainKey,
      strain: g.strain,
      size: g.size,
      earliest_due: g.earliest,
      demand_prerolls: g.demand,
      covered_by_stock: g.demand - uncovered,
      rolling: inBatches,
      to_make: toMake,
      hours: rate > 0 ? round2(toMake / rate) : 0,
    };
  });
  rows.sort((a, b) => a.earliest_due.localeCompare(b.earliest_due) || a.strain.localeCompare(b.strain) || a.size.localeCompare(b.size));
  const cones = SIZES.map((size) => {
    const needed = rows.filter((r) => r.size === size).reduce((s, r) => s + r.to_make, 0);
    const stock = input.paperStock[size];
    return { size, needed, stock, short: Math.max(0, needed - stock) };
  });
  return {
    rows,
    cones,
    total_to_make: rows.reduce((s, r) => s + r.to_make, 0),
    total_hours: round2(rows.reduce((s, r) => s + r.hours, 0)),
  };
}
