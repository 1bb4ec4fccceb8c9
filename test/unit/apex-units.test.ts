import { describe, expect, it } from "vitest";
import {
  apexCalculation,
  computeSkuUnits,
  normalizeSkuSettings,
  parseSkuSettings,
  settingsFor,
  type UnitsInput,
  unitsByKey,
} from "../../src/domain/apex-units";
import { type PackageRow, packageFigures } from "../../src/domain/package-view";
import { effectiveSkus } from "../../src/domain/skus";
import { CATALOGUE } from "./sku-fixtures";

const input = (over: Partial<UnitsInput> = {}): UnitsInput => ({
  isLive: true,
  preHoldGrams: 350.2,
  heldGrams: 0,
  heldBySku: {},
  settings: {},
  ...over,
});
const units = (over: Partial<UnitsInput> = {}) => unitsByKey(computeSkuUnits(CATALOGUE, input(over)));

describe("units per SKU from available grams (rules §12.2, overlapping pool)", () => {
  it("every SKU draws on the whole pool: 6-pack = 3 g, 12-pack = 6 g", () => {
    expect(units()).toEqual({ singles_0_5g: 700, singles_1g: 350, magnetic_box_6pk: 116, magnetic_box_12pk: 58 });
  });

  it.each([
    [0, { singles_0_5g: 0, singles_1g: 0, magnetic_box_6pk: 0, magnetic_box_12pk: 0 }],
    [-20, { singles_0_5g: 0, singles_1g: 0, magnetic_box_6pk: 0, magnetic_box_12pk: 0 }],
    [6, { singles_0_5g: 12, singles_1g: 6, magnetic_box_6pk: 2, magnetic_box_12pk: 1 }],
    [5.99, { singles_0_5g: 11, singles_1g: 5, magnetic_box_6pk: 1, magnetic_box_12pk: 0 }],
  ])("%d g → %j", (grams, expected) => {
    expect(units({ preHoldGrams: grams })).toEqual(expected);
  });

  it("holds of a SKU lower it by the held units: 700 − 50 = 650 (api.md §5 example)", () => {
    const rows = computeSkuUnits(CATALOGUE, input({ heldGrams: 25, heldBySku: { singles_0_5g: 50 } }));
    const singles = rows.find((r) => r.sku.key === "singles_0_5g");
    expect(singles).toMatchObject({ unitsBeforeHolds: 700, units: 650, held: 50 });
  });

  it("held grams come out of the shared pool, so other SKUs drop too", () => {
    // 50 × 0.5 g held = 25 g: 325.2 g left for everything else.
    expect(units({ heldGrams: 25, heldBySku: { singles_0_5g: 50 } })).toEqual({
      singles_0_5g: 650,
      singles_1g: 325,
      magnetic_box_6pk: 108,
      magnetic_box_12pk: 54,
    });
  });

  it("excluded SKUs show 0", () => {
    expect(units({ settings: { singles_1g: { excluded: true, manual_units: null } } }).singles_1g).toBe(0);
  });

  it("all SKUs excluded → 0 everywhere", () => {
    const all = Object.fromEntries(CATALOGUE.map((s) => [s.key, { excluded: true, manual_units: null }]));
    expect(Object.values(units({ settings: all }))).toEqual([0, 0, 0, 0]);
  });

  it("manual units override the grams, minus that SKU's holds", () => {
    const settings = { magnetic_box_6pk: { excluded: false, manual_units: 120 } };
    expect(units({ settings }).magnetic_box_6pk).toBe(120);
    expect(units({ settings, heldBySku: { magnetic_box_6pk: 20 }, heldGrams: 60 }).magnetic_box_6pk).toBe(100);
    expect(units({ settings, heldBySku: { magnetic_box_6pk: 500 }, heldGrams: 1500 }).magnetic_box_6pk).toBe(0);
  });

  it("excluded wins over manual units", () => {
    expect(units({ settings: { singles_1g: { excluded: true, manual_units: 40 } } }).singles_1g).toBe(0);
  });

  it("archived and orphaned packages contribute 0", () => {
    expect(Object.values(units({ isLive: false }))).toEqual([0, 0, 0, 0]);
  });

  it("custom SKUs get units from their own grams per unit", () => {
    const skus = effectiveSkus(CATALOGUE, { "0.8g Premium": { unit_size: "0.8g", pack_size: 1 } });
    expect(unitsByKey(computeSkuUnits(skus, input({ preHoldGrams: 100 })))["0.8g Premium"]).toBe(125);
  });
});

describe("apex-calculate answer", () => {
  it("reports grams used per SKU on its own and the largest as allocated", () => {
    const out = apexCalculation(
      computeSkuUnits(CATALOGUE, input({ settings: { magnetic_box_6pk: { excluded: true, manual_units: null } } })),
      350.2,
    );
    expect(out.calculated_units["0.5g Singles"]).toMatchObject({ units: 700, grams_used: 350, excluded: false });
    expect(out.calculated_units["0.5g 6-Pack (Magnetic Box)"]).toMatchObject({ units: 0, grams_used: 0, excluded: true });
    expect(out.total_grams_allocated).toBe(350);
    expect(out.remaining_grams).toBe(0.2);
  });
});

describe("SKU settings", () => {
  it("re-keys any spelling to canonical keys", () => {
    expect(normalizeSkuSettings(CATALOGUE, { "0.5g Singles": { excluded: true }, box_0_5g_6pk: { manual_units: 5 } })).toEqual({
      ok: true,
      settings: { singles_0_5g: { excluded: true, manual_units: null }, magnetic_box_6pk: { excluded: false, manual_units: 5 } },
    });
  });

  it("refuses unknown SKUs", () => {
    expect(normalizeSkuSettings(CATALOGUE, { "2g Jumbo": { excluded: true } })).toEqual({ ok: false, reason: "Unknown SKU: 2g Jumbo" });
  });

  it("reads stored settings leniently", () => {
    expect(parseSkuSettings({ a: { excluded: true, manual_units: -3 }, b: "junk", c: { manual_units: 7 } })).toEqual({
      a: { excluded: true, manual_units: null },
      c: { excluded: false, manual_units: 7 },
    });
    expect(parseSkuSettings(null)).toEqual({});
    expect(parseSkuSettings({ a: { excluded: 1, manual_units: 2.5 }, b: [1], c: { manual_units: "7" } })).toEqual({
      a: { excluded: false, manual_units: null },
      c: { excluded: false, manual_units: null },
    });
  });

  it("finds an imported setting named by display name in any case, but an entry under the exact key wins", () => {
    const name = CATALOGUE[0]?.displayName as string;
    const key = CATALOGUE[0]?.key as string;
    expect(settingsFor(CATALOGUE, { [` ${name.toUpperCase()} `]: { excluded: true } })).toEqual({
      [key]: { excluded: true, manual_units: null },
    });
    expect(settingsFor(CATALOGUE, { [key]: { manual_units: 4 }, [name]: { excluded: true } })).toEqual({
      [key]: { excluded: false, manual_units: 4 },
    });
    expect(
      settingsFor(CATALOGUE, { [name]: { manual_units: 1 }, [name.toLowerCase()]: { manual_units: 2 }, nope: { excluded: true } }),
    ).toEqual({ [key]: { excluded: false, manual_units: 2 } });
  });
});

describe("package figures", () => {
  const row: PackageRow = {
    metrc_number: "1A406030000B1E2000014149",
    strain: "Blue Dream",
    initial_grams: 1000,
    current_grams: 1000,
    status: "active",
    created_date: null,
    updated_date: null,
    notes: null,
    source_batch_id: null,
    grams_ordered: 100,
    grams_packed: 100,
    grams_packed_lifetime: 100,
    grams_fulfilled: 0,
    sku_breakdown: null,
    apex_auto_inventory: 1,
    apex_units: null,
    apex_sku_settings: '{"0.5g Singles":{"excluded":true}}',
    custom_skus: null,
    physical_grams_override: null,
  };

  it("INVG example: 750 g available, and units from the grams left after holds", () => {
    const figures = packageFigures(CATALOGUE, row, { bySku: { singles_1g: 50 }, byName: { "1.0g Singles": 50 }, grams: 50 });
    expect(figures.available).toBe(750);
    expect(unitsByKey(figures.units)).toEqual({ singles_0_5g: 0, singles_1g: 750, magnetic_box_6pk: 250, magnetic_box_12pk: 125 });
  });
});
