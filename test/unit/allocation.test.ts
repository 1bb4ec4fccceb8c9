import { describe, expect, it } from "vitest";
import { allocationPreview, constrainPlan, planLimitGrams } from "../../src/domain/allocation";

describe("allocationPreview", () => {
  it("splits the documented 1000 g at 40/30/30 into 800 / 428 / 300, 1528 units", () => {
    const preview = allocationPreview(1000, [40, 30, 30]);
    expect(preview).toMatchObject({ allocation: [40, 30, 30], counts_0_5: 800, counts_0_7: 428, counts_1_0: 300, total_units: 1528 });
  });

  it("answers expected_output as the grams the counts use (999.6 g), not the example's 980.0", () => {
    // api.md shows 980.0 (98 % of W) but documents no formula; gaps.md G-PLAN-2 decides Σ counts × size:
    // 800 × 0.5 + 428 × 0.7 + 300 × 1.0 = 400 + 299.6 + 300 = 999.6.
    expect(allocationPreview(1000, [40, 30, 30]).expected_output).toBe(999.6);
  });

  it.each([
    [0, [40, 30, 30], [0, 0, 0]],
    [500, [100, 0, 0], [1000, 0, 0]],
    [700, [0, 100, 0], [0, 1000, 0]],
    [1, [0, 0, 100], [0, 0, 1]],
    [2.1, [0, 100, 0], [0, 3, 0]],
    [250, [50, 25, 25], [250, 89, 62]],
  ] as const)("weight %s at %j → %j", (weight, allocation, counts) => {
    const preview = allocationPreview(weight, allocation);
    expect([preview.counts_0_5, preview.counts_0_7, preview.counts_1_0]).toEqual(counts);
    expect(preview.total_units).toBe(counts[0] + counts[1] + counts[2]);
  });
});

describe("constrainPlan", () => {
  const plan = (inputGrams: number, planUseGrams: number, p05: number, p07: number, p10: number) =>
    constrainPlan({ inputGrams, planUseGrams, planned: { "0_5": p05, "0_7": p07, "1_0": p10 } });

  it("keeps the documented example that fits: 400 / 200 / 300 in 1000 g, adjusted false", () => {
    // 400 × 0.5 + 200 × 0.7 + 300 × 1.0 = 640 g ≤ 1000 g.
    expect(plan(1000, 0, 400, 200, 300)).toEqual({ planned: { "0_5": 400, "0_7": 200, "1_0": 300 }, adjusted: false, limitGrams: 1000 });
  });

  it("cuts a single size down to the weight", () => {
    expect(plan(100, 0, 500, 0, 0).planned).toEqual({ "0_5": 200, "0_7": 0, "1_0": 0 });
  });

  it("cuts several sizes by the same factor and gives leftover grams back largest first", () => {
    // need 2 × 1000 g → factor 0.5: 800 / 428 / 300 → 400 / 214 / 150 = 200 + 149.8 + 150 = 499.8 g;
    // 0.2 g left is less than any size, so nothing is added back.
    const result = plan(500, 0, 800, 428, 300);
    expect(result.planned).toEqual({ "0_5": 400, "0_7": 214, "1_0": 150 });
    expect(result.adjusted).toBe(true);
  });

  it("adds single units back in order 1.0 → 0.7 → 0.5 while grams remain", () => {
    // 10 g for 7 / 7 / 7 (need 15.4 g): factor 0.649 → 4 / 4 / 4 = 8.8 g, 1.2 g left → one 1.0 g.
    expect(plan(10, 0, 7, 7, 7).planned).toEqual({ "0_5": 4, "0_7": 4, "1_0": 5 });
  });

  it("plans nothing when there is no material", () => {
    expect(plan(0, 0, 10, 10, 10)).toEqual({ planned: { "0_5": 0, "0_7": 0, "1_0": 0 }, adjusted: true, limitGrams: 0 });
  });

  it("keeps a zero plan as it is", () => {
    expect(plan(1000, 0, 0, 0, 0)).toEqual({ planned: { "0_5": 0, "0_7": 0, "1_0": 0 }, adjusted: false, limitGrams: 1000 });
  });

  it("uses every gram at maximum allocation", () => {
    expect(plan(1000, 0, 2000, 0, 0)).toMatchObject({ planned: { "0_5": 2000 }, adjusted: false });
    expect(plan(1000, 0, 2001, 0, 0)).toMatchObject({ planned: { "0_5": 2000 }, adjusted: true });
  });

  it("limits the plan to plan_use_grams, never above the input", () => {
    expect(plan(1000, 300, 1000, 0, 0).planned["0_5"]).toBe(600);
    expect(plan(1000, 5000, 3000, 0, 0).planned["0_5"]).toBe(2000);
    expect(planLimitGrams(1000, 0)).toBe(1000);
    expect(planLimitGrams(1000, 250)).toBe(250);
  });

  it.each([
    [333.3, 500, 500, 500],
    [77.7, 13, 29, 41],
    [1, 3, 3, 3],
    [0.6, 5, 5, 5],
  ])("never yields fractional pre-rolls or more grams than allowed (%s g)", (grams, a, b, c) => {
    const { planned } = plan(grams, 0, a, b, c);
    for (const n of Object.values(planned)) expect(Number.isInteger(n)).toBe(true);
    const used = planned["0_5"] * 0.5 + planned["0_7"] * 0.7 + planned["1_0"] * 1.0;
    expect(used).toBeLessThanOrEqual(grams + 1e-9);
  });
});
