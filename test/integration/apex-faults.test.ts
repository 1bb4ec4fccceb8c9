/**
 * Apex faults lose nothing: an order listed without `items` keeps its packing
 * lines and is picked up later; 429/5xx/malformed replies leave every line as it was; batch-map
 * refreshes have a cooldown; the decrement ledger keeps its newest 1000 keys; a line already
 * decremented in Apex (`apex_decremented`) ships no grams again.
 */
import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { LEDGER_LIMIT } from "../../src/data/apex-decrements";
import { cursorBefore } from "../../src/jobs/apex-sync";
import { type FakeWorld, installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, json } from "../helpers/http";

const P1 = "1A4000000000000000009011";
const BD05 = "MoM - Blue Dream 0.5g Pre-Roll";
const OG1 = "MoM - OG Kush 1g Pre-Roll";

let world: FakeWorld;
let key: string;

async function reset() {
  const tables = ["apex_orders", "apex_order_items", "packing_items", "packing_items_archive", "order_status_history", "sync_state"];
  await env.DB.batch(
    [...tables, "job_runs", "job_leases", "finished_goods", "finished_goods_history", "apex_batch_map"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
}

const linesOf = async (orderId: number) =>
  (
    await env.DB.prepare("SELECT product_name, ordered, packed, batch_name FROM packing_items WHERE order_id = ? ORDER BY product_name")
      .bind(orderId)
      .all()
  ).results;

/** Apex's order list (and, when `alone` too, its single-order reply) without `items` for `orderId`. */
function dropItems(orderId: number, alone: boolean) {
  const apexFetch = globalThis.fetch;
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await apexFetch(input, init);
    const path = new URL(new Request(input, init).url).pathname;
    const listed = path.endsWith("/shipping-orders");
    if (!listed && !(alone && path.endsWith(`/shipping-orders/${orderId}`))) return res;
    const body = (await res.json()) as { orders?: Record<string, unknown>[]; order?: Record<string, unknown> };
    for (const order of [...(body.orders ?? []), ...(body.order ? [body.order] : [])]) if (order.id === orderId) delete order.items;
    return Response.json(body, { status: res.status });
  };
}

beforeEach(async () => {
  await reset();
  world = installFakes();
  key = await createApiKey();
  await seedPackage({ metrc: P1, strain: "Blue Dream", grams: 500 });
  world.apex.addOrder({ id: 901, invoice_number: "INV-901", buyer: "Green Shop", lines: [{ product_name: BD05, quantity: 10 }] });
  expect((await runSync(new Date())).outcome).toBe("success");
});

describe("an order listed without items", () => {
  it("keeps its lines and is fetched alone; the change lands in the same run", async () => {
    const before = await linesOf(901);
    expect(before).toHaveLength(1);
    world.apex.updateOrder(901, {
      items: [...(world.apex.orders.get(901)?.items ?? []), { ...world.apex.orders.get(901)?.items[0], id: 9902, product_name: OG1 }],
    });
    dropItems(901, false);
    expect((await runSync(new Date())).outcome).toBe("success");
    expect((await linesOf(901)).map((l) => l.product_name)).toEqual([BD05, OG1]);
    expect(world.apex.log.filter((r) => r.path.endsWith("/shipping-orders/901")).length).toBe(1);
  });

  it("when Apex has no items for it at all, nothing of it is stored and the next pull applies it", async () => {
    const before = await linesOf(901);
    const stamp = await env.DB.prepare("SELECT apex_updated_at FROM apex_orders WHERE id = 901").first();
    world.apex.updateOrder(901, { invoice_number: "INV-901-B" });
    dropItems(901, true);
    expect((await runSync(new Date())).outcome).toBe("success");
    // Before the fix the lines were deleted as "vanished" and the new updated_at stored: skipped for good.
    expect(await linesOf(901)).toEqual(before);
    expect(await env.DB.prepare("SELECT apex_updated_at FROM apex_orders WHERE id = 901").first()).toEqual(stamp);
    world = installFakes();
    world.apex.addOrder({ id: 901, invoice_number: "INV-901-B", buyer: "Green Shop", lines: [{ product_name: BD05, quantity: 12 }] });
    expect((await runSync(new Date())).outcome).toBe("success");
    expect(await linesOf(901)).toMatchObject([{ product_name: BD05, ordered: 12 }]);
  });

  it("holds the cursor back to the oldest waiting order", () => {
    expect(cursorBefore("2026-03-01T10:00:00.000Z", [{ updated_at: "2026-03-01T09:00:00.000Z" }])).toBe("2026-03-01T09:00:00.000Z");
    expect(cursorBefore("2026-03-01T10:00:00.000Z", [])).toBe("2026-03-01T10:00:00.000Z");
    expect(cursorBefore(null, [{ updated_at: "2026-03-01T09:00:00.000Z" }])).toBe("2026-03-01T09:00:00.000Z");
    expect(cursorBefore(null, [])).toBeNull();
  });
});

describe("429, 5xx and malformed replies", () => {
  it.each([
    ["429 without end", (w: FakeWorld) => Object.assign(w.apex.faults, { rateLimited: Number.POSITIVE_INFINITY, retryAfterSeconds: 1 })],
    ["503 without end", (w: FakeWorld) => Object.assign(w.apex.faults, { serverErrors: Number.POSITIVE_INFINITY, serverErrorStatus: 503 })],
    ["malformed JSON", (w: FakeWorld) => Object.assign(w.apex.faults, { malformed: Number.POSITIVE_INFINITY })],
  ])("%s: the run fails and every line, order and package stays as it was", async (_name, fault) => {
    world.apex.updateOrder(901, { invoice_number: "INV-901-C" });
    const snapshot = async () => ({
      lines: await linesOf(901),
      orders: (await env.DB.prepare("SELECT * FROM apex_orders ORDER BY id").all()).results,
      packages: (await env.DB.prepare("SELECT * FROM finished_goods").all()).results,
    });
    const before = await snapshot();
    fault(world);
    expect((await runSync(new Date())).outcome).toBe("failed");
    expect(await snapshot()).toEqual(before);
  });
});

describe("batch-map refresh", () => {
  it("has a cooldown: a second refresh within a minute is 429 with Retry-After and costs Apex nothing", async () => {
    world.apex.addProduct({ id: 1, name: BD05 });
    world.apex.addBatch({ id: 11, product_id: 1, name: "Blue Dream", quantity: 5 });
    const first = await call("POST", "/api/apex/batch-map/refresh", undefined, { key });
    expect(first.status).toBe(200);
    const calls = world.apex.log.length;
    const second = await call("POST", "/api/apex/batch-map/refresh", undefined, { key });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await json(second)).error).toMatch(/refreshed moments ago/);
    expect(world.apex.log.length).toBe(calls);
  });
});

describe("the decrement ledger", () => {
  it(`keeps the newest ${LEDGER_LIMIT} keys`, async () => {
    const ledger: Record<string, unknown> = {};
    for (let i = 0; i < LEDGER_LIMIT; i++) {
      ledger[`old-${i}`] = { sku: "singles_0_5g", units: 1, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() };
    }
    await env.DB.prepare("UPDATE finished_goods SET processed_decrements = ? WHERE metrc_number = ?")
      .bind(JSON.stringify(ledger), P1)
      .run();
    const res = await call(
      "POST",
      `/api/finished-goods/${P1}/apex-decrement`,
      { sku: "0.5g Singles", units: 1, idempotency_key: "new-sale" },
      { key },
    );
    expect(res.status).toBe(200);
    const row = await env.DB.prepare("SELECT processed_decrements AS l FROM finished_goods WHERE metrc_number = ?")
      .bind(P1)
      .first<{ l: string }>();
    const kept = JSON.parse(row?.l ?? "{}") as Record<string, unknown>;
    expect(Object.keys(kept)).toHaveLength(LEDGER_LIMIT);
    expect(kept["new-sale"]).toBeDefined();
    expect(kept["old-0"]).toBeUndefined();
    expect(kept[`old-${LEDGER_LIMIT - 1}`]).toBeDefined();
    // A repeat of a kept key is still a duplicate.
    const again = await call(
      "POST",
      `/api/finished-goods/${P1}/apex-decrement`,
      { sku: "0.5g Singles", units: 1, idempotency_key: "new-sale" },
      { key },
    );
    expect(await json(again)).toMatchObject({ duplicate: true });
  });
});

describe("apex_decremented", () => {
  it("a line already decremented in Apex ships no grams when its order completes", async () => {
    const line = await env.DB.prepare("SELECT id FROM packing_items WHERE order_id = 901").first<{ id: number }>();
    expect((await call("PATCH", `/api/packing/items/${line?.id}`, { packed: 10 }, { key })).status).toBe(200);
    await env.DB.prepare("UPDATE packing_items SET apex_decremented = 1 WHERE order_id = 901").run();
    const grams = async () =>
      (await env.DB.prepare("SELECT current_grams FROM finished_goods WHERE metrc_number = ?").bind(P1).first())?.current_grams;
    const before = await grams();
    const res = await call("POST", "/api/packing/orders/901/complete", {}, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ shipped: [] });
    expect(await grams()).toBe(before);
    const archived = await env.DB.prepare("SELECT grams_fulfilled FROM packing_items_archive WHERE order_id = 901").first();
    expect(archived).toEqual({ grams_fulfilled: 0 });
  });
});
