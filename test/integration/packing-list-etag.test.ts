/**
 * GET /api/packing/items answers from a copy with an ETag and 304 (polling tablets cost no query when nothing changed): the tag
 * moves with a packing change, with a finished-goods change (needs_production reads the shelf),
 * with the request's view, and when an order stops being NEW.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { type FakeWorld, installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, json } from "../helpers/http";

const P1 = "1A4000000000000000000E11";
const BD05 = "MoM - Blue Dream 0.5g Pre-Roll";
const HOUR = 3_600_000;
const BY_STORE = "/api/packing/items?view=by_store&filter=active";

type Line = { id: number; packed: number; is_new: boolean; needs_production: number; invoice_number: string };
type Answer = { count: number; stores: { orders: { items: Line[] }[] }[] };

let world: FakeWorld;
let key: string;

const get = (path: string, etag?: string) => call("GET", path, undefined, { key, headers: etag ? { "If-None-Match": etag } : {} });
const linesOf = (a: Answer) => a.stores.flatMap((s) => s.orders.flatMap((o) => o.items));

async function sync() {
  expect((await runSync(new Date())).outcome).toBe("success");
}

beforeEach(async () => {
  const tables = ["apex_orders", "apex_order_items", "packing_items", "packing_items_archive", "sync_state", "job_runs", "job_leases"];
  await env.DB.batch(
    [...tables, "finished_goods", "finished_goods_history", "event_log", "settings"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  world = installFakes();
  key = await createApiKey();
  await seedPackage({ metrc: P1, strain: "Blue Dream", grams: 3 });
  world.apex.addOrder({ id: 901, invoice_number: "INV-901", buyer: "Green Shop", lines: [{ product_name: BD05, quantity: 10 }] });
  await sync();
});

describe("GET /api/packing/items: ETag and 304", () => {
  it("answers 304 with no body to its own tag, and a new tag after a packing edit", async () => {
    const first = await get(BY_STORE);
    expect(first.status).toBe(200);
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^W\/"packing\+finished-goods-/);
    expect(first.headers.get("Cache-Control")).toBe("private, no-cache");
    const line = linesOf(await json<Answer>(first))[0] as Line;

    const again = await get(BY_STORE, etag);
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(etag);
    expect(await again.text()).toBe("");

    expect((await call("PATCH", `/api/packing/items/${line.id}`, { packed: 4 }, { key })).status).toBe(200);
    const changed = await get(BY_STORE, etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    expect(linesOf(await json<Answer>(changed)).find((l) => l.id === line.id)?.packed).toBe(4);
  });

  it("moves the tag when finished goods change, since needs_production reads the shelf", async () => {
    const first = await get(BY_STORE);
    const etag = first.headers.get("ETag") ?? "";
    const before = linesOf(await json<Answer>(first))[0] as Line;
    // 10 × 0.5 g ordered against 3 g on the shelf: 4 pre-rolls still to make. Adding 10 g covers them.
    expect(before.needs_production).toBe(4);
    expect((await call("POST", `/api/finished-goods/${P1}/add`, { grams: 10 }, { key })).status).toBe(200);
    const after = await get(BY_STORE, etag);
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    expect((linesOf(await json<Answer>(after))[0] as Line).needs_production).toBe(0);
  });

  it("keeps one tag per view and filter: another view's tag is no match", async () => {
    const byStore = (await get(BY_STORE)).headers.get("ETag") ?? "";
    const byProduct = await get("/api/packing/items?view=by_product&filter=active", byStore);
    expect(byProduct.status).toBe(200);
    expect(byProduct.headers.get("ETag")).not.toBe(byStore);
  });

  it("is answered from the database on a hard reload, and still 304 to a client that validates", async () => {
    const etag = (await get(BY_STORE)).headers.get("ETag") ?? "";
    await env.DB.prepare("UPDATE packing_items SET notes = 'written around the app' WHERE order_id = 901").run();
    const reload = await call("GET", BY_STORE, undefined, { key, headers: { "Cache-Control": "no-cache" } });
    expect(reload.status).toBe(200);
    expect(JSON.stringify(await reload.json())).toContain("written around the app");
    expect((await get(BY_STORE, etag)).status).toBe(304);
  });

  it("stops matching when an order turns 24 hours old, with no write at all", async () => {
    world.apex.addOrder({
      id: 902,
      invoice_number: "INV-902",
      buyer: "Rose City",
      created_at_ms: Date.now() - 24 * HOUR + 1_500,
      lines: [{ product_name: BD05, quantity: 2 }],
    });
    await sync();
    const first = await get(BY_STORE);
    const etag = first.headers.get("ETag") ?? "";
    expect(linesOf(await json<Answer>(first)).find((l) => l.invoice_number === "INV-902")?.is_new).toBe(true);
    expect((await get(BY_STORE, etag)).status).toBe(304);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    const later = await get(BY_STORE, etag);
    expect(later.status).toBe(200);
    expect(later.headers.get("ETag")).not.toBe(etag);
    expect(linesOf(await json<Answer>(later)).find((l) => l.invoice_number === "INV-902")?.is_new).toBe(false);
  });
});
