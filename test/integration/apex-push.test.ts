import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { apexPushObject, requestApexPush } from "../../durable-objects/apex-push-client";
import { PUSH_MIN_INTERVAL_MS } from "../../durable-objects/apex-push-scheduler";
import { type FakeWorld, installFakes, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, json } from "../helpers/http";

const P1 = "1A4000000000000000000101"; // Blue Dream 100 g
const P2 = "1A4000000000000000000102"; // Blue Dream 50 g
const P3 = "1A4000000000000000000103"; // OG Kush 20 g, 10 singles held
const P4 = "1A4000000000000000000104"; // Wedding Cake, Apex OFF
const P5 = "1A4000000000000000000105"; // Runtz, no Apex product

let world: FakeWorld;

function catalogue() {
  const products: [number, string, number][] = [
    [501, "MoM - Blue Dream 0.5g Pre-Roll", 7001],
    [502, "MoM - Blue Dream 1g Pre-Roll", 7002],
    [503, "MoM - Blue Dream 0.5g Pre-Roll 6-Pack", 7003],
    [504, "MoM - OG Kush 0.5g Pre-Roll", 7004],
    [505, "MoM - Wedding Cake 0.5g Pre-Roll", 7005],
    [506, "MoM - OG Kush 3.5g Flower", 7006],
  ];
  for (const [id, name, batch] of products) {
    world.apex.addProduct({ id, name });
    world.apex.addBatch({ id: batch, product_id: id, quantity: 0 });
  }
  // An older batch of the same product: only the newest receives the quantity.
  world.apex.addBatch({ id: 6001, product_id: 501, quantity: 0 });
}

const patches = () =>
  world.apex
    .requests("PATCH", "/api/v2/batches/")
    .map((r) => [Number(r.path.split("/").pop()), JSON.parse(r.body ?? "{}").quantity] as [number, number]);

beforeEach(async () => {
  await env.DB.batch(
    ["finished_goods", "wholesale_holds", "apex_batch_map", "sync_state", "settings"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  world = installFakes();
  catalogue();
  await seedPackage({ metrc: P1, strain: "Blue Dream", grams: 100, apexOn: true });
  await seedPackage({ metrc: P2, strain: "Blue Dream", grams: 50, apexOn: true });
  await seedPackage({ metrc: P3, strain: "OG Kush", grams: 20, apexOn: true });
  await seedPackage({ metrc: P4, strain: "Wedding Cake", grams: 80, apexOn: false });
  await seedPackage({ metrc: P5, strain: "Runtz", grams: 10, apexOn: true });
  await env.DB.prepare(
    "INSERT INTO wholesale_holds (id, metrc_number, sku_name, quantity, created_date, sku_key, grams_per_unit) VALUES ('h1', ?, '0.5g Singles', 10, '2026-03-01', 'singles_0_5g', 0.5)",
  )
    .bind(P3)
    .run();
  const stub = apexPushObject(env);
  await runInDurableObject(stub, async (_instance, state) => {
    await state.storage.deleteAll();
    await state.storage.deleteAlarm();
  });
});

describe("inventory push to Apex (debounced by the push scheduler)", () => {
  it("sums units per strain and SKU over Apex-ON packages, holds applied, newest batch only", async () => {
    await requestApexPush(env);
    expect(await runDurableObjectAlarm(apexPushObject(env))).toBe(true);
    // Blue Dream: units summed per package (a 6-pack never mixes two METRC packages): 200 + 100 singles,
    // 100 + 50 × 1 g, 33 + 16 six-packs. OG Kush: 20 g − 5 g held → 30 singles.
    expect(patches().sort((a, b) => a[0] - b[0])).toEqual([
      [7001, 300],
      [7002, 150],
      [7003, 49],
      [7004, 30],
    ]);
    expect(world.apex.batches.get(7001)?.quantity).toBe(300);
    expect(world.apex.batches.get(6001)?.quantity).toBe(0);
    expect(world.apex.batches.get(7005)?.quantity).toBe(0);
  });

  it("20 rapid finished-goods edits → one PATCH per changed batch after the debounce, with the right quantities", async () => {
    await requestApexPush(env);
    await runDurableObjectAlarm(apexPushObject(env));
    const before = world.apex.requests("PATCH").length;

    // Each edit commits its change and asks for a push, as finished-goods writes do.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await env.DB.prepare("UPDATE finished_goods SET current_grams = current_grams - 1 WHERE metrc_number = ?").bind(P1).run();
        await requestApexPush(env);
      }),
    );
    const pending = await runInDurableObject(apexPushObject(env), (_i, state) => state.storage.getAlarm());
    expect(pending).not.toBeNull();
    expect(world.apex.requests("PATCH")).toHaveLength(before);

    expect(await runDurableObjectAlarm(apexPushObject(env))).toBe(true);
    // P1 now 80 g: 160 + 100 singles, 80 + 50 × 1 g, 26 + 16 six-packs; OG Kush did not change.
    expect(
      patches()
        .slice(before)
        .sort((a, b) => a[0] - b[0]),
    ).toEqual([
      [7001, 260],
      [7002, 130],
      [7003, 42],
    ]);
    expect(await runDurableObjectAlarm(apexPushObject(env))).toBe(false);
  });

  it("keeps pushes at least 10 s apart and sends nothing when nothing changed", async () => {
    await requestApexPush(env);
    await runDurableObjectAlarm(apexPushObject(env));
    const sentAt = await runInDurableObject(apexPushObject(env), (_i, state) => state.storage.get<number>("lastPushAt"));
    const next = await apexPushObject(env).requestPush();
    expect(next).toBeGreaterThanOrEqual((sentAt ?? 0) + PUSH_MIN_INTERVAL_MS);
    const count = world.apex.requests("PATCH").length;
    await runDurableObjectAlarm(apexPushObject(env));
    expect(world.apex.requests("PATCH")).toHaveLength(count);
  });

  it("records a failed push and retries the unsent quantities next time", async () => {
    world.apex.token = "130|revoked";
    await requestApexPush(env);
    await runDurableObjectAlarm(apexPushObject(env));
    const key = await createApiKey();
    const status = await json<{ inventory_push: { last_error: string | null } }>(
      await call("GET", "/api/apex/sync-status", undefined, { key }),
    );
    expect(status.inventory_push.last_error).toBe(
      "Apex Trading rejected the API token (401 Unauthenticated.); check the APEX_API_TOKEN secret",
    );
    // The failed alarm scheduled a retry; once the token works the quantities go out.
    world.apex.token = "130|test-token";
    expect(await runDurableObjectAlarm(apexPushObject(env))).toBe(true);
    expect(patches()).toHaveLength(4);
    const healed = await json<{ inventory_push: { last_error: string | null; last_pushed: unknown[] } }>(
      await call("GET", "/api/apex/sync-status", undefined, { key }),
    );
    expect(healed.inventory_push).toMatchObject({ last_error: null });
    expect(healed.inventory_push.last_pushed).toHaveLength(4);
  });
});

describe("GET /api/apex/batch-map and POST /api/apex/batch-map/refresh", () => {
  it("shows the mapping, which batch receives each SKU, and strains nothing matches", async () => {
    const key = await createApiKey();
    const empty = await json<{ count: number; stale: boolean }>(await call("GET", "/api/apex/batch-map", undefined, { key }));
    expect(empty).toMatchObject({ count: 0, stale: true });
    const res = await call("POST", "/api/apex/batch-map/refresh", undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<{
      count: number;
      stale: boolean;
      entries: Record<string, unknown>[];
      unmatched_strains: string[];
      skipped_products: string[];
    }>(res);
    expect(body).toMatchObject({ count: 6, stale: false, unmatched_strains: ["Runtz"], skipped_products: ["MoM - OG Kush 3.5g Flower"] });
    const bd = body.entries.filter((e) => e.product_id === 501);
    expect(bd.map((e) => [e.apex_batch_id, e.is_push_target, e.sku_key, e.strain_normalized])).toEqual([
      [6001, false, "singles_0_5g", "blue dream"],
      [7001, true, "singles_0_5g", "blue dream"],
    ]);
    world.apex.token = "130|revoked";
    // Past the refresh cooldown (apex-faults.test.ts covers it).
    await env.DB.prepare("UPDATE sync_state SET updated_at = '2000-01-01T00:00:00.000Z' WHERE key = 'apex_map_refresh'").run();
    const failed = await call("POST", "/api/apex/batch-map/refresh", undefined, { key });
    expect(failed.status).toBe(502);
    expect(await json(failed)).toEqual({
      error: "Apex Trading rejected the API token (401 Unauthenticated.); check the APEX_API_TOKEN secret",
    });
    expect((await call("GET", "/api/apex/batch-map")).status).toBe(401);
  });

  it("checks the token without revealing it", async () => {
    const key = await createApiKey();
    const ok = await json(await call("GET", "/api/apex/connection", undefined, { key }));
    expect(ok).toEqual({ ok: true, message: "Welcome to the Apex Trading API" });
    world.apex.token = "130|revoked";
    const bad = await json<{ ok: boolean; error: string }>(await call("GET", "/api/apex/connection", undefined, { key }));
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain("test-token");
  });
});
