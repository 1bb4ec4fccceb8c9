import { describe, expect, it } from "vitest";
import {
  buildBatchMap,
  chooseMetrc,
  type PushPackage,
  planPush,
  pushTargets,
  strainSkuKey,
  suggestPackage,
  unitsForTargets,
} from "../../src/domain/batch-mapping";
import { catalogueFromRows } from "../../src/domain/skus";

const DEFAULTS = catalogueFromRows([
  {
    sku_key: "singles_0_5g",
    display_name: "0.5g Singles",
    unit_size_grams: 0.5,
    pack_size: 1,
    grams_per_unit: 0.5,
    aliases: null,
    sort_order: 1,
  },
  {
    sku_key: "singles_1g",
    display_name: "1.0g Singles",
    unit_size_grams: 1,
    pack_size: 1,
    grams_per_unit: 1,
    aliases: null,
    sort_order: 2,
  },
  {
    sku_key: "magnetic_box_6pk",
    display_name: "0.5g 6-Pack (Magnetic Box)",
    unit_size_grams: 0.5,
    pack_size: 6,
    grams_per_unit: 3,
    aliases: null,
    sort_order: 3,
  },
  {
    sku_key: "magnetic_box_12pk",
    display_name: "0.5g 12-Pack (Magnetic Box)",
    unit_size_grams: 0.5,
    pack_size: 12,
    grams_per_unit: 6,
    aliases: null,
    sort_order: 4,
  },
]);

describe("buildBatchMap (rules §17.3)", () => {
  it("maps live batches of pre-roll products by strain and SKU; skips others", () => {
    const { entries, skipped } = buildBatchMap([
      {
        id: 1,
        name: "MoM - Blue Dream 0.5g Pre-Roll 6-Pack",
        batches: [
          { id: 10, archived: false },
          { id: 11, archived: true },
        ],
      },
      { id: 2, name: "MoM - Blue Dream Infused 0.8g CannaDart", batches: [{ id: 20, archived: false }] },
      { id: 3, name: "MoM - Blue Dream 3.5g Flower", batches: [{ id: 30, archived: false }] },
      { id: 4, name: "MoM - Gelato 1g Pre-Roll" },
    ]);
    expect(entries).toEqual([
      {
        apex_batch_id: 10,
        product_id: 1,
        product_name: "MoM - Blue Dream 0.5g Pre-Roll 6-Pack",
        strain_normalized: "blue dream",
        sku_key: "magnetic_box_6pk",
        grams_per_unit: 3,
        pack_count: 6,
      },
      {
        apex_batch_id: 20,
        product_id: 2,
        product_name: "MoM - Blue Dream Infused 0.8g CannaDart",
        strain_normalized: "blue dream infused",
        sku_key: "custom_cannadart_0_8g",
        grams_per_unit: 0.8,
        pack_count: 1,
      },
    ]);
    expect(skipped).toEqual(["MoM - Blue Dream 3.5g Flower"]);
  });

  it("pushes to the newest batch of each (strain, SKU)", () => {
    const targets = pushTargets([
      { apex_batch_id: 5, strain_normalized: "a", sku_key: "s" },
      { apex_batch_id: 9, strain_normalized: "a", sku_key: "s" },
      { apex_batch_id: 7, strain_normalized: "a", sku_key: "t" },
    ]);
    expect(targets.map((t) => t.apex_batch_id)).toEqual([7, 9]);
  });
});

describe("planPush (only changed quantities, rules §17.4)", () => {
  const targets = [
    { apex_batch_id: 1, strain_normalized: "a", sku_key: "s", last_quantity_sent: 10 },
    { apex_batch_id: 2, strain_normalized: "a", sku_key: "t", last_quantity_sent: null },
    { apex_batch_id: 3, strain_normalized: "b", sku_key: "s", last_quantity_sent: 4 },
    { apex_batch_id: 4, strain_normalized: "c", sku_key: "s", last_quantity_sent: 4 },
  ];
  it("sends what differs, never negative, and leaves batches nobody speaks for alone", () => {
    const units = new Map([
      [strainSkuKey("a", "s"), 10],
      [strainSkuKey("a", "t"), 0],
      [strainSkuKey("b", "s"), -3],
    ]);
    expect(planPush(targets, units)).toEqual([
      { apex_batch_id: 2, quantity: 0 },
      { apex_batch_id: 3, quantity: 0 },
    ]);
  });
});

describe("unitsForTargets (rules §12.2 per package, summed per strain)", () => {
  const pkg = (over: Partial<PushPackage>): PushPackage => ({
    metrc_number: "M1",
    strain: "Blue Dream",
    status: "active",
    current_grams: 100,
    physical_grams_override: null,
    grams_ordered: 0,
    grams_packed: 0,
    apex_sku_settings: null,
    custom_skus: null,
    ...over,
  });
  const target = (sku_key: string, grams_per_unit: number, pack_count = 1) => ({
    strain_normalized: "blue dream",
    sku_key,
    grams_per_unit,
    pack_count,
  });
  const targets = [target("singles_0_5g", 0.5), target("magnetic_box_6pk", 3, 6), target("custom_cannadart_0_8g", 0.8)];

  it.each([
    ["one package", [pkg({})], [], { singles_0_5g: 200, magnetic_box_6pk: 33 }],
    [
      "two packages sum their own units",
      [pkg({}), pkg({ metrc_number: "M2", current_grams: 50 })],
      [],
      { singles_0_5g: 300, magnetic_box_6pk: 49 },
    ],
    ["orders and packing reduce units", [pkg({ grams_ordered: 20, grams_packed: 10 })], [], { singles_0_5g: 140, magnetic_box_6pk: 23 }],
    ["physical override wins", [pkg({ physical_grams_override: 30 })], [], { singles_0_5g: 60, magnetic_box_6pk: 10 }],
    [
      "holds take grams from every SKU",
      [pkg({})],
      [{ metrc_number: "M1", sku_key: "singles_0_5g", units: 20, grams: 10 }],
      { singles_0_5g: 180, magnetic_box_6pk: 30 },
    ],
    ["archived packages count 0", [pkg({ status: "archived" })], [], { singles_0_5g: 0, magnetic_box_6pk: 0 }],
    [
      "excluded SKU is 0",
      [pkg({ apex_sku_settings: '{"magnetic_box_6pk":{"excluded":true}}' })],
      [],
      { singles_0_5g: 200, magnetic_box_6pk: 0 },
    ],
    [
      "manual units override",
      [pkg({ apex_sku_settings: '{"singles_0_5g":{"manual_units":7}}' })],
      [],
      { singles_0_5g: 7, magnetic_box_6pk: 33 },
    ],
    [
      "a custom SKU counts when the package has it",
      [pkg({ custom_skus: '{"cannadart_0_8g":{"name":"CannaDart","grams_per_unit":0.8,"pack_size":1}}' })],
      [],
      { singles_0_5g: 200, magnetic_box_6pk: 33, custom_cannadart_0_8g: 125 },
    ],
    ["other strains are ignored", [pkg({ strain: "OG Kush" })], [], {}],
  ])("%s", (_label, packages, holds, expected) => {
    const out = unitsForTargets(packages, holds, DEFAULTS, targets);
    const got = Object.fromEntries([...out].map(([k, v]) => [k.split("\u0000")[1], v]));
    expect(got).toEqual(expected);
  });
});

describe("line → METRC package (gaps G-PACK-1, rules §18.4)", () => {
  const packages = [
    { metrc_number: "B", strain_key: "blue dream", created_date: "2026-02-01", available_grams: 500 },
    { metrc_number: "A", strain_key: "blue dream", created_date: "2026-01-01", available_grams: 5 },
    { metrc_number: "C", strain_key: "og kush", created_date: "2025-12-01", available_grams: 500 },
  ];
  it.each([
    ["the oldest package with enough grams", "blue dream", 4, "A"],
    ["skips an older package that is short", "blue dream", 10, "B"],
    ["falls back to the oldest when none has enough", "blue dream", 1000, "A"],
    ["none for an unknown strain", "gelato", 1, null],
    ["none for an empty strain", "", 1, null],
  ])("%s", (_label, strain, grams, expected) => {
    expect(suggestPackage(packages, strain, grams)).toBe(expected);
  });

  it.each([
    ["1A4000000000000000000001", "B", { batch_name: "1A4000000000000000000001", metrc_source: "apex" }],
    ["  ", "B", { batch_name: "B", metrc_source: "fifo" }],
    [null, null, { batch_name: "", metrc_source: "" }],
  ])("Apex label %j, suggestion %j", (label, suggestion, choice) => {
    expect(chooseMetrc(label, suggestion)).toEqual(choice);
  });
});
