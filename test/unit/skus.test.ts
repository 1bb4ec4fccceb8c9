import { describe, expect, it } from "vitest";
import { catalogueFromRows, checkCustomSkus, customSkuFrom, effectiveSkus, parseUnitSize, resolveSku } from "../../src/domain/skus";
import { CATALOGUE_ROWS } from "./sku-fixtures";

const catalogue = catalogueFromRows(CATALOGUE_ROWS);

describe("SKU names: canonical keys, display names and aliases (gaps G-SKU-1)", () => {
  it.each([
    ["singles_0_5g", "singles_0_5g"],
    ["0.5g Singles", "singles_0_5g"],
    ["0.5G SINGLES", "singles_0_5g"],
    ["  0.5g  ", "singles_0_5g"],
    ["singles_1g", "singles_1g"],
    ["singles_1_0g", "singles_1g"],
    ["1.0g Singles", "singles_1g"],
    ["magnetic_box_6pk", "magnetic_box_6pk"],
    ["box_0_5g_6pk", "magnetic_box_6pk"],
    ["6-Pack Magnetic Box", "magnetic_box_6pk"],
    ["0.5g 6-Pack (Magnetic Box)", "magnetic_box_6pk"],
    ["12pack", "magnetic_box_12pk"],
    ["box_0_5g_12pk", "magnetic_box_12pk"],
  ])("%s → %s", (name, key) => {
    expect(resolveSku(catalogue, name)?.key).toBe(key);
  });

  it.each([["3-pack"], [""], ["singles"], ["'; DROP TABLE finished_goods; --"]])("%s names no SKU", (name) => {
    expect(resolveSku(catalogue, name)).toBeNull();
  });

  it("a 6-pack weighs 3 g and a 12-pack 6 g", () => {
    expect(resolveSku(catalogue, "magnetic_box_6pk")?.gramsPerUnit).toBe(3);
    expect(resolveSku(catalogue, "magnetic_box_12pk")?.gramsPerUnit).toBe(6);
  });
});

describe("custom SKUs (rules §12.4)", () => {
  it.each([
    [{ unit_size: "0.8g", pack_size: 1, display_name: "0.8g Premium Singles" }, 0.8],
    [{ name: "CannaDart", grams_per_unit: 0.8, pack_size: 1 }, 0.8],
    [{ unit_size: "0.5g", pack_size: 3, name: "3-Pack Sampler" }, 1.5],
    [{ unit_size: "1.0g" }, 1],
  ])("%j weighs %d g per unit", (def, grams) => {
    const verdict = customSkuFrom("custom one", def);
    expect(verdict.ok && verdict.sku.gramsPerUnit).toBe(grams);
  });

  it("is found by key, display name or custom_<slug>", () => {
    const skus = effectiveSkus(catalogue, { "0.8g Premium": { unit_size: "0.8g", pack_size: 1, display_name: "0.8g Premium Singles" } });
    expect(skus).toHaveLength(5);
    for (const name of ["0.8g Premium", "0.8g premium singles", "custom_0_8g_premium"])
      expect(resolveSku(skus, name)?.key).toBe("0.8g Premium");
  });

  it.each([
    [{ bad: { unit_size: "lots" } }, 'Custom SKU "bad" has an invalid unit_size'],
    [{ nothing: { pack_size: 2 } }, 'Custom SKU "nothing" needs grams_per_unit or unit_size'],
    [{ 'quo"te': { unit_size: "1g" } }, 'Invalid custom SKU key "quo"te"'],
    [{ twin: { unit_size: "0.5g", display_name: "0.5g Singles" } }, 'Custom SKU "twin" uses a name that is already taken'],
    [{ "0.5g": { unit_size: "0.5g" } }, 'Custom SKU "0.5g" uses a name that is already taken'],
  ])("refuses %j", (custom, reason) => {
    expect(checkCustomSkus(catalogue, custom)).toEqual({ ok: false, reason });
  });

  it.each([
    ["0.8g", 0.8],
    ["1g", 1],
    ["1.0 g", 1],
    ["0_7", 0.7],
    ["abc", null],
    ["-1g", null],
    ["1e308", null],
  ])("parses unit size %s as %s", (text, grams) => {
    expect(parseUnitSize(text)).toBe(grams);
  });
});
