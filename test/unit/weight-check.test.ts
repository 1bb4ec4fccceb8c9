import { describe, expect, it } from "vitest";
import {
  analyseCheck,
  checkStatus,
  isCheckDue,
  parseWeightLog,
  recordCheck,
  runningYield,
  targetWeight,
  yieldBand,
} from "../../src/domain/weight-check";

describe("analyseCheck (rules §8)", () => {
  it("nets the tare off the 10-piece average and scores the accuracy", () => {
    // 10 pre-rolls weigh 6.4 g → 0.64 g gross, 0.52 g net of a 0.12 g cone; 4 % over 0.5 g → 96 %.
    // The api example pairs avg 0.52 / deviation 4.0 with yield 96.2, which the formula cannot give;
    // we test the documented formula (gaps G-WEIGHT-1).
    expect(analyseCheck({ size: "0_5", sampleWeight: 6.4, tareGrams: 0.12, targetGramsEach: 0.5 })).toEqual({
      avg_gross_weight: 0.64,
      tare: 0.12,
      avg_weight: 0.52,
      target: 0.5,
      deviation_percent: 4.0,
      yield_percent: 96.0,
    });
  });

  it.each([
    ["0_7", 8.5, 0.15, 100],
    ["1_0", 11.8, 0.18, 100],
    ["1_0", 10.8, 0.18, 90],
    ["0_5", 5.7, 0.12, 90],
  ] as const)("size %s: sample %f g, tare %f g → %f %%", (size, sample, tare, expected) => {
    expect(analyseCheck({ size, sampleWeight: sample, tareGrams: tare, targetGramsEach: 0 }).yield_percent).toBe(expected);
  });

  it("never scores below 0 %", () => {
    expect(analyseCheck({ size: "0_5", sampleWeight: 40, tareGrams: 0.12, targetGramsEach: 0.5 }).yield_percent).toBe(0);
  });
});

describe("targetWeight", () => {
  it.each([
    ["0_5", 0.52, 0.52],
    ["0_5", 1.0, 0.5],
    ["0_7", 0.75, 0.75],
    ["1_0", 0, 1.0],
    ["1_0", 0.5, 1.0],
  ] as const)("size %s with target_grams_each %f → %f", (size, tge, expected) => {
    expect(targetWeight(size, tge)).toBe(expected);
  });
});

describe("runningYield", () => {
  it("weights each check by the production it covers", () => {
    // 100 pieces at 90 %, then 300 more at 98 % → (90·100 + 98·300) / 400 = 96.
    expect(
      runningYield([
        { count_at_measurement: 100, yield_percent: 90 },
        { count_at_measurement: 400, yield_percent: 98 },
      ]),
    ).toBe(96);
  });

  it("is 0 without checks and counts a check at an unchanged count as one piece", () => {
    expect(runningYield([])).toBe(0);
    expect(
      runningYield([
        { count_at_measurement: 0, yield_percent: 80 },
        { count_at_measurement: 0, yield_percent: 100 },
      ]),
    ).toBe(90);
  });
});

describe("yield bands", () => {
  it.each([
    [100, "green", "good"],
    [95, "green", "good"],
    [94.9, "orange", "warning"],
    [90, "orange", "warning"],
    [89.9, "red", "bad"],
    [0, "red", "bad"],
  ])("%f %% → %s / %s", (percent, band, status) => {
    expect(yieldBand(percent)).toBe(band);
    expect(checkStatus(percent)).toBe(status);
  });
});

describe("isCheckDue", () => {
  it.each([
    [250, 150, true],
    [249, 150, false],
    [0, 0, false],
  ])("count %i after a check at %i → %s", (count, last, due) => {
    expect(isCheckDue(count, last)).toBe(due);
  });
});

describe("parseWeightLog", () => {
  it.each([[null], ["not json"], ["{}"], ['[1, null, {"x": 1}]']])("reads %s as an empty log", (text) => {
    expect(parseWeightLog(text)).toEqual([]);
  });
});

describe("recordCheck", () => {
  it("appends the entry and recomputes the running yield", () => {
    const now = new Date("2026-02-28T10:00:00Z");
    const first = recordCheck({
      id: "a",
      size: "0_5",
      sampleWeight: 6.2,
      tareGrams: 0.12,
      targetGramsEach: 0.5,
      countAtMeasurement: 100,
      log: [],
      now,
    });
    expect(first.entry).toEqual({
      id: "a",
      timestamp: "2026-02-28T10:00:00.000Z",
      sample_weight: 6.2,
      count_at_measurement: 100,
      avg_weight: 0.5,
      yield_percent: 100,
    });
    const second = recordCheck({
      ...first.entry,
      id: "b",
      size: "0_5",
      sampleWeight: 6.7,
      tareGrams: 0.12,
      targetGramsEach: 0.5,
      countAtMeasurement: 200,
      log: first.log,
      now,
    });
    expect(second.log).toHaveLength(2);
    expect(second.analysis).toMatchObject({
      yield_percent: 90,
      running_yield: 95,
      status: "warning",
      color: "orange",
      running_yield_color: "green",
    });
  });
});
