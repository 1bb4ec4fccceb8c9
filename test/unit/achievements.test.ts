import { describe, expect, it } from "vitest";
import { type AchievementBatch, batchYield, CATALOGUE, evaluateAchievements, productionFacts } from "../../src/domain/achievements";

const NOW = new Date("2026-03-01T12:00:00Z");

function batch(partial: Partial<AchievementBatch>): AchievementBatch {
  return {
    stage: 7,
    archived: 1,
    counts_0_5: 0,
    counts_0_7: 0,
    counts_1_0: 0,
    cached_production_rate: null,
    running_yield_0_5: 0,
    running_yield_0_7: 0,
    running_yield_1_0: 0,
    ...partial,
  };
}

describe("productionFacts", () => {
  it("totals pre-rolls, completed batches, best rate, all-size and high-yield batches", () => {
    const facts = productionFacts([
      batch({
        counts_0_5: 600,
        counts_0_7: 200,
        counts_1_0: 300,
        cached_production_rate: 152,
        running_yield_0_5: 96,
        running_yield_1_0: 97,
      }),
      batch({ stage: 3, counts_0_5: 100, running_yield_0_5: 80, cached_production_rate: 90 }),
    ]);
    expect(facts).toEqual({ totalPreRolls: 1200, completedBatches: 1, bestRate: 152, allSizesBatches: 1, highYieldBatches: 1 });
  });

  it("weights a batch's yield by its counts and ignores unchecked sizes", () => {
    expect(batchYield(batch({ counts_0_5: 100, counts_1_0: 300, running_yield_0_5: 90, running_yield_1_0: 98 }))).toBe(96);
    expect(batchYield(batch({ counts_0_5: 100 }))).toBeNull();
  });
});

describe("evaluateAchievements (rules §19)", () => {
  const facts = { totalPreRolls: 12_000, completedBatches: 1, bestRate: 152, allSizesBatches: 0, highYieldBatches: 3 };
  const list = evaluateAchievements(facts, { prerolls_1k: "2026-01-01T00:00:00.000Z" }, NOW);
  const byKey = Object.fromEntries(list.map((a) => [a.key, a]));

  it("covers the whole catalogue with tiers, rarities and their colours", () => {
    expect(list).toHaveLength(CATALOGUE.length);
    expect(byKey.prerolls_1k).toMatchObject({ tier: "Apprentice", tier_color: "brown", rarity: "Common", rarity_color: "gray" });
    expect(byKey.rate_200).toMatchObject({ tier: "Legend", tier_color: "gold", rarity: "Legendary", rarity_color: "gold" });
  });

  it.each([
    ["prerolls_1k", true, 1000, "2026-01-01T00:00:00.000Z"],
    ["prerolls_10k", true, 10_000, NOW.toISOString()],
    ["prerolls_100k", false, 12_000, null],
    ["batches_1", true, 1, NOW.toISOString()],
    ["batches_10", false, 1, null],
    ["rate_150", true, 150, NOW.toISOString()],
    ["rate_200", false, 152, null],
    ["all_sizes", false, 0, null],
    ["yield_95_x10", false, 3, null],
  ])("%s: unlocked %s, progress %i, unlocked_at %s", (key, unlocked, progress, at) => {
    expect(byKey[key]).toMatchObject({ unlocked, progress, unlocked_at: at });
  });
});
