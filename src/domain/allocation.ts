/** Allocation preview and the plan constrained by weight (rules §3). */
import { type PerSize, SIZE_GRAMS, SIZES, type Size } from "./batch-sizes";

type AllocationPreview = {
  allocation: [number, number, number];
  counts_0_5: number;
  counts_0_7: number;
  counts_1_0: number;
  total_units: number;
  expected_output: number;
};

// Sizes in tenths of a gram, so the plan arithmetic stays in integers (0.7 has no exact float).
const TENTHS: PerSize<number> = { "0_5": 5, "0_7": 7, "1_0": 10 };
const LARGEST_FIRST: Size[] = ["1_0", "0_7", "0_5"];
const EPSILON = 1e-9;

/**
 * W grams split by percent per size, floored to whole pre-rolls (1000 g at 40/30/30 → 800/428/300).
 * `expected_output` is Σ counts × size (999.6 g there): the documented example says 980.0, which is
 * 98 % of W, but no formula produces it and gaps.md G-PLAN-2 decides for the grams the counts use.
 */
export function allocationPreview(weightGrams: number, allocation: readonly [number, number, number]): AllocationPreview {
  const counts = SIZES.map((size, i) => Math.floor((weightGrams * (allocation[i] ?? 0)) / 100 / SIZE_GRAMS[size] + EPSILON));
  const [c05 = 0, c07 = 0, c10 = 0] = counts;
  const grams = c05 * SIZE_GRAMS["0_5"] + c07 * SIZE_GRAMS["0_7"] + c10 * SIZE_GRAMS["1_0"];
  return {
    allocation: [allocation[0], allocation[1], allocation[2]],
    counts_0_5: c05,
    counts_0_7: c07,
    counts_1_0: c10,
    total_units: c05 + c07 + c10,
    expected_output: Math.round(grams * 10) / 10,
  };
}

type PlanInput = { inputGrams: number; planUseGrams: number; planned: PerSize<number> };
type PlanResult = { planned: PerSize<number>; adjusted: boolean; limitGrams: number };

/** Grams the plan may use: `plan_use_grams` when set (never more than the input), else all input. */
export function planLimitGrams(inputGrams: number, planUseGrams: number): number {
  return planUseGrams > 0 ? Math.min(planUseGrams, inputGrams) : inputGrams;
}

/**
 * Fits planned counts into the grams available (rules §3.3, nominal sizes per G-PLAN-1): a plan
 * that fits is kept; otherwise every size is scaled down by the same factor and floored, then single
 * units are given back largest size first while grams remain, never above what was asked for.
 */
export function constrainPlan(input: PlanInput): PlanResult {
  const limitGrams = planLimitGrams(input.inputGrams, input.planUseGrams);
  const limit = Math.floor(limitGrams * 10 + EPSILON);
  const asked = input.planned;
  const need = SIZES.reduce((sum, s) => sum + asked[s] * TENTHS[s], 0);
  if (need <= limit) return { planned: { ...asked }, adjusted: false, limitGrams };
  const planned: PerSize<number> = { "0_5": 0, "0_7": 0, "1_0": 0 };
  if (limit > 0) {
    const factor = limit / need;
    for (const s of SIZES) planned[s] = Math.floor(asked[s] * factor + EPSILON);
    let left = limit - SIZES.reduce((sum, s) => sum + planned[s] * TENTHS[s], 0);
    let added = true;
    while (added) {
      added = false;
      for (const s of LARGEST_FIRST) {
        if (planned[s] < asked[s] && left >= TENTHS[s]) {
          planned[s] += 1;
          left -= TENTHS[s];
          added = true;
        }
      }
    }
  }
  const adjusted = SIZES.some((s) => planned[s] !== asked[s]);
  return { planned, adjusted, limitGrams };
}
