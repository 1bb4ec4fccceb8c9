import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { facilityIsoWeek } from "../../src/domain/facility-time";
import { count, type FakeWorld, installFakes, packageRow, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

const P1 = "1A4000000000000000000011"; // Blue Dream, oldest
const P2 = "1A4000000000000000000022"; // OG Kush
const P3 = "1A4000000000000000000033"; // Blue Dream, newer
const HOUR = 3_600_000;

type Line = {
  id: number;
  order_id: number;
  product_name: string;
  ordered: number;
  packed: number;
  version: number;
  batch_name: string;
  metrc_source: string;
};
type Json = Record<string, unknown>;

let world: FakeWorld;
let key: string;

async function reset() {
  const tables = [
    "apex_orders",
    "apex_order_items",
    "packing_items",
    "packing_items_archive",
    "order_status_history",
    "sync_state",
    "job_runs",
    "job_leases",
  ];
  await env.DB.batch(
    [...tables, "finished_goods", "finished_goods_history", "store_aliases", "event_log", "settings"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
}

async function lines(orderId?: number): Promise<Line[]> {
  const where = orderId === undefined ? "" : `WHERE order_id = ${orderId}`;
  return (await env.DB.prepare(`SELECT * FROM packing_items ${where} ORDER BY order_id, product_name`).all<Line>()).results;
}
async function lineOf(orderId: number, productName: string): Promise<Line> {
  const line = (await lines(orderId)).find((l) => l.product_name === productName);
  if (!line) throw new Error(`no line ${productName}`);
  return line;
}
const patch = (id: number | string, body: unknown) => call("PATCH", `/api/packing/items/${id}`, body, { key });
const complete = (orderId: number | string, body: unknown = {}) => call("POST", `/api/packing/orders/${orderId}/complete`, body, { key });

const BD05 = "MoM - Blue Dream 0.5g Pre-Roll";
const BD6PK = "MoM - Blue Dream 0.5g Pre-Roll 6-Pack";
const BD1 = "MoM - Blue Dream 1g Pre-Roll";
const OG1 = "MoM - OG Kush 1g Pre-Roll";

beforeEach(async () => {
  await reset();
  world = installFakes();
  key = await createApiKey();
  await seedPackage({ metrc: P1, strain: "Blue Dream", grams: 100, created: "2026-01-01T00:00:00.000Z" });
  await seedPackage({ metrc: P2, strain: "OG Kush", grams: 50 });
  await seedPackage({ metrc: P3, strain: "Blue Dream", grams: 40, created: "2026-02-01T00:00:00.000Z" });
  const now = Date.now();
  world.apex.addOrder({
    id: 502,
    invoice_number: "INV-502",
    buyer: "Rose City",
    created_at_ms: now - 72 * HOUR,
    lines: [{ product_name: BD6PK, quantity: 2 }],
  });
  world.apex.addOrder({
    id: 501,
    invoice_number: "INV-501",
    buyer: "Green Shop",
    created_at_ms: now - HOUR,
    lines: [
      { product_name: BD05, quantity: 10 },
      { product_name: OG1, quantity: 4 },
    ],
  });
  world.apex.addOrder({
    id: 503,
    invoice_number: "INV-503",
    buyer: "Coastal Leaf",
    created_at_ms: now - 30 * HOUR,
    lines: [{ product_name: BD1, quantity: 120 }],
  });
  expect((await runSync(new Date())).outcome).toBe("success");
});

describe("GET /api/packing/items", () => {
  it("groups by store with the computed fields, oldest orders claiming stock first", async () => {
    const res = await call("GET", "/api/packing/items", undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<{
      view: string;
      filter: string;
      count: number;
      stores: { store_name: string; orders: { invoice_number: string; is_new: boolean; items: Json[] }[] }[];
    }>(res);
    expect(body).toMatchObject({ view: "by_store", filter: "active", count: 4 });
    expect(body.stores.map((s) => s.store_name)).toEqual(["Coastal Leaf", "Green Shop", "Rose City"]);
    const green = body.stores[1]?.orders[0];
    expect(green).toMatchObject({ invoice_number: "INV-501", is_new: true });
    expect(green?.items[0]).toMatchObject({
      product_name: BD05,
      compact_display_name: "Blue Dream 0.5g Pre-Roll",
      ordered: 10,
      packed: 0,
      needs_packing: 10,
      needs_production: 0,
      is_new: true,
      batch_name: P1,
      metrc_source: "fifo",
      grams_per_unit: 0.5,
    });
    // Blue Dream shelf 140 g: INV-502 (6 g), then INV-503 (120 g), then INV-501 (5 g) claim it.
    const coastal = body.stores[0]?.orders[0];
    expect(coastal?.items[0]).toMatchObject({ ordered: 120, needs_production: 0, is_new: false });
    expect(green?.items[0]?.needs_production).toBe(0);
  });

  it("shows what must be produced when the shelf runs out", async () => {
    world.apex.addOrder({ id: 504, invoice_number: "INV-504", buyer: "Green Shop", lines: [{ product_name: BD1, quantity: 30 }] });
    await runSync(new Date());
    const body = await json<{ products: { compact_display_name: string; needs_production: number; ordered: number }[] }>(
      await call("GET", "/api/packing/items?view=by_product", undefined, { key }),
    );
    const bd1 = body.products.find((p) => p.compact_display_name === "Blue Dream 1g Pre-Roll");
    // 140 g − 6 g (INV-502) − 120 g (INV-503) − 5 g (INV-501) = 9 g left for 30 × 1 g.
    expect(bd1).toMatchObject({ ordered: 150, needs_production: 21 });
  });

  it.each([
    ["view=sideways", "view must be by_store or by_product"],
    ["filter=weird", "filter must be active, all or date_range"],
    ["filter=date_range", "from and to are required when filter is date_range"],
    ["filter=date_range&from=2026-03-05&to=2026-03-01", "from must not be after to"],
    ["filter=date_range&from=yesterday&to=2026-03-01", "from must be a date like 2026-03-01"],
    ["format=xml", "format must be json or csv"],
  ])("refuses ?%s", async (query, message) => {
    const res = await call("GET", `/api/packing/items?${query}`, undefined, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: message });
  });

  it("filters by date range and hides cancelled orders unless filter=all", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const twoDaysAgo = new Date(Date.now() - 48 * HOUR).toISOString().slice(0, 10);
    const ranged = await json<{ count: number }>(
      await call("GET", `/api/packing/items?filter=date_range&from=${twoDaysAgo}&to=${today}`, undefined, { key }),
    );
    // INV-501 (2 lines, an hour old) and INV-503 (30 hours old); INV-502 is three days old.
    expect(ranged.count).toBe(3);
    world.apex.updateOrder(502, { order_status_id: 12, order_status: { id: 12, name: "Cancelled" } });
    await runSync(new Date());
    const active = await json<{ count: number }>(await call("GET", "/api/packing/items", undefined, { key }));
    const all = await json<{ count: number }>(await call("GET", "/api/packing/items?filter=all", undefined, { key }));
    expect([active.count, all.count]).toEqual([3, 4]);
    // A cancelled order's lines stop reserving grams: P1 keeps only INV-501's 5 g and INV-503's 120 g.
    expect((await packageRow(P1))?.grams_ordered).toBe(125);
  });

  it("exports CSV, defusing spreadsheet formulas", async () => {
    world.apex.addOrder({ id: 505, buyer: "=Evil Store", lines: [{ product_name: "=HYPERLINK 0.5g Pre-Roll", quantity: 1 }] });
    await runSync(new Date());
    const res = await call("GET", "/api/packing/items?format=csv", undefined, { key });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    expect(text.split("\r\n")[0]).toBe(
      "Store,Invoice,Order Date,Product,Ordered,Packed,Needs Packing,Needs Production,Initials,Notes,Delivery Date,Delivery Notes,Internal Notes,METRC,Status,Verified Tag,Verified By,Verified At",
    );
    expect(text).toContain("'=Evil Store,INV-505");
    expect(text).toContain("'=HYPERLINK 0.5g Pre-Roll");
  });

  it("needs a key or a session", async () => {
    expect(await json(await call("GET", "/api/packing/items"))).toEqual({ error: "Authentication required" });
    const wrong = await call("GET", "/api/packing/items", undefined, { key: "nope" });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({ error: "Invalid API key" });
  });
});

describe("PATCH /api/packing/items/{id}", () => {
  it("records packing and moves the package's buckets from ordered to packed", async () => {
    const line = await lineOf(501, BD05);
    const before = await packageRow(P1);
    expect(before).toMatchObject({ grams_ordered: 131, grams_packed: 0 });
    const clock = await json<{ timestamp: string | null }>(await call("GET", "/api/packing/last-updated", undefined, { key }));
    const res = await patch(line.id, { packed: 6, initials: "AB", notes: "top shelf", delivery_date: "Fri", internal_notes: "x" });
    expect(res.status).toBe(200);
    const body = await json<{ item: Json }>(res);
    expect(body.item).toMatchObject({ packed: 6, initials: "AB", notes: "top shelf", needs_packing: 4, version: line.version + 1 });
    expect(await packageRow(P1)).toMatchObject({ grams_ordered: 128, grams_packed: 3, grams_packed_lifetime: 3, current_grams: 100 });
    expect(await count("finished_goods_history", `WHERE metrc_number = '${P1}' AND change_type = 'synced'`)).toBeGreaterThanOrEqual(1);
    const after = await json<{ timestamp: string }>(await call("GET", "/api/packing/last-updated", undefined, { key }));
    expect(after.timestamp).not.toBe(clock.timestamp);
  });

  it("refuses packing more than ordered, with nothing changed", async () => {
    const line = await lineOf(501, BD05);
    const res = await patch(line.id, { packed: 11, notes: "too many" });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "Cannot pack 11: this line has only 10 ordered" });
    expect(await lineOf(501, BD05)).toEqual(line);
    expect(await packageRow(P1)).toMatchObject({ grams_ordered: 131, grams_packed: 0 });
  });

  it.each([
    ["nothing", {}, "No fields to update"],
    ["a string for packed", { packed: "5" }, "packed must be a whole number of units"],
    ["a fraction", { packed: 1.5 }, "packed must be a whole number of units"],
    ["a negative", { packed: -1 }, "packed must not be negative"],
    ["1e308", { packed: 1e308 }, "packed is too large"],
    ["an unknown field", { ordered: 5 }, "Unknown field: ordered"],
    ["2 MB of notes", { notes: "x".repeat(2_000_001) }, "notes must be at most 2000 characters"],
    ["a number for initials", { initials: 7 }, "initials must be text"],
    ["SQL as a METRC number", { batch_name: "'; DROP TABLE packing_items;--" }, "batch_name must be a METRC package number"],
    [
      "an unknown package",
      { batch_name: "1A4999999999999999999999" },
      "No finished-goods package has METRC number 1A4999999999999999999999",
    ],
    ["broken JSON", "{not json", "Invalid JSON"],
  ])("refuses %s", async (_label, body, message) => {
    const line = await lineOf(501, BD05);
    const res = await patch(line.id, body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: message });
    expect(await lineOf(501, BD05)).toEqual(line);
  });

  it("answers 404 for an unknown line and 400 for a malformed id", async () => {
    expect(await json(await patch(999_999, { packed: 1 }))).toEqual({ error: "Packing item not found" });
    const bad = await patch("abc", { packed: 1 });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ error: "Invalid value for id" });
  });

  it("a METRC override moves the reservation and survives the next sync; clearing it falls back", async () => {
    const line = await lineOf(501, BD05);
    const res = await patch(line.id, { batch_name: P3 });
    expect(res.status).toBe(200);
    expect(await packageRow(P1)).toMatchObject({ grams_ordered: 126 });
    expect(await packageRow(P3)).toMatchObject({ grams_ordered: 5 });
    world.apex.updateOrder(501, { total: "999.00" });
    const sync = await runSync(new Date());
    expect(sync.summary?.rowsProcessed).toBe(1);
    expect(await lineOf(501, BD05)).toMatchObject({ batch_name: P3, metrc_source: "manual" });
    expect((await patch(line.id, { batch_name: "" })).status).toBe(200);
    expect(await lineOf(501, BD05)).toMatchObject({ batch_name: "", metrc_source: "" });
    expect(await packageRow(P3)).toMatchObject({ grams_ordered: 0 });
  });

  it("concurrent edits of different fields all land; counts stay consistent", async () => {
    const line = await lineOf(501, BD05);
    const edits = [
      ...Array.from({ length: 10 }, (_, k) => ({ packed: k + 1 })),
      { initials: "ZZ" },
      { notes: "n" },
      { delivery_date: "Monday" },
      { delivery_notes: "dock 3" },
      { internal_notes: "fragile" },
    ];
    const results = await Promise.all(edits.map((e) => patch(line.id, e)));
    expect(results.map((r) => r.status)).toEqual(edits.map(() => 200));
    const after = await lineOf(501, BD05);
    expect(after).toMatchObject({
      version: line.version + edits.length,
      initials: "ZZ",
      notes: "n",
      delivery_date: "Monday",
      delivery_notes: "dock 3",
      internal_notes: "fragile",
    });
    // Whatever packed value won, the package agrees with the lines.
    expect(await packageRow(P1)).toMatchObject({ grams_packed: after.packed * 0.5, grams_ordered: (10 - after.packed) * 0.5 + 6 + 120 });
  });

  it("with a version, only one of many concurrent edits wins; the rest get 409", async () => {
    const line = await lineOf(501, BD05);
    const results = await Promise.all(Array.from({ length: 10 }, (_, k) => patch(line.id, { packed: k + 1, version: line.version })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    const refused = results.find((r) => r.status === 409);
    expect(await json(refused as Response)).toEqual({ error: "This packing line was changed by someone else; reload and try again" });
    expect((await lineOf(501, BD05)).version).toBe(line.version + 1);
  });
});

describe("POST /api/packing/orders/{order_id}/complete", () => {
  async function packAll(orderId: number) {
    for (const l of await lines(orderId)) expect((await patch(l.id, { packed: l.ordered })).status).toBe(200);
  }

  it("refuses an order that is not fully packed unless forced", async () => {
    const res = await complete(501);
    expect(res.status).toBe(409);
    expect(await json(res)).toEqual({
      error: 'Order INV-501 is not fully packed: 2 line(s) still need packing. Send "force": true to complete it anyway',
    });
    expect(await count("packing_items", "WHERE order_id = 501")).toBe(2);
  });

  it("archives the lines and ships the packed grams once", async () => {
    await packAll(501);
    const res = await complete(501);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      success: true,
      invoice_number: "INV-501",
      archived_lines: 2,
      shipped: [
        { metrc_number: P1, grams: 5 },
        { metrc_number: P2, grams: 4 },
      ],
      apex_status: null,
    });
    expect(await packageRow(P1)).toMatchObject({ current_grams: 95, grams_fulfilled: 5, grams_packed: 0, grams_ordered: 126 });
    expect(await packageRow(P2)).toMatchObject({ current_grams: 46, grams_fulfilled: 4, grams_packed: 0, grams_ordered: 0 });
    expect(await count("packing_items", "WHERE order_id = 501")).toBe(0);
    const archived = (await env.DB.prepare("SELECT * FROM packing_items_archive WHERE order_id = 501 ORDER BY id").all<Json>()).results;
    expect(archived.map((a) => [a.product_name, a.packed, a.batch_name, a.grams_fulfilled, a.invoice_number])).toEqual([
      [BD05, 10, P1, 5, "INV-501"],
      [OG1, 4, P2, 4, "INV-501"],
    ]);
    expect(await count("finished_goods_history", "WHERE change_type = 'fulfilled'")).toBe(2);
    expect(world.apex.requests("PATCH")).toHaveLength(0);
    // Apex still lists the order: the next sync must not bring its lines back.
    world.apex.updateOrder(501, { total: "1.00" });
    await runSync(new Date());
    expect(await count("packing_items", "WHERE order_id = 501")).toBe(0);
    const again = await complete(501);
    expect(again.status).toBe(409);
    expect(await json(again)).toEqual({ error: "Order INV-501 was already completed" });
  });

  it("two completions at once move grams exactly once", async () => {
    await packAll(501);
    const results = await Promise.all([complete(501), complete(501), complete(501)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect(await packageRow(P1)).toMatchObject({ current_grams: 95, grams_fulfilled: 5 });
    expect(await count("finished_goods_history", "WHERE change_type = 'fulfilled'")).toBe(2);
    expect(await count("packing_items_archive")).toBe(2);
  });

  it("is all or nothing: a package short of grams stops the whole completion", async () => {
    await packAll(501);
    await env.DB.prepare("UPDATE finished_goods SET current_grams = 2 WHERE metrc_number = ?").bind(P2).run();
    const before = [await packageRow(P1), await packageRow(P2), await lines(501)];
    const res = await complete(501);
    expect(res.status).toBe(409);
    expect(await json(res)).toEqual({
      error: "A METRC package of order INV-501 no longer holds the grams to ship; check its finished goods",
    });
    expect([await packageRow(P1), await packageRow(P2), await lines(501)]).toEqual(before);
    expect(await count("packing_items_archive")).toBe(0);
    expect(await count("apex_orders", "WHERE completed_at IS NOT NULL")).toBe(0);
  });

  it("forced completion ships what was packed and releases the rest", async () => {
    const line = await lineOf(501, BD05);
    await patch(line.id, { packed: 4 });
    const res = await complete(501, { force: true });
    expect(res.status).toBe(200);
    expect(await packageRow(P1)).toMatchObject({ current_grams: 98, grams_fulfilled: 2, grams_packed: 0, grams_ordered: 126 });
    expect(await packageRow(P2)).toMatchObject({ current_grams: 50, grams_ordered: 0 });
  });

  it("writes the packed status back to Apex when asked", async () => {
    await packAll(501);
    const res = await complete(501, { update_apex_status: true });
    expect(await json(res)).toMatchObject({ apex_status: { updated: true, status: "Order Packed | Pending Shipment" } });
    expect(world.apex.requests("PATCH", "/api/v1/shipping-orders/501")[0]?.body).toBe('{"order_status_id":8}');
    expect(world.apex.orders.get(501)?.order_status_id).toBe(8);
  });

  it("answers 404 for an unknown order and 400 for bad input", async () => {
    expect(await json(await complete(999))).toEqual({ error: "Order not found" });
    expect(await json(await complete("x"))).toEqual({ error: "Invalid value for order_id" });
    expect(await json(await complete(501, { force: "yes" }))).toEqual({ error: "force must be true or false" });
    expect(await json(await complete(501, { hurry: true }))).toEqual({ error: "Unknown field: hurry" });
  });

  it("auto-completes an order Apex reports Complete", async () => {
    await packAll(501);
    world.apex.updateOrder(501, { order_status_id: 11, order_status: { id: 11, name: "Complete" } });
    const run = await runSync(new Date());
    expect(JSON.parse(run.summary?.detail ?? "{}")).toMatchObject({ auto_completed: 1 });
    expect(await count("packing_items", "WHERE order_id = 501")).toBe(0);
    expect(await packageRow(P1)).toMatchObject({ current_grams: 95, grams_fulfilled: 5 });
  });
});

describe("packing history, aliases and settings", () => {
  it("lists completed lines by week and as CSV", async () => {
    for (const l of await lines(502)) await patch(l.id, { packed: l.ordered });
    expect((await complete(502)).status).toBe(200);
    const week = facilityIsoWeek(new Date().toISOString(), "America/Los_Angeles");
    const body = await json<{ weeks: { week: string; items: Json[] }[] }>(
      await call("GET", `/api/packing/archive?week=${week}`, undefined, { key }),
    );
    expect(body.weeks).toHaveLength(1);
    expect(body.weeks[0]).toMatchObject({ week, items: [{ order_id: 502, packed: 2, store_name: "Rose City", grams_fulfilled: 6 }] });
    const empty = await json<{ weeks: unknown[] }>(await call("GET", "/api/packing/archive?week=2020-W01", undefined, { key }));
    expect(empty.weeks).toEqual([]);
    expect(await json(await call("GET", "/api/packing/archive?week=2026-W99", undefined, { key }))).toEqual({
      error: "week must look like 2026-W09",
    });
    const csv = await (await call("GET", "/api/packing/archive?format=csv", undefined, { key })).text();
    expect(csv.split("\r\n")[1]).toContain(",Rose City,INV-502,Blue Dream 0.5g Pre-Roll 6pk,2,2,,");
  });

  it("shows a store alias on the packing list", async () => {
    const put = await call(
      "PUT",
      "/api/packing/store-aliases",
      { buyer_company: "Green Shop", display_name: "Green Shop (Main St)" },
      { key },
    );
    expect(put.status).toBe(200);
    const body = await json<{ stores: { store_name: string }[] }>(await call("GET", "/api/packing/items", undefined, { key }));
    expect(body.stores.map((s) => s.store_name)).toContain("Green Shop (Main St)");
    expect(await json(await call("GET", "/api/packing/store-aliases", undefined, { key }))).toMatchObject({
      aliases: [{ buyer_company: "Green Shop", display_name: "Green Shop (Main St)" }],
      stores: ["Coastal Leaf", "Green Shop", "Rose City"],
    });
    expect((await call("DELETE", "/api/packing/store-aliases/Green%20Shop", undefined, { key })).status).toBe(200);
    expect(await json(await call("DELETE", "/api/packing/store-aliases/Green%20Shop", undefined, { key }))).toEqual({
      error: "Store alias not found",
    });
    expect(await json(await call("PUT", "/api/packing/store-aliases", { buyer_company: "  " }, { key }))).toEqual({
      error: "buyer_company is required",
    });
  });

  it("keeps write-back off by default; a signed-in admin turns it on", async () => {
    expect(await json(await call("GET", "/api/packing/settings", undefined, { key }))).toMatchObject({ apex_status_writeback: false });
    expect((await call("PUT", "/api/packing/settings", { apex_status_writeback: true }, { key })).status).toBe(401);
    await setPassword();
    const cookie = await login();
    const res = await call("PUT", "/api/packing/settings", { apex_status_writeback: true }, { cookie });
    expect(await json(res)).toMatchObject({ apex_status_writeback: true, excluded_statuses: ["Complete", "Cancelled", "Delivered"] });
    expect(await json(await call("PUT", "/api/packing/settings", { colour: "red" }, { cookie }))).toEqual({
      error: "Unknown setting: colour",
    });
    for (const l of await lines(502)) await patch(l.id, { packed: l.ordered });
    expect(await json(await complete(502))).toMatchObject({ apex_status: { updated: true } });
  });

  it("refreshes from Apex on demand; a bad token is a 502 with Apex's reason", async () => {
    world.apex.addOrder({ id: 506, lines: [{ product_name: BD05, quantity: 1 }] });
    const res = await call("POST", "/api/packing/refresh", undefined, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ success: true, orders_written: 1, lines_written: 1 });
    world.apex.token = "130|rotated";
    const failed = await call("POST", "/api/packing/refresh", undefined, { key });
    expect(failed.status).toBe(502);
    expect(await json(failed)).toEqual({
      error: "Apex sync failed: Apex Trading rejected the API token (401 Unauthenticated.); check the APEX_API_TOKEN secret",
    });
  });
});
