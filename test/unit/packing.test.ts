import { describe, expect, it } from "vitest";
import { toCsv } from "../../src/domain/csv";
import { type IntakeOrder, nextCursor, toPackingLines, windowStart } from "../../src/domain/order-intake";
import {
  assignNeedsProduction,
  checkCompletion,
  checkPacked,
  DEFAULT_PACKING_SETTINGS,
  groupByProduct,
  groupByStore,
  inDateRange,
  isExcludedProduct,
  isNewOrder,
  isSyncDue,
  needsPacking,
  newnessValidUntil,
  statusMatches,
  type ViewLine,
} from "../../src/domain/packing";
import { summarizeRuns } from "../../src/domain/sync-status";

const NOW = new Date("2026-03-02T12:00:00.000Z");

describe("isNewOrder (is_new: placed less than 24 h ago)", () => {
  it.each([
    ["2026-03-02T11:00:00.000Z", true],
    ["2026-03-01T12:00:00.001Z", true],
    ["2026-03-01T12:00:00.000Z", false],
    ["2026-02-20T12:00:00.000Z", false],
    ["2026-03-02T13:00:00.000Z", false],
    ["not a date", false],
  ])("%s → %s", (date, expected) => {
    expect(isNewOrder(date, NOW)).toBe(expected);
  });
});

describe("newnessValidUntil (how long a cached list's is_new flags hold)", () => {
  const at = (iso: string) => Date.parse(iso);
  it("is the moment the oldest new order turns 24 h old", () => {
    const dates = ["2026-03-02T11:00:00.000Z", "2026-03-01T15:00:00.000Z", "2026-02-20T12:00:00.000Z"];
    expect(newnessValidUntil(dates, NOW)).toBe(at("2026-03-02T15:00:00.000Z"));
  });
  it("is when a future-dated order becomes new, if that comes first", () => {
    const dates = ["2026-03-02T11:00:00.000Z", "2026-03-02T12:30:00.000Z"];
    expect(newnessValidUntil(dates, NOW)).toBe(at("2026-03-02T12:30:00.000Z"));
  });
  it("never ends when no order is new or will be (old and unreadable dates)", () => {
    expect(newnessValidUntil(["2026-02-20T12:00:00.000Z", "2026-03-01T12:00:00.000Z", "not a date"], NOW)).toBe(Number.POSITIVE_INFINITY);
  });
  it("agrees with isNewOrder just before and at the instant it names", () => {
    const dates = ["2026-03-01T20:15:00.000Z", "2026-03-02T09:00:00.000Z"];
    const until = newnessValidUntil(dates, NOW);
    const before = new Date(until - 1);
    expect(dates.map((d) => isNewOrder(d, before))).toEqual(dates.map((d) => isNewOrder(d, NOW)));
    expect(dates.map((d) => isNewOrder(d, new Date(until)))).not.toEqual(dates.map((d) => isNewOrder(d, NOW)));
  });
});

describe("isSyncDue (the packing settings' poll interval, less 10 s of cron jitter)", () => {
  const ago = (s: number) => new Date(NOW.getTime() - s * 1000).toISOString();
  it.each([
    [null, 300, true],
    ["not a date", 300, true],
    [ago(200), 300, false],
    [ago(289), 300, false],
    [ago(290), 300, true],
    [ago(301), 300, true],
    [ago(55), 60, true],
    [ago(45), 60, false],
  ])("last pull %s, interval %i s → %s", (last, interval, due) => {
    expect(isSyncDue(last, interval, NOW)).toBe(due);
  });
});

describe("statusMatches (excluded statuses, gaps G-PACK-8)", () => {
  const excluded = DEFAULT_PACKING_SETTINGS.excluded_statuses;
  it.each([
    ["Complete", false, true],
    ["complete", false, true],
    ["Delivered", false, true],
    ["Shipped | Delivered", false, true],
    ["Invoice Finalized | Accepted", false, false],
    ["Order Packed | Pending Shipment", false, false],
    ["Invoice Finalized | Accepted", true, true],
    ["", false, false],
  ])("%j (cancelled %s) → %s", (status, cancelled, expected) => {
    expect(statusMatches(status, cancelled, excluded)).toBe(expected);
  });
});

describe("needsPacking and checkPacked (rules §18.3)", () => {
  it.each([
    [10, 0, 10],
    [10, 4, 6],
    [10, 10, 0],
    [0, 3, 0],
  ])("ordered %i, packed %i → needs %i", (ordered, packed, expected) => {
    expect(needsPacking({ ordered, packed })).toBe(expected);
  });

  it.each([
    [10, 10, { ok: true }],
    [10, 0, { ok: true }],
    [10, 11, { ok: false, reason: "Cannot pack 11: this line has only 10 ordered" }],
  ])("ordered %i, packing %i", (ordered, packed, verdict) => {
    expect(checkPacked(ordered, packed)).toEqual(verdict);
  });
});

describe("assignNeedsProduction (oldest lines claim the shelf first)", () => {
  const line = (id: number, date: string, ordered: number, packed: number, gpu: number, strain = "blue dream") => ({
    id,
    strain_key: strain,
    order_date: date,
    ordered,
    packed,
    grams_per_unit: gpu,
  });

  it("covers older lines first and leaves the shortfall on the newest", () => {
    const result = assignNeedsProduction(
      [line(3, "2026-03-03", 10, 0, 1), line(1, "2026-03-01", 10, 0, 1), line(2, "2026-03-02", 20, 4, 0.5)],
      new Map([["blue dream", 15]]),
    );
    // Line 1 takes 10 g, line 2 (16 × 0.5 g) takes 5 g of 8 g, line 3 gets nothing.
    expect([...result].sort()).toEqual([
      [1, 0],
      [2, 6],
      [3, 10],
    ]);
  });

  it.each([
    ["no stock", new Map<string, number>(), 7],
    ["other strain only", new Map([["og kush", 100]]), 7],
    ["exactly enough", new Map([["blue dream", 21]]), 0],
    ["a partial pack is not a unit", new Map([["blue dream", 20.9]]), 1],
    ["negative shelf counts as none", new Map([["blue dream", -5]]), 7],
  ])("%s", (_label, shelf, expected) => {
    expect(assignNeedsProduction([line(1, "2026-03-01", 7, 0, 3)], shelf).get(1)).toBe(expected);
  });

  it("a fully packed line needs nothing", () => {
    expect(assignNeedsProduction([line(1, "2026-03-01", 5, 5, 1)], new Map()).get(1)).toBe(0);
  });
});

describe("checkCompletion (rules §18.5)", () => {
  const packed = { product_name: "A", ordered: 2, packed: 2, batch_name: "1A4000000000000000000001" };
  it.each([
    ["no lines", [], false, "Order INV-1 has no open packing lines"],
    [
      "unpacked",
      [packed, { ...packed, packed: 1 }],
      false,
      'Order INV-1 is not fully packed: 1 line(s) still need packing. Send "force": true to complete it anyway',
    ],
    [
      "no METRC",
      [{ ...packed, batch_name: "" }],
      false,
      'Order INV-1 has packed lines without a METRC package (A). Choose a package or send "force": true',
    ],
  ])("refuses %s", (_label, lines, force, reason) => {
    expect(checkCompletion("INV-1", lines, force)).toEqual({ ok: false, reason });
  });

  it.each([
    ["fully packed", [packed], false],
    ["forced with unpacked lines", [{ ...packed, packed: 0 }], true],
  ])("accepts %s", (_label, lines, force) => {
    expect(checkCompletion("INV-1", lines, force)).toEqual({ ok: true });
  });
});

describe("views", () => {
  const view = (over: Partial<ViewLine>): ViewLine => ({
    id: 1,
    order_id: 1,
    invoice_number: "INV-1",
    order_date: "2026-03-01T10:00:00.000Z",
    store_name: "B Store",
    strain: "Blue Dream",
    sku_key: "singles_0_5g",
    compact_display_name: "Blue Dream 0.5g Pre-Roll",
    product_name: "MoM - Blue Dream 0.5g Pre-Roll",
    ordered: 10,
    packed: 2,
    needs_packing: 8,
    needs_production: 1,
    is_new: false,
    ...over,
  });
  const lines = [
    view({ id: 1 }),
    view({
      id: 2,
      order_id: 2,
      invoice_number: "INV-2",
      order_date: "2026-03-02T10:00:00.000Z",
      packed: 10,
      needs_packing: 0,
      needs_production: 0,
    }),
    view({
      id: 3,
      store_name: "A Store",
      order_id: 3,
      strain: "OG Kush",
      compact_display_name: "OG Kush 1g Pre-Roll",
      sku_key: "singles_1g",
    }),
  ];

  it("by store: stores A–Z, newest order first, totals per store and order", () => {
    const stores = groupByStore(lines);
    expect(stores.map((s) => [s.store_name, s.ordered, s.packed, s.needs_packing])).toEqual([
      ["A Store", 10, 2, 8],
      ["B Store", 20, 12, 8],
    ]);
    expect(stores[1]?.orders.map((o) => [o.invoice_number, o.fully_packed])).toEqual([
      ["INV-2", true],
      ["INV-1", false],
    ]);
  });

  it("by product: strain + SKU with the stores beneath", () => {
    const products = groupByProduct(lines);
    expect(products.map((p) => [p.compact_display_name, p.ordered, p.needs_production, p.stores.length])).toEqual([
      ["Blue Dream 0.5g Pre-Roll", 20, 1, 2],
      ["OG Kush 1g Pre-Roll", 10, 1, 1],
    ]);
  });
});

describe("inDateRange (plain dates cover the whole day)", () => {
  it.each([
    ["2026-03-01T23:59:59.000Z", "2026-03-01", "2026-03-01", true],
    ["2026-03-02T00:00:00.000Z", "2026-03-01", "2026-03-01", false],
    ["2026-02-28T23:59:59.000Z", "2026-03-01", "2026-03-02", false],
    ["bad", "2026-03-01", "2026-03-02", false],
  ])("%s in [%s, %s] → %s", (date, from, to, expected) => {
    expect(inDateRange(date, from, to)).toBe(expected);
  });
});

describe("toCsv", () => {
  it("quotes, doubles quotes, and defuses formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 'say "hi"'],
          ["=1+1", -5],
          [null, "@home"],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=1+1,-5\r\n,\'@home\r\n');
  });
});

describe("isExcludedProduct", () => {
  it.each([
    ["3rd Party Products - 3rd Party Products", true],
    ["Third-Party Gummies 1g", true],
    ["MoM - Blue Dream 0.5g Pre-Roll", false],
  ])("%s → %s", (name, excluded) => {
    expect(isExcludedProduct(name, DEFAULT_PACKING_SETTINGS)).toBe(excluded);
  });
});

describe("order intake", () => {
  const order: IntakeOrder = {
    id: 9,
    uuid: null,
    invoice_number: "INV-9",
    order_date: "2026-03-02",
    created_at: "2026-03-02T10:00:00.000000Z",
    updated_at: "2026-03-02T10:05:00.000000Z",
    cancelled: false,
    buyer: { name: "Green Shop" },
    ship_name: null,
    ship_line_one: null,
    ship_city: null,
    ship_state: null,
    payment_status: null,
    items: [
      { id: 1, product_name: "MoM - Blue Dream 0.5g Pre-Roll", order_quantity: 4, metrc_package_label: null, batch_name: null },
      {
        id: 2,
        product_name: "MoM - Blue Dream 0.5g Pre-Roll",
        order_quantity: 2.4,
        metrc_package_label: "1A4000000000000000000001",
        batch_name: null,
      },
      { id: 3, product_name: "MoM - Blue Dream 3.5g Flower", order_quantity: 1, metrc_package_label: null, batch_name: null },
      { id: 4, product_name: "3rd Party Products - 3rd Party Products", order_quantity: 1, metrc_package_label: null, batch_name: null },
    ],
  };

  it("makes one line per product, pre-rolls only, merging repeated products", () => {
    expect(toPackingLines(order, DEFAULT_PACKING_SETTINGS, NOW)).toEqual([
      {
        order_id: 9,
        product_name: "MoM - Blue Dream 0.5g Pre-Roll",
        store_name: "Green Shop",
        buyer_company: "Green Shop",
        ordered: 6,
        order_date: "2026-03-02T10:00:00.000Z",
        invoice_number: "INV-9",
        apex_label: "1A4000000000000000000001",
        is_new: 1,
        strain: "Blue Dream",
        strain_key: "blue dream",
        sku_key: "singles_0_5g",
        grams_per_unit: 0.5,
        compact_display_name: "Blue Dream 0.5g Pre-Roll",
      },
    ]);
  });

  it.each([
    [null, [], null],
    [null, [{ updated_at: "2026-03-02T10:05:00.123456Z" }], "2026-03-02T10:05:00.123Z"],
    ["2026-03-03T00:00:00.000Z", [{ updated_at: "2026-03-02T10:05:00Z" }], "2026-03-03T00:00:00.000Z"],
    ["2026-03-01T00:00:00.000Z", [{ updated_at: "junk" }, { updated_at: "2026-03-02T00:00:00Z" }], "2026-03-02T00:00:00.000Z"],
  ])("cursor %s after %j → %s", (previous, orders, expected) => {
    expect(nextCursor(previous, orders)).toBe(expected);
  });

  it.each([
    [null, "2025-07-01T00:00:00Z"],
    ["2026-03-02T10:15:00.000Z", "2026-03-02T10:13:00.000Z"],
  ])("window from cursor %s starts at %s (2 min overlap)", (cursor, expected) => {
    expect(windowStart(cursor, "2025-07-01T00:00:00Z")).toBe(expected);
  });
});

describe("summarizeRuns (sync status)", () => {
  const run = (id: number, outcome: string, started: string, detail: string | null = null) => ({
    id,
    started_at: started,
    finished_at: started,
    outcome,
    rows_processed: 0,
    detail,
  });

  it("counts the failing streak, ignores skipped runs, and measures staleness from the last success", () => {
    const summary = summarizeRuns(
      [
        run(5, "failed", "2026-03-02T11:59:00.000Z", "boom"),
        run(4, "skipped", "2026-03-02T11:58:30.000Z"),
        run(3, "failed", "2026-03-02T11:58:00.000Z", "boom"),
        run(2, "success", "2026-03-02T11:50:00.000Z", '{"credits":12}'),
      ],
      NOW,
    );
    expect(summary).toMatchObject({
      failing: true,
      consecutive_failures: 2,
      stale: true,
      staleness_seconds: 600,
      last_success_at: "2026-03-02T11:50:00.000Z",
      last_error: { message: "boom" },
      last_run_summary: { credits: 12 },
    });
  });

  it("is fresh right after a success and stale when nothing ever succeeded", () => {
    expect(summarizeRuns([run(1, "success", "2026-03-02T11:59:00.000Z")], NOW)).toMatchObject({
      failing: false,
      stale: false,
      staleness_seconds: 60,
    });
    expect(summarizeRuns([], NOW)).toMatchObject({ stale: true, staleness_seconds: null, last_run: null });
  });
});
