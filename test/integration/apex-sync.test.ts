import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { jobs } from "../../cron";
import { writeSettings } from "../../src/data/settings";
import worker from "../../src/index";
import { APEX_SYNC_JOB } from "../../src/jobs/apex-sync";
import { seedBulkOrders } from "../fakes/apex-data.mjs";
import { count, type FakeWorld, installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, db, json } from "../helpers/http";

const T0 = Date.parse("2026-03-02T12:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

async function resetTables() {
  await env.DB.batch(
    [
      "apex_orders",
      "apex_order_items",
      "packing_items",
      "order_status_history",
      "sync_state",
      "job_runs",
      "job_leases",
      "pushover_alert_log",
      "finished_goods",
      "settings",
    ].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
}

let world: FakeWorld;
beforeEach(async () => {
  await resetTables();
  world = installFakes();
});

describe("Apex order sync (cron job)", () => {
  it("is the every-minute cron job", () => {
    expect(jobs["* * * * *"]?.name).toBe(APEX_SYNC_JOB);
  });

  it("stores 1,000 orders of 5 lines from two pages once; a second run writes nothing; an edit comes through", async () => {
    seedBulkOrders(world.apex, { orders: 1000, linesPerOrder: 5 });
    const first = await runSync(at(0));
    expect(first.outcome).toBe("success");
    expect(await count("apex_orders")).toBe(1000);
    expect(await count("apex_order_items")).toBe(5000);
    expect(await count("packing_items")).toBe(5000);
    const listCalls = world.apex.requests("GET", "/api/v1/shipping-orders");
    expect(listCalls).toHaveLength(2);
    const q = new URLSearchParams(listCalls[0]?.query);
    expect(q.get("updated_at_from")).toBe("2025-07-01T00:00:00Z");
    expect(q.get("with_items")).toBe("true");
    expect(q.get("per_page")).toBe("500");
    const detail = JSON.parse(first.summary?.detail ?? "{}");
    expect(detail).toMatchObject({
      orders_fetched: 1000,
      orders_written: 1000,
      lines_written: 5000,
      requests: 2,
      credits: 2 + 3 * 1000 + 5000,
    });
    expect(detail.credits).toBe(world.apex.credits.used);

    const versions = await env.DB.prepare("SELECT SUM(version) AS v, MAX(last_updated) AS t FROM packing_items").first();
    const history = await count("order_status_history");
    const second = await runSync(at(1));
    expect(second.outcome).toBe("success");
    expect(second.summary?.rowsProcessed).toBe(0);
    expect(JSON.parse(second.summary?.detail ?? "{}")).toMatchObject({ orders_fetched: 1000, orders_written: 0, lines_written: 0 });
    expect(new URLSearchParams(world.apex.requests("GET", "/api/v1/shipping-orders")[2]?.query).get("updated_at_from")).not.toBe(
      "2025-07-01T00:00:00Z",
    );
    expect(await count("apex_orders")).toBe(1000);
    expect(await count("packing_items")).toBe(5000);
    expect(await count("order_status_history")).toBe(history);
    expect(await env.DB.prepare("SELECT SUM(version) AS v, MAX(last_updated) AS t FROM packing_items").first()).toEqual(versions);

    const order = world.apex.orders.get(100_007);
    const item = order?.items[0] as { product_name: string; order_quantity: string };
    item.order_quantity = "99";
    world.apex.updateOrder(100_007, { order_status_id: 8, order_status: { id: 8, name: "Order Packed | Pending Shipment" } });
    const third = await runSync(at(2));
    expect(third.summary?.rowsProcessed).toBe(1);
    const line = await env.DB.prepare("SELECT ordered FROM packing_items WHERE order_id = ? AND product_name = ?")
      .bind(100_007, item.product_name)
      .first();
    expect(line).toEqual({ ordered: 99 });
    const stored = await env.DB.prepare("SELECT order_status FROM apex_orders WHERE id = 100007").first();
    expect(stored).toEqual({ order_status: "Order Packed | Pending Shipment" });
    expect(await count("apex_orders")).toBe(1000);
  });

  it("waits as Retry-After says on a 429, then succeeds", async () => {
    world.apex.addOrder({ id: 1, lines: [{ product_name: "MoM - Blue Dream 0.5g Pre-Roll", quantity: 3 }] });
    world.apex.faults.rateLimited = 1;
    world.apex.faults.retryAfterSeconds = 1;
    const run = await runSync(at(0));
    expect(run.outcome).toBe("success");
    expect(run.sleeps).toEqual([1000]);
    expect(world.apex.log.map((r) => r.status)).toEqual([429, 200]);
    expect(JSON.parse(run.summary?.detail ?? "{}")).toMatchObject({ retries: 1, waited_ms: 1000 });
    expect(await count("packing_items")).toBe(1);
  });

  it("5xx for many runs: failing and stale, exactly one Pushover alert; recovery clears it", async () => {
    await writeSettings(db(), { pushover: { enabled: true, user_key: "u-test-user-key", app_token: "a-test-token" } }, new Date());
    world.apex.addOrder({ id: 1, lines: [{ product_name: "MoM - Blue Dream 0.5g Pre-Roll", quantity: 3 }] });
    expect((await runSync(at(0))).outcome).toBe("success");
    world.apex.faults.serverErrors = Number.POSITIVE_INFINITY;
    for (let minute = 1; minute <= 8; minute += 1) {
      const run = await runSync(at(minute), { client: { maxAttempts: 2 } });
      expect(run.outcome).toBe("failed");
    }
    expect(world.pushover).toHaveLength(1);
    expect(world.pushover[0]?.form.get("message")).toContain("Apex order sync has failed 3 times in a row");
    expect(world.pushover[0]?.form.get("priority")).toBe("1");
    expect(await count("pushover_alert_log", "WHERE target = 'apex-sync'")).toBe(1);

    const key = await createApiKey();
    const failing = await json<Record<string, unknown>>(await call("GET", "/api/apex-sync-status", undefined, { key }));
    expect(failing).toMatchObject({ failing: true, consecutive_failures: 8, stale: true, alerted: true });
    expect((failing.last_error as { message: string }).message).toBe(
      "Apex Trading answered 500 (Server Error) to GET /v1/shipping-orders after 2 attempts",
    );
    expect(JSON.stringify(failing)).not.toContain("test-token");

    world.apex.faults.serverErrors = 0;
    expect((await runSync(at(9))).outcome).toBe("success");
    const healthy = await json<Record<string, unknown>>(await call("GET", "/api/apex/sync-status", undefined, { key }));
    expect(healthy).toMatchObject({ failing: false, consecutive_failures: 0, alerted: false });
    world.apex.faults.serverErrors = Number.POSITIVE_INFINITY;
    for (let minute = 10; minute <= 13; minute += 1) await runSync(at(minute), { client: { maxAttempts: 1 } });
    expect(world.pushover).toHaveLength(2);
  });

  it("malformed JSON on page 2: a clear error in the status and nothing stored", async () => {
    seedBulkOrders(world.apex, { orders: 600, linesPerOrder: 1 });
    let calls = 0;
    const corruptSecondPage: typeof fetch = async (input, init) => {
      calls += 1;
      const res = await world.apex.fetch(input, init);
      return calls === 2 ? new Response((await res.text()).slice(0, 100), { status: 200, headers: res.headers }) : res;
    };
    const run = await runSync(at(0), { client: { fetch: corruptSecondPage } });
    expect(run.outcome).toBe("failed");
    expect(run.error).toBe("Apex Trading sent a reply to GET /v1/shipping-orders that is not valid JSON");
    expect(await count("apex_orders")).toBe(0);
    expect(await count("packing_items")).toBe(0);
    expect(await count("sync_state")).toBe(0);
    const key = await createApiKey();
    const status = await json<{ last_error: { message: string } }>(await call("GET", "/api/apex/sync-status", undefined, { key }));
    expect(status.last_error.message).toBe("Apex Trading sent a reply to GET /v1/shipping-orders that is not valid JSON");
  });

  it("two overlapping runs: one works, the other exits as skipped", async () => {
    seedBulkOrders(world.apex, { orders: 20, linesPerOrder: 2 });
    world.apex.faults.delayMs = 150;
    const [a, b] = await Promise.all([runSync(at(0)), runSync(at(0))]);
    expect([a.outcome, b.outcome].sort()).toEqual(["skipped", "success"]);
    expect(world.apex.requests("GET", "/api/v1/shipping-orders")).toHaveLength(1);
    expect(await count("job_runs", "WHERE outcome = 'skipped'")).toBe(1);
    expect(await count("apex_orders")).toBe(20);
  });

  it("a bad token fails the run with a clear message", async () => {
    world.apex.token = "130|other";
    const run = await runSync(at(0));
    expect(run.outcome).toBe("failed");
    expect(run.error).toBe("Apex Trading rejected the API token (401 Unauthenticated.); check the APEX_API_TOKEN secret");
  });

  it("maps lines to METRC: Apex label first, else FIFO by strain; skips non-pre-roll items", async () => {
    await seedPackage({ metrc: "1A4000000000000000000002", strain: "Blue Dream", grams: 100, created: "2026-02-01T00:00:00.000Z" });
    await seedPackage({ metrc: "1A4000000000000000000001", strain: "Blue Dream", grams: 100, created: "2026-01-01T00:00:00.000Z" });
    world.apex.addOrder({
      id: 7,
      lines: [
        { product_name: "MoM - Blue Dream 0.5g Pre-Roll", quantity: 10 },
        { product_name: "MoM - Blue Dream 1g Pre-Roll", quantity: 5, metrc_package_label: "1A4000000000000000000002" },
        { product_name: "MoM - Blue Dream 3.5g Flower", quantity: 2 },
      ],
    });
    await runSync(at(0));
    const rows = await env.DB.prepare(
      "SELECT product_name, batch_name, metrc_source, grams_per_unit FROM packing_items ORDER BY product_name",
    ).all();
    expect(rows.results).toEqual([
      { product_name: "MoM - Blue Dream 0.5g Pre-Roll", batch_name: "1A4000000000000000000001", metrc_source: "fifo", grams_per_unit: 0.5 },
      { product_name: "MoM - Blue Dream 1g Pre-Roll", batch_name: "1A4000000000000000000002", metrc_source: "apex", grams_per_unit: 1 },
    ]);
    expect(await count("apex_order_items")).toBe(3);
    const pkg1 = await env.DB.prepare("SELECT grams_ordered FROM finished_goods WHERE metrc_number = '1A4000000000000000000001'").first();
    expect(pkg1).toEqual({ grams_ordered: 5 });
  });
});

describe("scheduled()", () => {
  it("runs the Apex sync for the every-minute cron and records the run", async () => {
    world.apex.addOrder({ id: 9, lines: [{ product_name: "MoM - Gelato 1g Pre-Roll", quantity: 2 }] });
    const controller = createScheduledController({ cron: "* * * * *", scheduledTime: T0 });
    const ctx = createExecutionContext();
    await worker.scheduled?.(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    const run = await env.DB.prepare("SELECT job, started_at, outcome, rows_processed FROM job_runs").first();
    expect(run).toEqual({ job: "apex-sync", started_at: new Date(T0).toISOString(), outcome: "success", rows_processed: 1 });
    expect(await count("packing_items")).toBe(1);
  });
});
