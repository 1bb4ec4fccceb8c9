import { describe, expect, it } from "vitest";
import {
  availableGrams,
  type Buckets,
  calculateUnits,
  canDeduct,
  canPack,
  completeOrderBuckets,
  effectiveGrams,
  gramsOf,
  isMetrcTag,
  nextStatus,
  packBuckets,
  roundGrams,
} from "../../src/domain/grams";

const pkg = (over: Partial<Buckets> = {}): Buckets => ({
  current_grams: 1000,
  physical_grams_override: null,
  grams_ordered: 0,
  grams_packed: 0,
  grams_packed_lifetime: 0,
  grams_fulfilled: 0,
  ...over,
});

describe("unit sizes for deduct and add (rules §5.4)", () => {
  it.each([
    [{ units: 2, unit_size: "6pack" }, 6],
    [{ units: 1, unit_size: "6pack" }, 3],
    [{ units: 1, unit_size: "12pack" }, 6],
    [{ units: 3, unit_size: "12pack" }, 18],
    [{ units: 10, unit_size: "0.5g" }, 5],
    [{ units: 10, unit_size: "0.7g" }, 7],
    [{ units: 10, unit_size: "0.8g" }, 8],
    [{ units: 7, unit_size: "1.0g" }, 7],
    [{ grams: 12.5, units: 100, unit_size: "1.0g" }, 12.5],
  ])("%j → %d g", (amount, grams) => {
    expect(gramsOf(amount)).toEqual({ ok: true, grams });
  });

  it.each([[{ units: 1, unit_size: "3pack" }], [{ units: 1, unit_size: "" }], [{ units: 1 }]])(
    "refuses %j with Invalid unit_size",
    (amount) => {
      expect(gramsOf(amount)).toEqual({ ok: false, reason: "Invalid unit_size" });
    },
  );

  it("asks for an amount when neither grams nor units is given", () => {
    expect(gramsOf({})).toEqual({ ok: false, reason: "grams or units is required" });
  });

  it("resolves other unit sizes through the lookup it is given (SKU names)", () => {
    expect(gramsOf({ units: 4, unit_size: "0.5g 6-Pack (Magnetic Box)" }, (s) => (s.includes("6-Pack") ? 3 : null))).toEqual({
      ok: true,
      grams: 12,
    });
  });
});

describe("available grams (rules §5.2 canonical model)", () => {
  it("reproduces the INVG example: 1000 g, 200 g ordered of which 100 g packed, 50 g held → 750 g", () => {
    // Disjoint buckets: 100 g reserved and not yet packed, 100 g packed.
    expect(availableGrams(pkg({ grams_ordered: 100, grams_packed: 100 }), 50)).toBe(750);
  });

  it.each([
    [pkg(), 0, 1000],
    [pkg({ physical_grams_override: 340 }), 0, 340],
    [pkg({ current_grams: 350.2, grams_ordered: 100, grams_packed: 80 }), 0, 170.2],
    [pkg({ current_grams: 100, grams_ordered: 150 }), 0, -50],
  ])("%j with %d g held → %d g", (b, held, expected) => {
    expect(availableGrams(b, held)).toBe(expected);
  });

  it("uses the physical override as effective grams when set", () => {
    expect(effectiveGrams(pkg({ physical_grams_override: 0 }))).toBe(0);
    expect(effectiveGrams(pkg({ physical_grams_override: null }))).toBe(1000);
  });
});

describe("status (rules §5.5)", () => {
  it.each([
    ["active", 10, "active"],
    ["active", 0, "depleted"],
    ["active", -5, "depleted"],
    ["depleted", 0.5, "active"],
    ["archived", 100, "archived"],
    ["orphaned", 0, "orphaned"],
  ] as const)("%s with %d g available → %s", (status, available, expected) => {
    expect(nextStatus(status, available)).toBe(expected);
  });
});

describe("bucket moves (rules §5.4 canonical)", () => {
  it("pack moves grams from ordered to packed and keeps the balance", () => {
    expect(packBuckets(pkg({ grams_ordered: 200 }), 50)).toMatchObject({
      current_grams: 1000,
      grams_ordered: 150,
      grams_packed: 50,
      grams_packed_lifetime: 50,
    });
  });

  it("pack never takes ordered below zero", () => {
    expect(packBuckets(pkg({ grams_ordered: 20 }), 50)).toMatchObject({ grams_ordered: 0, grams_packed: 50 });
  });

  it("complete-order takes from packed first, then ordered (api example 200 → 100 ordered)", () => {
    expect(completeOrderBuckets(pkg({ current_grams: 350.2, grams_ordered: 200 }), 100)).toMatchObject({
      grams_ordered: 100,
      grams_fulfilled: 100,
      current_grams: 250.2,
    });
    expect(completeOrderBuckets(pkg({ grams_ordered: 100, grams_packed: 80 }), 100)).toMatchObject({
      grams_packed: 0,
      grams_ordered: 80,
      grams_fulfilled: 100,
      current_grams: 900,
    });
  });

  it.each([
    [100, 100, true],
    [100, 100.0000000001, true],
    [100, 100.1, false],
  ])("deducting from %d g: %d g allowed? %s", (current, grams, ok) => {
    expect(canDeduct({ current_grams: current }, grams)).toBe(ok);
  });

  it("pack is refused beyond what is on hand and not yet packed", () => {
    expect(canPack(pkg({ current_grams: 100, grams_packed: 60 }), 40)).toBe(true);
    expect(canPack(pkg({ current_grams: 100, grams_packed: 60 }), 41)).toBe(false);
  });

  it("rounds to 4 decimals", () => {
    expect(roundGrams(0.1 + 0.2)).toBe(0.3);
    expect(roundGrams(350.23456)).toBe(350.2346);
  });
});

describe("calculator (rules §5.7)", () => {
  it("reproduces the G = 500 example", () => {
    expect(calculateUnits(500)).toEqual({
      input_grams: 500,
      primary_sizes: { "0.5g_singles": 1000, "1.0g_singles": 500, "0.5g_6pack": 166, "0.5g_12pack": 83 },
      custom_sizes: { "0.7g": 714, "0.8g": 625 },
    });
  });

  it.each([
    [0, 0, 0],
    [2.9, 5, 0],
    [3, 6, 1],
    [6, 12, 2],
  ])("%d g → %d singles, %d six-packs", (grams, singles, sixPacks) => {
    const out = calculateUnits(grams);
    expect(out.primary_sizes["0.5g_singles"]).toBe(singles);
    expect(out.primary_sizes["0.5g_6pack"]).toBe(sixPacks);
  });
});

describe("METRC tags", () => {
  it.each([
    ["1A406030000B1E2000014149", true],
    ["1A4FF0100000022000000123", true],
    ["1A406030000B1E200001414", false],
    ["1A406030000B1E20000141490", false],
    ["1A406030000B1E20000141-9", false],
    ["", false],
  ])("%s → %s", (tag, ok) => {
    expect(isMetrcTag(tag)).toBe(ok);
  });
});
