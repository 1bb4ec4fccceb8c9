import { describe, expect, it } from "vitest";
import { diffOutcomes, type OutcomeSource, outcomesOfBatch } from "../../src/domain/centrifuge-outcomes";
import { learn, modelFor, moistureDriftPercent, type Outcome, projectLinear, temporalRpm } from "../../src/domain/learning";

const NOW = new Date("2026-03-01T12:00:00Z");

function outcome(partial: Partial<Outcome> & Pick<Outcome, "batch_id" | "recorded_at">): Outcome {
  return {
    strain: "Blue Dream",
    size: "0_5",
    machine: "silver_bullet",
    grind_size: null,
    rpm: 2200,
    time_seconds: 15,
    cycles: 2,
    fill_gauge_cycle1: 8,
    fill_gauge_cycle2: 6,
    yield_percent: 95,
    rate: 100,
    harvest_date: null,
    ...partial,
  };
}

/** Four Blue Dream 0.5 g outcomes (one spelled differently) and two OG Kush 1.0 g ones. */
const SEEDED: Outcome[] = [
  outcome({
    batch_id: "b1",
    strain: "blue dream ",
    recorded_at: "2026-01-01T10:00:00Z",
    rpm: 2000,
    fill_gauge_cycle1: 8,
    fill_gauge_cycle2: 6,
    yield_percent: 90,
    grind_size: "fine",
  }),
  outcome({ batch_id: "b2", recorded_at: "2026-01-10T10:00:00Z", rpm: 2200, fill_gauge_cycle1: 7, yield_percent: 95, grind_size: "fine" }),
  outcome({
    batch_id: "b3",
    recorded_at: "2026-01-20T10:00:00Z",
    rpm: 2400,
    time_seconds: 18,
    fill_gauge_cycle1: 6,
    fill_gauge_cycle2: 5,
    yield_percent: 100,
    grind_size: "medium",
  }),
  outcome({
    batch_id: "b4",
    recorded_at: "2026-01-25T10:00:00Z",
    rpm: 2100,
    cycles: 1,
    fill_gauge_cycle1: 9,
    fill_gauge_cycle2: null,
    yield_percent: 92,
    grind_size: "fine",
  }),
  outcome({ batch_id: "k1", strain: "OG Kush", size: "1_0", recorded_at: "2026-01-02T10:00:00Z" }),
  outcome({ batch_id: "k2", strain: "OG Kush", size: "1_0", recorded_at: "2026-01-03T10:00:00Z" }),
];

/**
 * Worked by hand: weights are (i-th oldest) × yield/100. Any grind: 0.9, 1.9, 3.0, 3.68 (Σ 9.48);
 * rpm 20908/9.48 = 2205.5 → 2200; time 151.2/9.48 = 15.95 → 16; cycles 1.61 → 2; gauge 1
 * 71.62/9.48 = 7.55 → 8; gauge 2 (three outcomes) 31.8/5.8 = 5.48 → 5; confidence 0.8 × 0.9425.
 * Fine grind (b1, b2, b4): 0.9, 1.9, 2.76; rpm 2118 → 2100; gauge 1 8.15 → 8; gauge 2 6.
 */
const EXPECTED = [
  {
    strain: "Blue Dream",
    size: "0_5",
    grind_size: "",
    rpm: 2200,
    time_seconds: 16,
    cycles: 2,
    fill_gauge_cycle1: 8,
    fill_gauge_cycle2: 5,
    confidence: 0.75,
    sample_size: 4,
    updated_at: "2026-03-01T12:00:00.000Z",
  },
  {
    strain: "Blue Dream",
    size: "0_5",
    grind_size: "fine",
    rpm: 2100,
    time_seconds: 15,
    cycles: 2,
    fill_gauge_cycle1: 8,
    fill_gauge_cycle2: 6,
    confidence: 0.55,
    sample_size: 3,
    updated_at: "2026-03-01T12:00:00.000Z",
  },
];

describe("learn (the learning pass's pure core)", () => {
  it("turns the seeded outcomes into the expected recommendations", () => {
    expect(learn(SEEDED, NOW)).toEqual(EXPECTED);
  });

  it("gives identical output when run twice or on shuffled input", () => {
    const first = learn(SEEDED, NOW);
    expect(learn(SEEDED, NOW)).toEqual(first);
    expect(learn([...SEEDED].reverse(), NOW)).toEqual(first);
  });

  it("needs three outcomes per strain and size", () => {
    expect(learn(SEEDED.slice(4), NOW)).toEqual([]);
    expect(learn([], NOW)).toEqual([]);
  });

  it("uses only the last 10 outcomes", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      outcome({ batch_id: `m${i}`, recorded_at: `2026-02-${String(i + 1).padStart(2, "0")}T00:00:00Z`, rpm: i < 2 ? 500 : 2000 }),
    );
    const [rec] = learn(many, NOW);
    expect(rec).toMatchObject({ sample_size: 10, rpm: 2000, confidence: 0.95 });
  });
});

describe("decision: one model per strain, size and grind, whatever the machine", () => {
  it("learns from Silver Bullet and Lab Geek outcomes together (api.md §7 asks for no machine)", () => {
    const mixed = [
      outcome({ batch_id: "m1", recorded_at: "2026-02-01T10:00:00Z", machine: "silver_bullet", rpm: 2200 }),
      outcome({ batch_id: "m2", recorded_at: "2026-02-02T10:00:00Z", machine: "lab_geek", rpm: 2000 }),
      outcome({ batch_id: "m3", recorded_at: "2026-02-03T10:00:00Z", machine: "lab_geek", rpm: 2000 }),
    ];
    const recommendations = learn(mixed, NOW);
    expect(recommendations.map((r) => [r.strain, r.size, r.grind_size, r.sample_size])).toEqual([["Blue Dream", "0_5", "", 3]]);
    // Weights 1, 2, 3 (equal yields): (2200 + 2 × 2000 + 3 × 2000) / 6 = 2033 → 2050 at the 50 rpm step.
    expect(recommendations[0]?.rpm).toBe(2050);
  });
});

describe("modelFor in count mode", () => {
  it("weighs outcomes by rate relative to the median", () => {
    const rated = [
      outcome({ batch_id: "r1", recorded_at: "2026-01-01", rpm: 1800, rate: 50 }),
      outcome({ batch_id: "r2", recorded_at: "2026-01-02", rpm: 2200, rate: 100 }),
      outcome({ batch_id: "r3", recorded_at: "2026-01-03", rpm: 2200, rate: 200 }),
    ];
    // Qualities 50, 100, 100 (capped); weights 0.5, 2, 3 → rpm (900 + 4400 + 6600) / 5.5 = 2163.6 → 2150.
    expect(modelFor(rated, "count")).toMatchObject({ rpm: 2150, sample_size: 3, confidence: 0.5 });
    expect(
      modelFor(
        rated.map((o) => ({ ...o, rate: null })),
        "count",
      ),
    ).toBeNull();
  });
});

describe("temporal adjustments (rules §11 step 4)", () => {
  it("projects the rpm trend to a target batch", () => {
    expect(
      projectLinear(
        [
          { x: 1, y: 2000 },
          { x: 2, y: 2100 },
          { x: 3, y: 2200 },
        ],
        5,
      ),
    ).toBe(2400);
    expect(temporalRpm([2000, 2100, 2200], 2100, 5, null)).toBe(2400);
    expect(temporalRpm([2000, 2100, 2200], 2100, 100, null)).toBe(2500);
  });

  it.each([
    [0, 0],
    [14, 0],
    [20, 0],
    [21, 1],
    [28, 2],
    [84, 10],
    [3650, 10],
  ])("moisture drift after %i days is %i %%", (days, percent) => {
    expect(moistureDriftPercent(days)).toBe(percent);
  });

  it("adds the drift to the rpm and rounds to 50", () => {
    expect(temporalRpm([], 2000, null, 28)).toBe(2050);
  });
});

const SOURCE: OutcomeSource = {
  id: "b1",
  strain: "Blue Dream",
  stage: 3,
  grind_size: "fine",
  harvest_date: "2026-01-01",
  centrifuge_rpm: 2200,
  centrifuge_time_seconds: 15,
  centrifuge_cycles: 2,
  centrifuge_fill_gauge_cycle1: 8,
  centrifuge_fill_gauge_cycle2: 6,
  centrifuge_machine: "silver_bullet",
  centrifuge_settings_by_size: JSON.stringify({ "1_0": { rpm: 2400, time_seconds: 20, machine: "lab_geek" } }),
  running_yield_0_5: 96,
  running_yield_0_7: 0,
  running_yield_1_0: 91,
  cached_production_rate: 120,
  production_end_time: "2026-01-05T10:00:00Z",
  production_start_time: "2026-01-04T10:00:00Z",
  created_at: "2026-01-01T10:00:00Z",
};

describe("outcomesOfBatch", () => {
  it("makes one outcome per size with settings and a yield, per-size settings first", () => {
    const outcomes = outcomesOfBatch(SOURCE);
    expect(outcomes.map((o) => [o.size, o.rpm, o.time_seconds, o.machine, o.cycles, o.yield_percent])).toEqual([
      ["0_5", 2200, 15, "silver_bullet", 2, 96],
      ["1_0", 2400, 20, "lab_geek", 2, 91],
    ]);
    expect(outcomes[0]?.recorded_at).toBe("2026-01-05T10:00:00Z");
  });

  it.each([
    ["stage below Finished", { stage: 2 }],
    ["no settings at all", { centrifuge_rpm: null, centrifuge_settings_by_size: "{not json" }],
    ["no weight checks", { running_yield_0_5: 0, running_yield_1_0: 0 }],
  ])("makes none for %s", (_label, change) => {
    expect(outcomesOfBatch({ ...SOURCE, ...change })).toEqual([]);
  });
});

describe("diffOutcomes", () => {
  const derived = outcomesOfBatch(SOURCE);
  it("changes nothing when the stored outcomes match", () => {
    expect(diffOutcomes(derived, derived)).toEqual({ upserts: [], deletions: [] });
  });

  it("rewrites changed outcomes and removes those that no longer qualify", () => {
    const [first, second] = derived;
    if (!first || !second) throw new Error("seed");
    const changed = { ...first, yield_percent: 97 };
    expect(diffOutcomes([changed], derived)).toEqual({
      upserts: [changed],
      deletions: [{ batch_id: "b1", size: "1_0", strain: "Blue Dream" }],
    });
  });
});

describe("learn over 10,000 outcomes", () => {
  it("runs well under 2 s and prints its time", () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      outcome({
        batch_id: `b${Math.floor(i / 3)}`,
        size: (["0_5", "0_7", "1_0"] as const)[i % 3],
        strain: `Strain ${i % 200}`,
        grind_size: ["fine", "medium", "coarse"][i % 3] ?? null,
        recorded_at: `2026-01-${String(1 + (i % 28)).padStart(2, "0")}T00:00:00Z`,
        rpm: 1800 + (i % 15) * 50,
        yield_percent: 90 + (i % 10),
      }),
    );
    const start = performance.now();
    const recs = learn(many, NOW);
    const ms = performance.now() - start;
    console.log(`learn(): ${many.length} outcomes → ${recs.length} recommendations in ${ms.toFixed(1)} ms`);
    expect(recs.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2000);
  });
});
