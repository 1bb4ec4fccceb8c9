import { SIZES } from "./batch-sizes";
import { isCompletedBatch, type StatsBatch } from "./stats";

/** Achievements (rules §19, decisions 3): computed from batch data on read. */

type Tier = "Apprentice" | "Professional" | "Legend";
type Rarity = "Common" | "Rare" | "Epic" | "Legendary";

const TIER_COLORS: Record<Tier, string> = { Apprentice: "brown", Professional: "gray", Legend: "gold" };
const RARITY_COLORS: Record<Rarity, string> = { Common: "gray", Rare: "blue", Epic: "purple", Legendary: "gold" };

/** The batch figures achievements read. */
export type AchievementBatch = Pick<
  StatsBatch,
  "stage" | "archived" | "counts_0_5" | "counts_0_7" | "counts_1_0" | "cached_production_rate"
> & {
  running_yield_0_5: number;
  running_yield_0_7: number;
  running_yield_1_0: number;
};

type ProductionFacts = {
  totalPreRolls: number;
  completedBatches: number;
  bestRate: number;
  allSizesBatches: number;
  highYieldBatches: number;
};

const HIGH_YIELD_PERCENT = 95;

/** A batch's running yield: its sizes' yields weighted by their counts (sizes never checked are left out). */
export function batchYield(b: AchievementBatch): number | null {
  let sum = 0;
  let weight = 0;
  for (const s of SIZES) {
    const y = b[`running_yield_${s}`];
    const n = b[`counts_${s}`];
    if (y > 0 && n > 0) {
      sum += y * n;
      weight += n;
    }
  }
  return weight > 0 ? sum / weight : null;
}

/** Completed batches as the Stats page counts them (Done and archived). */
export function productionFacts(batches: readonly AchievementBatch[]): ProductionFacts {
  const facts: ProductionFacts = { totalPreRolls: 0, completedBatches: 0, bestRate: 0, allSizesBatches: 0, highYieldBatches: 0 };
  for (const b of batches) {
    facts.totalPreRolls += b.counts_0_5 + b.counts_0_7 + b.counts_1_0;
    if (isCompletedBatch(b)) facts.completedBatches++;
    facts.bestRate = Math.max(facts.bestRate, b.cached_production_rate ?? 0);
    if (b.counts_0_5 > 0 && b.counts_0_7 > 0 && b.counts_1_0 > 0) facts.allSizesBatches++;
    if ((batchYield(b) ?? 0) >= HIGH_YIELD_PERCENT) facts.highYieldBatches++;
  }
  return facts;
}

type Definition = {
  key: string;
  name: string;
  description: string;
  tier: Tier;
  rarity: Rarity;
  metric: keyof ProductionFacts;
  target: number;
};

/** The catalogue proposed in rules §19. */
export const CATALOGUE: readonly Definition[] = [
  {
    key: "prerolls_1k",
    name: "First Thousand",
    description: "Roll 1,000 pre-rolls",
    tier: "Apprentice",
    rarity: "Common",
    metric: "totalPreRolls",
    target: 1_000,
  },
  {
    key: "prerolls_10k",
    name: "Ten Thousand Club",
    description: "Roll 10,000 pre-rolls",
    tier: "Professional",
    rarity: "Rare",
    metric: "totalPreRolls",
    target: 10_000,
  },
  {
    key: "prerolls_100k",
    name: "Hundred Thousand",
    description: "Roll 100,000 pre-rolls",
    tier: "Legend",
    rarity: "Epic",
    metric: "totalPreRolls",
    target: 100_000,
  },
  {
    key: "prerolls_1m",
    name: "Millionaire",
    description: "Roll 1,000,000 pre-rolls",
    tier: "Legend",
    rarity: "Legendary",
    metric: "totalPreRolls",
    target: 1_000_000,
  },
  {
    key: "batches_1",
    name: "First Batch",
    description: "Complete a batch",
    tier: "Apprentice",
    rarity: "Common",
    metric: "completedBatches",
    target: 1,
  },
  {
    key: "batches_10",
    name: "Batch Veteran",
    description: "Complete 10 batches",
    tier: "Apprentice",
    rarity: "Rare",
    metric: "completedBatches",
    target: 10,
  },
  {
    key: "batches_50",
    name: "Production Pro",
    description: "Complete 50 batches",
    tier: "Professional",
    rarity: "Epic",
    metric: "completedBatches",
    target: 50,
  },
  {
    key: "batches_100",
    name: "Centurion",
    description: "Complete 100 batches",
    tier: "Legend",
    rarity: "Legendary",
    metric: "completedBatches",
    target: 100,
  },
  {
    key: "rate_100",
    name: "Speed Roller",
    description: "Reach 100 pre-rolls an hour on a batch",
    tier: "Apprentice",
    rarity: "Rare",
    metric: "bestRate",
    target: 100,
  },
  {
    key: "rate_150",
    name: "Rapid Roller",
    description: "Reach 150 pre-rolls an hour on a batch",
    tier: "Professional",
    rarity: "Epic",
    metric: "bestRate",
    target: 150,
  },
  {
    key: "rate_200",
    name: "Lightning Hands",
    description: "Reach 200 pre-rolls an hour on a batch",
    tier: "Legend",
    rarity: "Legendary",
    metric: "bestRate",
    target: 200,
  },
  {
    key: "all_sizes",
    name: "Full Spectrum",
    description: "Make all three sizes in one batch",
    tier: "Apprentice",
    rarity: "Common",
    metric: "allSizesBatches",
    target: 1,
  },
  {
    key: "yield_95_x10",
    name: "Precision Roller",
    description: "Keep a running yield of 95 % or more on 10 batches",
    tier: "Professional",
    rarity: "Epic",
    metric: "highYieldBatches",
    target: 10,
  },
];

type Achievement = Omit<Definition, "metric"> & {
  tier_color: string;
  rarity_color: string;
  unlocked: boolean;
  progress: number;
  unlocked_at: string | null;
};

/** Each achievement with its progress; `unlockedAt` holds first-unlock times already recorded. */
export function evaluateAchievements(facts: ProductionFacts, unlockedAt: Readonly<Record<string, string>>, now: Date): Achievement[] {
  return CATALOGUE.map(({ metric, ...def }) => {
    const value = facts[metric];
    const unlocked = value >= def.target;
    return {
      ...def,
      tier_color: TIER_COLORS[def.tier],
      rarity_color: RARITY_COLORS[def.rarity],
      unlocked,
      progress: Math.min(value, def.target),
      unlocked_at: unlocked ? (unlockedAt[def.key] ?? now.toISOString()) : null,
    };
  });
}
