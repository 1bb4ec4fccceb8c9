import { describe, expect, it } from "vitest";
import {
  type ItemsAnswer,
  isVerified,
  type Line,
  orderProgress,
  type PackageOption,
  packagesFor,
  packerInitials,
  withItem,
} from "../../web/src/pages/packing/model";

const TAG = "1A4000000000000000000011";
const line = (over: Partial<Line>): Line =>
  ({
    id: 1,
    order_id: 9,
    product_name: "MoM - Blue Dream 0.5g Pre-Roll",
    compact_display_name: "Blue Dream 0.5g Pre-Roll",
    store_name: "Green Shop",
    invoice_number: "INV-9",
    order_date: "2026-03-01T00:00:00Z",
    ordered: 10,
    packed: 0,
    needs_packing: 10,
    needs_production: 0,
    is_new: false,
    initials: "",
    notes: "",
    delivery_date: "",
    delivery_notes: "",
    internal_notes: "",
    batch_name: TAG,
    metrc_source: "fifo",
    version: 0,
    verified_tag: "",
    verified_by: "",
    verified_at: null,
    strain: "Blue Dream",
    ...over,
  }) as Line;

describe("orderProgress", () => {
  it.each([
    ["nothing packed", [line({}), line({ id: 2 })], { packedLines: 0, verifiedLines: 0, ready: false }],
    ["packed, not scanned", [line({ packed: 10 }), line({ id: 2, packed: 10 })], { packedLines: 2, verifiedLines: 0, ready: false }],
    [
      "packed and verified",
      [line({ packed: 10, verified_tag: TAG }), line({ id: 2, packed: 10, verified_tag: TAG })],
      { packedLines: 2, verifiedLines: 2, ready: true },
    ],
    ["verified but short", [line({ packed: 9, verified_tag: TAG })], { packedLines: 0, verifiedLines: 1, ready: false }],
  ])("%s", (_name, lines, expected) => {
    expect(orderProgress(lines)).toMatchObject(expected);
  });

  it("counts units packed, never more than ordered", () => {
    expect(orderProgress([line({ ordered: 4, packed: 4 }), line({ id: 2, ordered: 6, packed: 1 })])).toMatchObject({
      units: 10,
      packedUnits: 5,
    });
  });
});

describe("isVerified", () => {
  it("needs the scanned tag to be the line's current package", () => {
    expect(isVerified({ batch_name: TAG, verified_tag: TAG })).toBe(true);
    expect(isVerified({ batch_name: "1A4000000000000000000022", verified_tag: TAG })).toBe(false);
    expect(isVerified({ batch_name: "", verified_tag: "" })).toBe(false);
  });
});

describe("packagesFor", () => {
  const pkg = (metrc: string, strain: string, grams: number, created: string): PackageOption => ({
    metrc_number: metrc,
    strain,
    available_grams: grams,
    created_date: created,
    status: "active",
  });
  const packages = [
    pkg("B", "Blue Dream", 100, "2026-02-01"),
    pkg("A", "blue  dream", 3, "2026-01-01"),
    pkg("C", "OG Kush", 500, "2025-12-01"),
    { ...pkg("D", "Blue Dream", 900, "2025-01-01"), status: "depleted" },
  ];

  it("lists the strain's active packages oldest first and suggests the oldest holding enough (FIFO)", () => {
    const { options, suggested } = packagesFor(line({}), packages, 5);
    expect(options.map((p) => p.metrc_number)).toEqual(["A", "B"]);
    expect(suggested).toBe("B");
  });

  it("suggests the oldest when none holds enough", () => {
    expect(packagesFor(line({}), packages, 1000).suggested).toBe("A");
  });
});

describe("withItem", () => {
  it("replaces one line by id and leaves the others", () => {
    const data = {
      view: "by_store",
      filter: "active",
      generated_at: "",
      count: 2,
      stores: [
        {
          store_name: "Green Shop",
          ordered: 0,
          packed: 0,
          needs_packing: 0,
          needs_production: 0,
          orders: [
            {
              order_id: 9,
              invoice_number: "INV-9",
              is_new: false,
              fully_packed: false,
              ordered: 0,
              packed: 0,
              needs_packing: 0,
              needs_production: 0,
              items: [line({}), line({ id: 2 })],
            },
          ],
        },
      ],
    } as ItemsAnswer;
    const next = withItem(data, line({ id: 2, packed: 7 }));
    expect(next.stores?.[0]?.orders[0]?.items.map((l) => l.packed)).toEqual([0, 7]);
  });
});

describe("packerInitials", () => {
  const named = { id: "u-7", initials: "JD" };
  it("a named person signed in packs as themselves, whatever was typed on the device", () => {
    expect(packerInitials(named, "XX")).toEqual({ initials: "JD", fixed: true });
  });
  it("the shared admin password and a key-only page use the initials typed on this device", () => {
    expect(packerInitials({ id: "admin", initials: "ADM" }, "KL")).toEqual({ initials: "KL", fixed: false });
    expect(packerInitials(null, "KL")).toEqual({ initials: "KL", fixed: false });
    expect(packerInitials(undefined, "")).toEqual({ initials: "", fixed: false });
  });
});
