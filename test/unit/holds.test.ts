import { describe, expect, it } from "vitest";
import { checkHold, shortfallMessage, summarizeHolds } from "../../src/domain/holds";

describe("holds (rules §13)", () => {
  it("words the shortfall as documented", () => {
    expect(shortfallMessage(650, 700)).toBe("Only 650 units available (requested 700)");
  });

  it.each([
    [650, 650, { ok: true }],
    [650, 651, { ok: false, reason: "Only 650 units available (requested 651)" }],
    [0, 1, { ok: false, reason: "Only 0 units available (requested 1)" }],
    [10, 0, { ok: false, reason: "Quantity must be positive" }],
    [10, -3, { ok: false, reason: "Quantity must be positive" }],
  ])("%d free, %d asked → %j", (free, quantity, verdict) => {
    expect(checkHold(free, quantity)).toEqual(verdict);
  });

  it("stacks holds per package and SKU", () => {
    const out = summarizeHolds([
      { metrc_number: "A", sku_key: "singles_0_5g", sku_name: "0.5g Singles", units: 30, grams: 15 },
      { metrc_number: "A", sku_key: "singles_0_5g", sku_name: "0.5g Singles", units: 20, grams: 10 },
      { metrc_number: "A", sku_key: "singles_1g", sku_name: "1.0g Singles", units: 30, grams: 30 },
      { metrc_number: "B", sku_key: "magnetic_box_6pk", sku_name: "0.5g 6-Pack (Magnetic Box)", units: 2, grams: 6 },
    ]);
    expect(out.get("A")).toEqual({
      bySku: { singles_0_5g: 50, singles_1g: 30 },
      byName: { "0.5g Singles": 50, "1.0g Singles": 30 },
      grams: 55,
    });
    expect(out.get("B")?.grams).toBe(6);
  });
});
