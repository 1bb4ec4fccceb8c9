import { describe, expect, it } from "vitest";
import { decodeHtmlEntities, normalizeStrain, parseProductName } from "../../src/domain/product-name";

type Row = [name: string, strain: string, size: number | null, pack: number, type: string, sku: string | null, preRoll: boolean];

// rules §18.2 worked example first, then the shapes seen in Apex catalogues and odd ones.
const NAMES: Row[] = [
  ["MoM - Blue Dream Infused 0.8g CannaDart 6-Pack", "Blue Dream Infused", 0.8, 6, "cannadart", "custom_cannadart_0_8g_6pk", true],
  ["MoM - Blue Dream 0.5g Pre-Roll 6-Pack", "Blue Dream", 0.5, 6, "pre_roll", "magnetic_box_6pk", true],
  ["MoM - Blue Dream 0.5g Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 1g Pre-Roll", "Blue Dream", 1, 1, "pre_roll", "singles_1g", true],
  ["MoM - OG Kush 1.0g Pre-Roll", "OG Kush", 1, 1, "pre_roll", "singles_1g", true],
  ["MoM - Gelato 0.5g Magnetic Box 12-Pack", "Gelato", 0.5, 12, "magnetic_box", "magnetic_box_12pk", true],
  ["MoM - Gelato 0.5g Mag Box 6pk", "Gelato", 0.5, 6, "magnetic_box", "magnetic_box_6pk", true],
  ["MoM - Wedding Cake 1g Cocoa Blunt", "Wedding Cake", 1, 1, "cocoa_blunt", "custom_cocoa_blunt_1_0g", true],
  ["MoM - Wedding Cake Cocoa Blunt 1g", "Wedding Cake", 1, 1, "cocoa_blunt", "custom_cocoa_blunt_1_0g", true],
  ["MoM - Sour Diesel 0.8g CannaDart", "Sour Diesel", 0.8, 1, "cannadart", "custom_cannadart_0_8g", true],
  ["MoM - Sour Diesel 0.8g Canna Dart 6 Pack", "Sour Diesel", 0.8, 6, "cannadart", "custom_cannadart_0_8g_6pk", true],
  ["MoM-Runtz 0.7g Pre-Roll", "Runtz", 0.7, 1, "pre_roll", "custom_pre_roll_0_7g", true],
  ["MoM – Runtz 0.7g Pre-Roll", "Runtz", 0.7, 1, "pre_roll", "custom_pre_roll_0_7g", true],
  ["mom - runtz 0.7g preroll", "runtz", 0.7, 1, "pre_roll", "custom_pre_roll_0_7g", true],
  ["Blue Dream 0.5g Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream .5g Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 0,5g Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 0.5 g Pre Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 0.5grams Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 0.5g Pre-Roll 12 pk", "Blue Dream", 0.5, 12, "pre_roll", "magnetic_box_12pk", true],
  ["MoM - Blue Dream 0.5g Pre-Roll Pack of 6", "Blue Dream", 0.5, 6, "pre_roll", "magnetic_box_6pk", true],
  ["MoM - Blue Dream 6 x 0.5g Pre-Rolls", "Blue Dream", 0.5, 6, "pre_roll", "magnetic_box_6pk", true],
  ["MoM - 12 Pack Blue Dream 0.5g", "Blue Dream", 0.5, 12, "pre_roll", "magnetic_box_12pk", true],
  ["MoM - 0.5g Blue Dream Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Gelato #41 0.5g Pre-Roll", "Gelato #41", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Gelato 33 0.5g Pre-Roll", "Gelato 33", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Mac &amp; Cheese 0.5g Pre-Roll", "Mac & Cheese", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Girl Scout Cookies &#39;GSC&#39; 1g Pre-Roll", "Girl Scout Cookies 'GSC'", 1, 1, "pre_roll", "singles_1g", true],
  ["MoM - Blue&nbsp;Dream 0.5g Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Hash Infused Pre-Roll 1g", "Hash Infused", 1, 1, "pre_roll", "singles_1g", true],
  ["MoM - Live Resin Infused 1g Pre-Roll 2-Pack", "Live Resin Infused", 1, 2, "pre_roll", "custom_pre_roll_1_0g_2pk", true],
  ["MoM - Blue Dream (Indica) 0.5g Pre-Roll", "Blue Dream Indica", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream | 0.5g | Pre-Roll", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 1g Joint", "Blue Dream", 1, 1, "pre_roll", "singles_1g", true],
  ["MoM - Blue Dream 1g", "Blue Dream", 1, 1, "pre_roll", "singles_1g", true],
  ["MoM - Blue Dream 2g Blunt", "Blue Dream", 2, 1, "pre_roll", "custom_pre_roll_2_0g", true],
  ["MoM - Ice Cream Cake 1.5g Pre-Roll", "Ice Cream Cake", 1.5, 1, "pre_roll", "custom_pre_roll_1_5g", true],
  ["  MoM  -   Blue    Dream   0.5g   Pre-Roll  ", "Blue Dream", 0.5, 1, "pre_roll", "singles_0_5g", true],
  ["MoM - Blue Dream 3.5g", "Blue Dream", 3.5, 1, "pre_roll", "custom_pre_roll_3_5g", false],
  ["MoM - Blue Dream 3.5g Flower", "Blue Dream", 3.5, 1, "pre_roll", "custom_pre_roll_3_5g", false],
  ["MoM - OG Kush 1g Vape Cart", "OG Kush", 1, 1, "pre_roll", "singles_1g", false],
  ["MoM - OG Kush 0.5g Disposable", "OG Kush", 0.5, 1, "pre_roll", "singles_0_5g", false],
  ["MoM - Blue Dream 1g Live Rosin", "Blue Dream", 1, 1, "pre_roll", "singles_1g", false],
  ["MoM - Blue Dream Gummies 100mg", "Blue Dream Gummies 100mg", null, 1, "pre_roll", null, false],
  ["3rd Party Products - 3rd Party Products", "3rd Party Products - 3rd Party Products", null, 1, "pre_roll", null, false],
  ["Delivery Fee", "Delivery Fee", null, 1, "pre_roll", null, false],
  ["", "", null, 1, "pre_roll", null, false],
  ["MoM - 0.5g Pre-Roll", "", 0.5, 1, "pre_roll", "singles_0_5g", false],
  ["MoM - 東京 Kush 0.5g Pre-Roll", "東京 Kush", 0.5, 1, "pre_roll", "singles_0_5g", true],
  [
    "MoM - Blue Dream'; DROP TABLE packing_items;-- 0.5g Pre-Roll",
    "Blue Dream'; DROP TABLE packing_items;",
    0.5,
    1,
    "pre_roll",
    "singles_0_5g",
    true,
  ],
];

describe("parseProductName", () => {
  it.each(NAMES)("%j", (name, strain, size, pack, type, sku, preRoll) => {
    const parsed = parseProductName(name);
    expect(parsed.strain).toBe(strain);
    expect(parsed.unitSizeGrams).toBe(size);
    expect(parsed.packCount).toBe(pack);
    expect(parsed.productType).toBe(type);
    expect(parsed.skuKey).toBe(sku);
    expect(parsed.isPreRoll).toBe(preRoll);
  });

  it("has at least 40 names in its table", () => {
    expect(NAMES.length).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ["MoM - Blue Dream Infused 0.8g CannaDart 6-Pack", 4.8, "Blue Dream Infused 0.8g CannaDart 6pk"],
    ["MoM - Blue Dream 0.5g Pre-Roll 6-Pack", 3, "Blue Dream 0.5g Pre-Roll 6pk"],
    ["MoM - Gelato 0.5g Magnetic Box 12-Pack", 6, "Gelato 0.5g Magnetic Box 12pk"],
    ["MoM - Wedding Cake 1g Cocoa Blunt", 1, "Wedding Cake 1g Cocoa Blunt"],
    ["MoM - Runtz 0.7g Pre-Roll", 0.7, "Runtz 0.7g Pre-Roll"],
  ])("grams per unit and compact name of %j", (name, grams, compact) => {
    const parsed = parseProductName(name);
    expect(parsed.gramsPerUnit).toBe(grams);
    expect(parsed.compactDisplayName).toBe(compact);
  });

  it("never throws on a 2 MB name", () => {
    const parsed = parseProductName(`MoM - ${"x".repeat(2_000_000)} 0.5g Pre-Roll`);
    expect(parsed.unitSizeGrams).toBe(0.5);
  });
});

describe("normalizeStrain", () => {
  it.each([
    ["Blue Dream", "blue dream"],
    ["  blue   DREAM ", "blue dream"],
    ["Mac &amp; Cheese", "mac and cheese"],
    ["Mac & Cheese", "mac and cheese"],
    ["Gelato #41", "gelato 41"],
    ["Girl Scout Cookies 'GSC'", "girl scout cookies gsc"],
  ])("%j → %j", (input, expected) => {
    expect(normalizeStrain(input)).toBe(expected);
  });
});

describe("decodeHtmlEntities", () => {
  it.each([
    ["a &amp; b", "a & b"],
    ["&#39;x&#x27;", "'x'"],
    ["&unknown;", "&unknown;"],
    ["&#0;", "&#0;"],
    ["&#99999999;", "&#99999999;"],
  ])("%j → %j", (input, expected) => {
    expect(decodeHtmlEntities(input)).toBe(expected);
  });
});
