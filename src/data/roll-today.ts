import { sql } from "drizzle-orm";
import { SIZES, type Size } from "../domain/batch-sizes";
import { PAPERS_PER_BOX_KEY, resolvePapersPerBox } from "../domain/paper-consumption";
import { totalPapers } from "../domain/paper-inventory";
import { normalizeStrain, parseProductName } from "../domain/product-name";
import type { DemandLine, RollInput, RollingBatch } from "../domain/roll-today";
import type { Db } from "../env";
import { readOpenLines, shelfGramsByStrain } from "./packing";
import { readSetting } from "./settings";

/** Pre-rolls per hour assumed for a strain with no measured rate (and no rate on the floor at all). */
const FALLBACK_RATE_PER_HOUR = 100;

/** A delivery date packers typed, as ISO when it parses; otherwise the order date decides. */
function dueOf(deliveryDate: string, orderDate: string): string {
  const at = Date.parse(deliveryDate);
  return Number.isNaN(at) ? orderDate : new Date(at).toISOString();
}

/** Everything "what to roll today" reads, in one place (domain/roll-today.ts does the arithmetic). */
export async function readRollInput(db: Db): Promise<RollInput> {
  const [lines, shelf, batches, rates, stock, perBoxSetting] = await Promise.all([
    readOpenLines(db),
    shelfGramsByStrain(db),
    db.all<Record<string, number | string> & { strain: string }>(sql`SELECT strain, counts_0_5, counts_0_7, counts_1_0, planned_0_5,
        planned_0_7, planned_1_0 FROM batches WHERE archived = 0 AND stage < 7 AND new_metrc_created = 0`),
    db.all<{ strain: string; rate: number }>(sql`SELECT strain, AVG(cached_production_rate) AS rate FROM batches
        WHERE cached_production_rate > 0 GROUP BY strain`),
    db.all<{ size: string; boxes: number; individual_papers: number }>(sql`SELECT size, boxes, individual_papers FROM inventory`),
    readSetting(db, PAPERS_PER_BOX_KEY),
  ]);
  const demand: DemandLine[] = [];
  for (const l of lines) {
    if (l.order_excluded === 1) continue;
    const parsed = parseProductName(l.product_name);
    if (!parsed.isPreRoll || parsed.unitSizeGrams === null) continue;
    demand.push({
      strainKey: l.strain_key || parsed.strainKey,
      strain: l.strain || parsed.strain,
      unitSizeGrams: parsed.unitSizeGrams,
      packCount: parsed.packCount,
      ordered: l.ordered,
      packed: l.packed,
      dueAt: dueOf(l.delivery_date, l.order_date),
    });
  }
  const rolling: RollingBatch[] = batches.map((b) => ({
    strainKey: normalizeStrain(b.strain),
    counts: Object.fromEntries(SIZES.map((s) => [s, Number(b[`counts_${s}`] ?? 0)])) as Record<Size, number>,
    planned: Object.fromEntries(SIZES.map((s) => [s, Number(b[`planned_${s}`] ?? 0)])) as Record<Size, number>,
  }));
  const rateByStrain = new Map<string, number>();
  for (const r of rates) rateByStrain.set(normalizeStrain(r.strain), r.rate);
  const measured = [...rateByStrain.values()];
  const perBox = resolvePapersPerBox(perBoxSetting);
  const paperStock = { "0_5": 0, "0_7": 0, "1_0": 0 } as Record<Size, number>;
  for (const row of stock) {
    const size = row.size as Size;
    if (size in paperStock) paperStock[size] = totalPapers(row.boxes, row.individual_papers, perBox[size]);
  }
  return {
    lines: demand,
    shelfGramsByStrain: shelf,
    batches: rolling,
    paperStock,
    ratePerHourByStrain: rateByStrain,
    defaultRatePerHour: measured.length ? measured.reduce((s, r) => s + r, 0) / measured.length : FALLBACK_RATE_PER_HOUR,
  };
}
