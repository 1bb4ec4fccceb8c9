import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAreaClock } from "../../durable-objects/hub-client";
import type { Topic } from "../../durable-objects/topics";
import { setErrorReporter } from "../../src/http/errors";
import worker from "../../src/index";
import { seedBulkOrders } from "../fakes/apex-data.mjs";
import { count, installFakes, runSync } from "../helpers/fake-apex";
import { createPackage, rowOf } from "../helpers/finished-goods";
import { createApiKey, ORIGIN } from "../helpers/http";

/**
 * The batch hub failing. The Worker is called with an env whose BATCH_HUB hands out stubs that
 * throw (as a hub restarting after a deploy does) and then, when told, pass calls to the real hub.
 */
type Faults = { stampFailures: number; readsFail: boolean };

function hubWith(faults: Faults): Env["BATCH_HUB"] {
  const real = env.BATCH_HUB;
  const refuse = () => Promise.reject(new Error("Durable Object reset because its code was updated."));
  return {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id);
      return {
        stamp: (topic: Topic) => {
          if (faults.stampFailures <= 0) return stub.stamp(topic);
          faults.stampFailures -= 1;
          return refuse();
        },
        stampMany: (topics: Topic[]) => {
          if (faults.stampFailures <= 0) return stub.stampMany(topics);
          faults.stampFailures -= 1;
          return refuse();
        },
        versionOf: (topic: Topic) => (faults.readsFail ? refuse() : stub.versionOf(topic)),
        clockOf: (topic: Topic) => (faults.readsFail ? refuse() : stub.clockOf(topic)),
      };
    },
  } as unknown as Env["BATCH_HUB"];
}

const reported: Record<string, string>[] = [];
let key: string;
beforeAll(async () => {
  key = await createApiKey();
  setErrorReporter((_error, context) => reported.push(context));
});
afterAll(() => setErrorReporter(() => {}));

/** One request through the whole Worker (front door included) with the faulty hub; waits for its background work. */
async function send(faults: Faults, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "X-API-Key": key, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const res = await worker.fetch(request as Parameters<typeof worker.fetch>[0], { ...env, BATCH_HUB: hubWith(faults) }, ctx);
  const text = await res.text();
  await waitOnExecutionContext(ctx);
  return { status: res.status, etag: res.headers.get("ETag"), text };
}

describe("a committed write when the batch hub throws", () => {
  const writes: [string, Topic, unknown, () => Promise<boolean>][] = [
    [
      "/api/batch",
      "batches",
      { strain: "Hub Fault Kush", input_grams: 100, target_grams_each: 0.5 },
      async () =>
        (await env.DB.prepare("SELECT count(*) AS n FROM batches WHERE strain = 'Hub Fault Kush'").first<{ n: number }>())?.n === 1,
    ],
    [
      "/api/inventory/update",
      "inventory",
      { size: "0_7", box_count: 7, individual_papers: 77 },
      async () =>
        (await env.DB.prepare("SELECT individual_papers FROM inventory WHERE size = '0_7'").first<{ individual_papers: number }>())
          ?.individual_papers === 77,
    ],
  ];

  it.each(writes)(
    "POST %s answers 2xx, keeps the change, reports the failure and moves the clock once the hub is back",
    async (path, topic, body, saved) => {
      const before = await readAreaClock(env, topic);
      reported.length = 0;
      const res = await send({ stampFailures: 1, readsFail: false }, "POST", path, body);
      expect(res.status, res.text).toBeLessThan(300);
      expect(await saved()).toBe(true);
      expect(reported).toContainEqual({ area: topic, during: "hub stamp" });
      // The retry ran after the answer, inside waitUntil.
      expect(await readAreaClock(env, topic)).toBeGreaterThan(before);
    },
  );

  it("a finished-goods deduct answers 200 while the hub stays down, and the grams are taken once", async () => {
    const metrc = await createPackage(key, { grams: 500 });
    const before = await readAreaClock(env, "finished-goods");
    const res = await send({ stampFailures: Number.POSITIVE_INFINITY, readsFail: true }, "POST", `/api/finished-goods/${metrc}/deduct`, {
      grams: 40,
    });
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ success: true, previous_grams: 500, current_grams: 460 });
    expect((await rowOf(metrc))?.current_grams).toBe(460);
    // Every retry failed too: the clock stayed where it was, and nothing threw.
    expect(await readAreaClock(env, "finished-goods")).toBe(before);
  });
});

describe("hot lists when the batch hub cannot answer", () => {
  it.each([
    ["/api/data", "Direct Insert OG"],
    ["/api/archive", "Archived Direct Haze"],
    ["/api/finished-goods/", "Direct Package Widow"],
  ])("GET %s is read from D1, uncached and without an ETag, even for a key revalidation", async (path, marker) => {
    const healthy = await send({ stampFailures: 0, readsFail: false }, "GET", path);
    expect(healthy.status).toBe(200);
    expect(healthy.etag).not.toBeNull();
    // A row written straight into D1 moves no clock: only an uncached read can show it.
    if (path === "/api/finished-goods/") {
      await env.DB.prepare(
        `INSERT INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date)
         VALUES ('1A40603000000DIRECT000001', ?, 10, 10, 'active', '2026-01-01', '2026-01-01')`,
      )
        .bind(marker)
        .run();
    } else {
      await env.DB.prepare("INSERT INTO batches (id, strain, input_grams, target_grams_each, archived) VALUES (?, ?, 10, 0.5, ?)")
        .bind(crypto.randomUUID(), marker, path === "/api/archive" ? 1 : 0)
        .run();
    }
    const down = { stampFailures: 0, readsFail: true };
    for (const headers of [{}, { "If-None-Match": healthy.etag ?? "" }] as Record<string, string>[]) {
      const res = await send(down, "GET", path, undefined, headers);
      expect(res.status, res.text).toBe(200);
      expect(res.etag).toBeNull();
      expect(res.text).toContain(marker);
    }
  });
});

describe("Apex order sync when the batch hub throws", () => {
  it("records success, because the orders are committed, and writes them once", async () => {
    const world = installFakes();
    seedBulkOrders(world.apex, { orders: 3, linesPerOrder: 2 });
    const outcome = await runSync(
      new Date("2026-03-02T12:00:00.000Z"),
      {},
      { ...env, BATCH_HUB: hubWith({ stampFailures: 99, readsFail: true }) },
    );
    expect(outcome.outcome, outcome.error).toBe("success");
    expect(await count("apex_orders")).toBe(3);
    expect(await count("packing_items")).toBe(6);
    const run = await env.DB.prepare("SELECT outcome FROM job_runs WHERE job = 'apex-sync' ORDER BY id DESC LIMIT 1").first<{
      outcome: string;
    }>();
    expect(run?.outcome).toBe("success");
  });
});
