import { describe, expect, it } from "vitest";
import type { Filters, Pkg } from "../../web/src/pages/finished-goods/model";
import { filterPackages, indexPackages, orderFigures, shortMetrc, usage } from "../../web/src/pages/finished-goods/model";
import { type InventoryReport, rowOfError, stockCsvRows } from "../../web/src/pages/inventory/model";
import { gramsPerUnit } from "../../web/src/pages/wholesale/model";

/** Pure rules of the finished-goods, wholesale and paper-inventory pages. */

const pkg = (over: Partial<Pkg>): Pkg =>
  ({
    metrc_number: "1A4060300000B1E000001111",
    strain: "Blue Dream",
    status: "active",
    initial_grams: 1015,
    current_grams: 516,
    effective_grams: 516,
    grams_ordered: 100,
    grams_packed: 80,
    held_grams: 15,
    available_grams: 321,
    ...over,
  }) as Pkg;

const list = [
  pkg({}),
  pkg({ metrc_number: "1A4060300000B1E000002222", strain: "OG Kush", status: "depleted" }),
  pkg({ metrc_number: "1A4060300000B1E000003333", strain: "Sour Diesel", status: "archived" }),
  pkg({ metrc_number: "1A4060300000B1E000004444", strain: "Blue Zushi", status: "orphaned" }),
];
const all: Filters = { search: "", status: "all", showArchived: false, strain: "" };
const tags = (f: Partial<Filters>) => filterPackages(indexPackages(list), { ...all, ...f }).map((p) => p.metrc_number.slice(-4));

describe("finished goods filters", () => {
  it("hides archived and orphaned packages unless asked, or unless their status is chosen", () => {
    expect(tags({})).toEqual(["1111", "2222"]);
    expect(tags({ showArchived: true })).toEqual(["1111", "2222", "3333", "4444"]);
    expect(tags({ status: "orphaned" })).toEqual(["4444"]);
    expect(tags({ status: "depleted", showArchived: true })).toEqual(["2222"]);
  });

  it("searches a full or partial METRC tag or the strain, ignoring case, and filters by strain", () => {
    expect(tags({ search: "2222" })).toEqual(["2222"]);
    expect(tags({ search: "1a4060300000b1e000001111" })).toEqual(["1111"]);
    expect(tags({ search: "  blue ", showArchived: true })).toEqual(["1111", "4444"]);
    expect(tags({ strain: "OG Kush" })).toEqual(["2222"]);
    expect(tags({ search: "nothing" })).toEqual([]);
  });
});

describe("package figures", () => {
  it("shows used out of total with a band from green to red, from the effective balance", () => {
    const u = usage(pkg({}));
    expect(u.used).toBe(499);
    expect(u.total).toBe(1015);
    expect(u.pct).toBeCloseTo(49.16, 2);
    expect(u.band).toBe("green");
    expect(usage(pkg({ effective_grams: 400 })).band).toBe("orange");
    expect(usage(pkg({ effective_grams: 100 })).band).toBe("red");
    // More than the initial weight after an add: nothing used, never a negative figure.
    expect(usage(pkg({ effective_grams: 1200 }))).toMatchObject({ used: 0, total: 1200, pct: 0 });
  });

  it("tracks orders as disjoint buckets: reserved is awaiting packing plus packed", () => {
    expect(orderFigures(pkg({}))).toEqual({ reserved: 180, packed: 80, awaiting: 100, holding: 15, afterOrders: 321 });
    expect(shortMetrc("1A4060300000B1E000014149")).toBe("14149");
  });
});

describe("wholesale and inventory rules", () => {
  it("derives a SKU's grams per unit from its unit size and pack size", () => {
    expect(gramsPerUnit({ unit_size: "0.5g", pack_size: 6 })).toBe(3);
    expect(gramsPerUnit({ unit_size: "1.0g" })).toBe(1);
    expect(gramsPerUnit({ unit_size: "lots" })).toBeNull();
    expect(gramsPerUnit(undefined)).toBeNull();
  });

  it("finds the row a CSV refusal names, and exports stock in the upload's own columns", () => {
    expect(rowOfError('Row 3, column boxes: expected a whole number from 0 to 1000000, got "lots"')).toBe(3);
    expect(rowOfError("The CSV has no inventory rows")).toBeNull();
    const report = {
      inventory: {
        current_boxes: { "0_5": 10, "0_7": 2, "1_0": 0 },
        individual_papers: { "0_5": 5, "0_7": 0, "1_0": 7 },
        alert_thresholds: { "0_5": 5, "0_7": 5, "1_0": 3 },
      },
    } as unknown as InventoryReport;
    expect(stockCsvRows(report)).toEqual([
      ["0_5", 10, 5, 5],
      ["0_7", 2, 0, 5],
      ["1_0", 0, 7, 3],
    ]);
  });
});
