import { describe, expect, it } from "vitest";
import { createApexClient } from "../../src/integrations/apex/client";
import { ApexError } from "../../src/integrations/apex/errors";
import { createApexHttp } from "../../src/integrations/apex/http";
import { Welcome } from "../../src/integrations/apex/schemas";
import { createFakeApex } from "../fakes/apex-core.mjs";
import { seedBulkOrders } from "../fakes/apex-data.mjs";

const FROM = "2025-07-01T00:00:00Z";

/** A clock that only moves when the client sleeps: no real waiting, exact waits recorded. */
function setup(
  options: { token?: string; timeoutMs?: number; maxAttempts?: number; rateLimitPerSecond?: number; creditCap?: number } = {},
) {
  let t = Date.parse("2026-03-01T12:00:00Z");
  const sleeps: number[] = [];
  const fake = createFakeApex({ now: () => t, rateLimitPerSecond: options.rateLimitPerSecond ?? 15, creditCap: options.creditCap });
  const client = createApexClient({
    baseUrl: "https://apex.test",
    token: options.token ?? "130|test-token",
    fetch: fake.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5,
    timeoutMs: options.timeoutMs,
    maxAttempts: options.maxAttempts,
  });
  return { fake, client, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<ApexError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApexError)) throw new Error(`expected an ApexError, got ${String(error)}`);
  return error;
}

describe("Apex client against the fake", () => {
  it("walks every page with updated_at_from, per_page 500 and items, and counts credits as Apex does", async () => {
    const { fake, client } = setup();
    seedBulkOrders(fake, { orders: 1234, linesPerOrder: 5 });
    const orders = await client.listShippingOrders({ updatedFrom: FROM });
    expect(orders).toHaveLength(1234);
    expect(new Set(orders.map((o) => o.id)).size).toBe(1234);
    expect(orders[0]?.items).toHaveLength(5);
    const requests = fake.requests("GET", "/api/v1/shipping-orders");
    expect(requests).toHaveLength(3);
    expect(requests.map((r) => new URLSearchParams(r.query).get("page"))).toEqual(["1", "2", "3"]);
    expect(new URLSearchParams(requests[0]?.query).get("updated_at_from")).toBe(FROM);
    expect(new URLSearchParams(requests[0]?.query).get("per_page")).toBe("500");
    expect(client.stats.credits).toBe(fake.credits.used);
    expect(client.stats.credits).toBe(3 + 3 * 1234 + 5 * 1234);
  });

  it('reads numbers sent as strings (order_quantity "20") as numbers', async () => {
    const { fake, client } = setup();
    fake.addOrder({ id: 1, lines: [{ product_name: "MoM - Blue Dream 0.5g Pre-Roll", quantity: 20 }] });
    const [order] = await client.listShippingOrders({ updatedFrom: FROM });
    expect(order?.items?.[0]?.order_quantity).toBe(20);
  });

  it("waits exactly as long as Retry-After says on 429, then succeeds", async () => {
    const { fake, client, sleeps } = setup();
    fake.faults.rateLimited = 1;
    fake.faults.retryAfterSeconds = 2;
    await client.welcome();
    expect(sleeps).toEqual([2000]);
    expect(fake.log.map((r) => r.status)).toEqual([429, 200]);
    expect(client.stats.retries).toBe(1);
  });

  it("stays under 15 requests per second by honouring the fake's own rate limit", async () => {
    const { fake, client, sleeps } = setup();
    fake.addProduct({ id: 1, name: "MoM - Blue Dream 0.5g Pre-Roll" });
    fake.addBatch({ id: 1, product_id: 1, quantity: 0 });
    for (let i = 0; i < 20; i += 1) await client.getBatch(1);
    expect(fake.log.filter((r) => r.status === 429)).toHaveLength(1);
    expect(sleeps).toEqual([1000]);
    expect(fake.log.filter((r) => r.status === 200)).toHaveLength(20);
  });

  it("backs off with growing jittered delays on 5xx and succeeds when the server recovers", async () => {
    const { fake, client, sleeps } = setup();
    fake.faults.serverErrors = 2;
    fake.faults.serverErrorStatus = 503;
    await client.welcome();
    expect(sleeps).toEqual([375, 750]);
    expect(fake.log.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it("gives up after 4 attempts on a lasting 5xx with a clear error", async () => {
    const { fake, client } = setup();
    fake.faults.serverErrors = Number.POSITIVE_INFINITY;
    const error = await failure(client.listShippingOrders({ updatedFrom: FROM }));
    expect(error.kind).toBe("server");
    expect(error.message).toBe("Apex Trading answered 500 (Server Error) to GET /v1/shipping-orders after 4 attempts");
    expect(fake.log).toHaveLength(4);
  });

  it("abandons a slow reply at the timeout, retries, then reports the timeout", async () => {
    const { fake, client } = setup({ timeoutMs: 20, maxAttempts: 2 });
    fake.faults.delayMs = 300;
    const started = Date.now();
    const error = await failure(client.welcome());
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe("Apex Trading did not answer within 0.02 s for GET /v1/welcome after 2 attempts");
    expect(Date.now() - started).toBeLessThan(250);
  });

  it("reports a bad token clearly and does not retry it", async () => {
    const { fake, client } = setup({ token: "130|wrong" });
    const error = await failure(client.welcome());
    expect(error.kind).toBe("auth");
    expect(error.status).toBe(401);
    expect(error.message).toBe("Apex Trading rejected the API token (401 Unauthenticated.); check the APEX_API_TOKEN secret");
    expect(fake.log).toHaveLength(1);
  });

  it("refuses to start without a token", () => {
    expect(() => createApexClient({ baseUrl: "https://apex.test", token: "" })).toThrow("APEX_API_TOKEN is not set");
  });

  it("reports malformed JSON without retrying", async () => {
    const { fake, client } = setup();
    fake.addOrder({ id: 1, lines: [] });
    fake.faults.malformed = 1;
    const error = await failure(client.listShippingOrders({ updatedFrom: FROM }));
    expect(error.kind).toBe("bad_reply");
    expect(error.message).toBe("Apex Trading sent a reply to GET /v1/shipping-orders that is not valid JSON");
    expect(fake.log).toHaveLength(1);
  });

  it("rejects a reply of the wrong shape, naming where", async () => {
    const fetchStub: typeof fetch = async () =>
      new Response(JSON.stringify({ orders: [{ id: "x" }], meta: { current_page: 1, last_page: 1 } }), {
        headers: { "Content-Type": "application/json" },
      });
    const client = createApexClient({ baseUrl: "https://apex.test", token: "t", fetch: fetchStub });
    const error = await failure(client.listShippingOrders({ updatedFrom: FROM }));
    expect(error.message).toBe("Apex Trading's reply to GET /v1/shipping-orders has an unexpected shape at orders.0.id");
  });

  it("stops at the monthly credit cap (429 without Retry-After) instead of retrying", async () => {
    const { fake, client, sleeps } = setup({ creditCap: 3 });
    expect(fake.creditCap).toBe(3);
    await client.welcome();
    await client.welcome();
    await client.welcome();
    const error = await failure(client.welcome());
    expect(error.kind).toBe("credits");
    expect(error.message).toContain("API credit allowance");
    expect(sleeps).toEqual([]);
    expect(client.stats.credits).toBe(3);
  });

  it("retries a network failure, then names it", async () => {
    const failing: typeof fetch = async () => {
      throw new TypeError("connection refused");
    };
    const sleeps: number[] = [];
    const client = createApexClient({
      baseUrl: "https://apex.test",
      token: "t",
      fetch: failing,
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0,
    });
    const error = await failure(client.welcome());
    expect(error.kind).toBe("network");
    expect(error.message).toContain("could not be reached (TypeError: connection refused)");
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it("PATCHes a batch quantity, and Apex's 422 comes back as a refusal", async () => {
    const { fake, client } = setup();
    fake.addProduct({ id: 1, name: "MoM - Blue Dream 0.5g Pre-Roll" });
    fake.addBatch({ id: 7, product_id: 1, quantity: 3 });
    const batch = await client.setBatchQuantity(7, 120);
    expect(batch.quantity).toBe(120);
    expect(fake.batches.get(7)?.quantity).toBe(120);
    expect(fake.requests("PATCH")[0]?.body).toBe('{"quantity":120}');
    const error = await failure(client.setBatchQuantity(7, -1));
    expect(error.kind).toBe("rejected");
    expect(error.message).toBe("Apex Trading refused PATCH /v2/batches/7 (422 The given data was invalid.)");
    const missing = await failure(client.setBatchQuantity(999, 1));
    expect(missing.message).toBe("Apex Trading: Batch not found (PATCH /v2/batches/999)");
  });

  it("sets an order's status and reads the deal flows' statuses", async () => {
    const { fake, client } = setup();
    fake.addOrder({ id: 5, lines: [] });
    const flows = await client.listDealFlows();
    const packed = flows[0]?.order_statuses?.find((s) => s.name.startsWith("Order Packed"));
    expect(packed?.id).toBe(8);
    const order = await client.setShippingOrderStatus(5, 8);
    expect(order.order_status?.name).toBe("Order Packed | Pending Shipment");
    expect(client.stats.credits).toBe(fake.credits.used);
  });

  it("answers 422 when updated_at_from is missing, as Apex does", async () => {
    const fake = createFakeApex();
    const http = createApexHttp({ baseUrl: "https://apex.test/api", token: "130|test-token", fetch: fake.fetch });
    const error = await failure(http.request({ method: "GET", path: "/v1/shipping-orders", schema: Welcome, credits: () => 1 }));
    expect(error.status).toBe(422);
    expect(fake.log[0]?.path).toBe("/api/v1/shipping-orders");
  });

  it("lists products with their batches for the mapping", async () => {
    const { fake, client } = setup();
    fake.addProduct({ id: 1, name: "MoM - Blue Dream 0.5g Pre-Roll" });
    fake.addBatch({ id: 11, product_id: 1, quantity: 0 });
    fake.addBatch({ id: 12, product_id: 1, quantity: 5, archived: true });
    const products = await client.listProductsWithBatches(FROM);
    expect(products).toEqual([
      { id: 1, name: "MoM - Blue Dream 0.5g Pre-Roll", batches: [{ id: 11, product_id: 1, name: "B-11", quantity: 0, archived: false }] },
    ]);
    expect(client.stats.credits).toBe(fake.credits.used);
  });
});
