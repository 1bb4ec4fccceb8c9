import { describe, expect, it } from "vitest";
import { summarizeLive } from "../../src/domain/package-summary";
import type { PackageHolds } from "../../src/domain/package-view";

const row = (
  metrc: string,
  strain: string,
  status: string,
  current: number,
  extra: Partial<{ override: number; ordered: number; packed: number }> = {},
) => ({
  metrc_number: metrc,
  strain,
  status,
  current_grams: current,
  physical_grams_override: extra.override ?? null,
  grams_ordered: extra.ordered ?? 0,
  grams_packed: extra.packed ?? 0,
});

const held = (grams: number): PackageHolds => ({ bySku: {}, byName: {}, grams });

describe("summarizeLive (rules §5.6)", () => {
  it("counts statuses, and sums grams and strains of active packages only", () => {
    const summary = summarizeLive(
      [
        row("A", "Gelato", "active", 100.25),
        row("B", "Gelato", "active", 50, { override: 40, ordered: 10, packed: 5 }),
        row("C", "Runtz", "depleted", 30, { ordered: 30 }),
        row("D", "OG Kush", "active", 20),
      ],
      new Map([
        ["A", held(0.5)],
        ["D", held(25)],
      ]),
      { total: 7, archived: 2, orphaned: 1 },
    );
    expect(summary).toEqual({
      total_packages: 7,
      active_packages: 3,
      depleted_packages: 1,
      archived_packages: 2,
      orphaned_packages: 1,
      // The shelf count (40) stands for B's balance.
      total_grams: 160.25,
      // A 99.75 + B 25 + D max(0, 20 − 25) = 0: an over-held package adds nothing.
      total_available_grams: 124.75,
      total_strains: 2,
    });
  });

  it("is all zeros but the others' counts when nothing is live", () => {
    expect(summarizeLive([], new Map(), { total: 3, archived: 3, orphaned: 0 })).toMatchObject({
      total_packages: 3,
      active_packages: 0,
      total_grams: 0,
      total_available_grams: 0,
      total_strains: 0,
    });
  });

  it("rounds to 4 decimals as stored figures are", () => {
    const summary = summarizeLive([row("A", "X", "active", 0.1), row("B", "X", "active", 0.2)], new Map(), {
      total: 2,
      archived: 0,
      orphaned: 0,
    });
    expect(summary.total_grams).toBe(0.3);
    expect(summary.total_available_grams).toBe(0.3);
  });
});
