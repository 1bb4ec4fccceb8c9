/**
 * The wholesale inventory (api.md §5, rules §13): live packages grouped by strain; per SKU `units`
 * before holds and `available` after them. Excluded SKUs are not offered. Strain totals are the
 * sums of their packages.
 */

import { roundGrams } from "./grams";
import type { PackageFigures, PackageRow } from "./package-view";

type SkuFigure = { units: number; available: number; held: number; sku_key: string };

export function wholesaleView(packages: readonly { row: PackageRow; figures: PackageFigures }[]) {
  const strains = new Map<string, { strain: string; packages: unknown[]; available_grams: number; skus: Record<string, SkuFigure> }>();
  for (const { row, figures } of packages) {
    const skus: Record<string, SkuFigure> = {};
    for (const unit of figures.units) {
      if (unit.excluded) continue;
      skus[unit.sku.displayName] = { units: unit.unitsBeforeHolds, available: unit.units, held: unit.held, sku_key: unit.sku.key };
    }
    const group = strains.get(row.strain) ?? { strain: row.strain, packages: [], available_grams: 0, skus: {} };
    group.packages.push({
      metrc_number: row.metrc_number,
      status: row.status,
      available_grams: figures.available,
      held_grams: figures.held,
      skus,
    });
    group.available_grams = roundGrams(group.available_grams + Math.max(0, figures.available));
    for (const [name, figure] of Object.entries(skus)) {
      const total = group.skus[name] ?? { units: 0, available: 0, held: 0, sku_key: figure.sku_key };
      group.skus[name] = {
        ...total,
        units: total.units + figure.units,
        available: total.available + figure.available,
        held: total.held + figure.held,
      };
    }
    strains.set(row.strain, group);
  }
  return [...strains.values()];
}
