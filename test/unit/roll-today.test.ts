import { describe, expect, it } from "vitest";
import { type DemandLine, planRollToday, type RollInput } from "../../src/domain/roll-today";

const line = (over: Partial<DemandLine>): DemandLine => ({
  strainKey: "blue dream",
  strain: "Blue Dream",
  unitSizeGrams: 0.5,
  packCount: 1,
  ordered: 10,
  packed: 0,
  dueAt: "2026-03-02",
  ...over,
});

const base = (over: Partial<RollInput>): RollInput => ({
  lines: [],
  shelfGramsByStrain: new Map(),
  batches: [],
  paperStock: { "0_5": 10_000, "0_7": 10_000, "1_0": 10_000 },
  ratePerHourByStrain: new Map(),
  defaultRatePerHour: 100,
  ...over,
});

describe("planRollToday", () => {
  it("worked example 1, demand only: 2 × 6-packs of 0.5 g + 3 singles, nothing on the shelf → 15 pre-rolls, 0.15 h at 100/h", () => {
    const plan = planRollToday(base({ lines: [line({ packCount: 6, ordered: 2 }), line({ ordered: 3, dueAt: "2026-03-01" })] }));
    expect(plan.rows).toEqual([
      {
        strain_key: "blue dream",
        strain: "Blue Dream",
        size: "0_5",
        earliest_due: "2026-03-01",
        demand_prerolls: 15,
        covered_by_stock: 0,
        rolling: 0,
        to_make: 15,
        hours: 0.15,
      },
    ]);
    expect(plan.total_to_make).toBe(15);
  });

  it("worked example 2, packed units leave demand: ordered 10, packed 7 → 3 to make", () => {
    expect(planRollToday(base({ lines: [line({ ordered: 10, packed: 7 })] })).rows[0]?.to_make).toBe(3);
  });

  it("worked example 3, the shelf covers the earliest delivery first: 6 g on the shelf, 1 g rolls due 03-01 (4) and 0.5 g due 03-05 (10)", () => {
    const plan = planRollToday(
      base({
        lines: [
          line({ unitSizeGrams: 0.5, ordered: 10, dueAt: "2026-03-05" }),
          line({ unitSizeGrams: 1, ordered: 4, dueAt: "2026-03-01" }),
        ],
        shelfGramsByStrain: new Map([["blue dream", 6]]),
      }),
    );
    // 1 g line takes 4 g; 2 g left cover 4 of the 10 half-gram rolls; 6 × 0.5 g still to make.
    expect(plan.rows.map((r) => [r.size, r.covered_by_stock, r.to_make])).toEqual([
      ["1_0", 4, 0],
      ["0_5", 4, 6],
    ]);
  });

  it("worked example 4, batches in progress count with the larger of counted and planned: 40 uncovered − max(25 counted, 30 planned) = 10", () => {
    const plan = planRollToday(
      base({
        lines: [line({ ordered: 40 })],
        batches: [
          { strainKey: "blue dream", counts: { "0_5": 25 }, planned: { "0_5": 30 } },
          { strainKey: "gelato", counts: { "0_5": 500 }, planned: {} },
        ],
      }),
    );
    expect(plan.rows[0]).toMatchObject({ rolling: 30, to_make: 10 });
  });

  it("never goes below zero when batches roll more than the demand", () => {
    const plan = planRollToday(
      base({ lines: [line({ ordered: 5 })], batches: [{ strainKey: "blue dream", counts: {}, planned: { "0_5": 100 } }] }),
    );
    expect(plan.rows[0]?.to_make).toBe(0);
  });

  it("worked example 5, cone shortage: 0.7 g needs 120 cones with 100 in stock → short 20", () => {
    const plan = planRollToday(
      base({
        lines: [line({ unitSizeGrams: 0.7, ordered: 20, packCount: 6 })],
        paperStock: { "0_5": 0, "0_7": 100, "1_0": 0 },
      }),
    );
    expect(plan.cones).toEqual([
      { size: "0_5", needed: 0, stock: 0, short: 0 },
      { size: "0_7", needed: 120, stock: 100, short: 20 },
      { size: "1_0", needed: 0, stock: 0, short: 0 },
    ]);
  });

  it("uses the strain's own rate for hours, the default otherwise, and orders rows by earliest delivery", () => {
    const plan = planRollToday(
      base({
        lines: [
          line({ strainKey: "gelato", strain: "Gelato", ordered: 90, dueAt: "2026-03-03" }),
          line({ ordered: 50, dueAt: "2026-03-02" }),
        ],
        ratePerHourByStrain: new Map([["gelato", 180]]),
      }),
    );
    expect(plan.rows.map((r) => [r.strain, r.hours])).toEqual([
      ["Blue Dream", 0.5],
      ["Gelato", 0.5],
    ]);
    expect(plan.total_hours).toBe(1);
  });

  it("skips sizes the floor does not roll and fully packed lines", () => {
    const plan = planRollToday(base({ lines: [line({ unitSizeGrams: 3.5 }), line({ ordered: 5, packed: 5 })] }));
    expect(plan.rows).toEqual([]);
  });
});
