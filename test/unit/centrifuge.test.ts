import { describe, expect, it } from "vitest";
import {
  checkRpm,
  curvePoints,
  DEFAULT_G_CONSTANT,
  equivalentRpm,
  gForce,
  resolveGConstant,
  roundToStep,
  rpmForG,
  safetyZone,
} from "../../src/domain/centrifuge";

describe("gForce (rules §10.1)", () => {
  it.each([
    [2200, 228.5],
    [500, 11.8],
    [600, 17.0],
    [700, 23.1],
  ])("Silver Bullet at %i rpm gives %f g (documented points)", (rpm, g) => {
    expect(gForce(rpm, "silver_bullet")).toBe(g);
  });

  it("Lab Geek at 2000 rpm gives 228.9 g", () => {
    // The spec prints 228.3 for this point; the same fitted constant with r = 5.0 in gives 228.9
    // (0.26 % off, "fits within 0.3 %", rules §10.1). We keep one formula for both machines.
    expect(gForce(2000, "lab_geek")).toBe(228.9);
  });

  it("keeps the fitted constant near 1.1445e-5", () => {
    expect(DEFAULT_G_CONSTANT).toBeCloseTo(1.1445e-5, 9);
  });

  it("uses a stored constant when one is given", () => {
    expect(gForce(2200, "silver_bullet", 2 * DEFAULT_G_CONSTANT)).toBe(457);
  });

  it("inverts with rpmForG", () => {
    expect(rpmForG(228.5, "silver_bullet")).toBeCloseTo(2200, 6);
  });
});

describe("resolveGConstant", () => {
  it.each([
    [undefined, DEFAULT_G_CONSTANT],
    ["1e-5", DEFAULT_G_CONSTANT],
    [-1, DEFAULT_G_CONSTANT],
    [Number.NaN, DEFAULT_G_CONSTANT],
    [5, DEFAULT_G_CONSTANT],
    [1.2e-5, 1.2e-5],
  ])("%s → %f", (stored, expected) => {
    expect(resolveGConstant(stored)).toBe(expected);
  });
});

describe("safetyZone (rules §10.2)", () => {
  it.each([
    [1000, "below_range"],
    [1799, "below_range"],
    [1800, "optimal"],
    [2200, "optimal"],
    [2500, "optimal"],
    [2501, "safe"],
    [3000, "safe"],
    [3001, "caution"],
    [4000, "caution"],
    [4001, "danger"],
    [5000, "danger"],
  ])("%i rpm → %s", (rpm, zone) => {
    expect(safetyZone(rpm)).toBe(zone);
  });
});

describe("checkRpm", () => {
  it.each([
    [2200, "silver_bullet", { ok: true }],
    [0, "silver_bullet", { ok: false, reason: "rpm must be greater than 0" }],
    [-5, "lab_geek", { ok: false, reason: "rpm must be greater than 0" }],
    [499, "silver_bullet", { ok: false, reason: "rpm must be between 500 and 5000 for silver_bullet" }],
    [4501, "lab_geek", { ok: false, reason: "rpm must be between 500 and 4500 for lab_geek" }],
    [5000, "silver_bullet", { ok: true }],
  ] as const)("%i on %s", (rpm, machine, verdict) => {
    expect(checkRpm(rpm, machine)).toEqual(verdict);
  });
});

describe("equivalentRpm (rules §10.3)", () => {
  it("2200 on the Silver Bullet is 1998.3 on the Lab Geek, reported as 2000", () => {
    // The spec's g-force for the rounded rpm is 228.3; the documented formula gives 228.9 (see above).
    expect(equivalentRpm(2200, "silver_bullet", "lab_geek")).toEqual({ rpm: 2000, g_force: 228.9 });
  });

  it("goes the other way and stays inside the target machine's range", () => {
    expect(equivalentRpm(2000, "lab_geek", "silver_bullet")).toEqual({ rpm: 2200, g_force: 228.5 });
    expect(equivalentRpm(5000, "silver_bullet", "lab_geek").rpm).toBe(4500);
  });

  it.each([
    [1998.3, 2000],
    [2024, 2000],
    [2025, 2050],
    [2349, 2350],
  ])("roundToStep(%f, 50) = %i", (value, rounded) => {
    expect(roundToStep(value, 50)).toBe(rounded);
  });
});

describe("curvePoints (rules §10.4)", () => {
  it("includes both ends", () => {
    expect(curvePoints(500, 700, 100, "silver_bullet")).toEqual({
      ok: true,
      points: [
        { rpm: 500, g_force: 11.8 },
        { rpm: 600, g_force: 17.0 },
        { rpm: 700, g_force: 23.1 },
      ],
    });
  });

  it.each([
    [500, 5000, 0, "step must be greater than 0"],
    [3000, 1000, 100, "rpm_min must not be greater than rpm_max"],
    [0, 1000, 1, "Too many points (1001); at most 1000: raise step or narrow the range"],
  ])("refuses %i..%i step %i", (min, max, step, reason) => {
    expect(curvePoints(min, max, step, "silver_bullet")).toEqual({ ok: false, reason });
  });

  it("allows exactly 1000 points", () => {
    const curve = curvePoints(1, 1000, 1, "lab_geek");
    expect(curve.ok && curve.points.length).toBe(1000);
  });
});
