/**
 * The finished-goods totals of rules §5.6: counts per status, and grams and strains of active
 * packages only. Available grams are summed as each package shows them (never below 0), so the
 * totals always add up to what the list displays.
 */
import { availableGrams, effectiveGrams, roundGrams } from "./grams";
import type { PackageHolds, PackageRow } from "./package-view";

export type Summary = {
  total_packages: number;
  active_packages: number;
  depleted_packages: number;
  archived_packages: number;
  orphaned_packages: number;
  total_grams: number;
  total_available_grams: number;
  total_strains: number;
};

export const EMPTY_SUMMARY: Summary = {
  total_packages: 0,
  active_packages: 0,
  depleted_packages: 0,
  archived_packages: 0,
  orphaned_packages: 0,
  total_grams: 0,
  total_available_grams: 0,
  total_strains: 0,
};

/** Packages the live list does not hold, counted in SQL. */
export type OtherPackages = { total: number; archived: number; orphaned: number };

type SummaryRow = Pick<
  PackageRow,
  "metrc_number" | "strain" | "status" | "current_grams" | "physical_grams_override" | "grams_ordered" | "grams_packed"
>;

/**
 * The totals from the live packages (active and depleted, all of them) and their holds, plus the
 * counts of the rest: what the unfiltered list already has in hand, so it needs no second scan.
 */
export function summarizeLive(live: readonly SummaryRow[], holds: ReadonlyMap<string, PackageHolds>, others: OtherPackages): Summary {
  let active = 0;
  let depleted = 0;
  let grams = 0;
  let available = 0;
  const strains = new Set<string>();
  for (const row of live) {
    if (row.status === "depleted") depleted++;
    if (row.status !== "active") continue;
    active++;
    grams += effectiveGrams(row);
    available += Math.max(0, availableGrams(row, roundGrams(holds.get(row.metrc_number)?.grams ?? 0)));
    strains.add(row.strain);
  }
  return {
    total_packages: others.total,
    active_packages: active,
    depleted_packages: depleted,
    archived_packages: others.archived,
    orphaned_packages: others.orphaned,
    total_grams: roundGrams(grams),
    total_available_grams: roundGrams(available),
    total_strains: strains.size,
  };
}
