import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createPackage, historyCount, rowOf } from "../helpers/finished-goods";
import { call, createApiKey, json } from "../helpers/http";

let key = "";
beforeAll(async () => {
  key = await createApiKey();
});

type Body = Record<string, unknown>;
const post = (metrc: string, op: string, body: unknown) => call("POST", `/api/finished-goods/${metrc}/${op}`, body, { key });
const get = (path: string) => call("GET", path, undefined, { key });

async function expectRefused(res: Promise<Response>, metrc: string, status: number, error: string) {
  const before = await rowOf(metrc);
  const history = await historyCount(metrc);
  const answer = await res;
  expect([answer.status, await answer.json()]).toEqual([status, { error }]);
  expect(await rowOf(metrc)).toEqual(before);
  expect(await historyCount(metrc)).toBe(history);
}

describe("per-package Apex and SKU routes on an unknown package", () => {
  it.each([
    ["POST", "set-skus", { skus: [] }],
    ["POST", "apex-auto", { enabled: true }],
    ["POST", "apex-units", { singles_0_5g: 1 }],
    ["POST", "apex-settings", { settings: {} }],
    ["GET", "apex-calculate", undefined],
    ["POST", "apex-decrement", { sku: "0.5g Singles", units: 1 }],
    ["GET", "custom-skus", undefined],
    ["POST", "custom-skus", { custom_skus: null }],
    ["PUT", "custom-skus", { sku_key: "x", sku_def: { unit_size: "1g" } }],
    ["DELETE", "custom-skus/x", undefined],
  ])("%s %s answers 404", async (method, op, body) => {
    const res = await call(method, `/api/finished-goods/1A4060300000NOTREAL00000/${op}`, body, { key });
    expect([res.status, await res.json()]).toEqual([404, { error: "Package not found" }]);
  });
});

describe("POST …/set-skus", () => {
  it("stores the breakdown and echoes it", async () => {
    const metrc = await createPackage(key);
    const skus = [{ product_name: "CannaDart", unit_size: "0.5g", pack_size: 1, packs_ordered: 200 }];
    expect(await json(await post(metrc, "set-skus", { skus }))).toEqual({ success: true, metrc_number: metrc, skus, total_grams: 100 });
    expect(JSON.parse(String((await rowOf(metrc))?.sku_breakdown))).toEqual(skus);
  });

  it.each([
    [{}, "skus is required"],
    [{ skus: "lots" }, "skus must be a list"],
    [{ skus: [{ product_name: "X", unit_size: "huge", pack_size: 1, packs_ordered: 1 }] }, "Invalid unit_size in skus line 1"],
    [{ skus: [{ product_name: "X", unit_size: "0.5g", pack_size: 0, packs_ordered: 1 }] }, "Invalid value for skus.0.pack_size"],
  ])("refuses %j", async (body, error) => {
    const metrc = await createPackage(key);
    await expectRefused(post(metrc, "set-skus", body), metrc, 400, error);
  });
});

describe("POST …/apex-auto", () => {
  it("switches Apex on and off", async () => {
    const metrc = await createPackage(key);
    expect(await json(await post(metrc, "apex-auto", { enabled: true }))).toEqual({
      success: true,
      metrc_number: metrc,
      apex_auto_inventory: true,
    });
    expect(await rowOf(metrc)).toMatchObject({ apex_auto_inventory: 1 });
    expect(await json(await post(metrc, "apex-auto", { enabled: false }))).toMatchObject({ apex_auto_inventory: false });
  });

  it.each([
    [{}, "enabled is required"],
    [{ enabled: "yes" }, "enabled must be true or false"],
  ])("refuses %j", async (body, error) => {
    const metrc = await createPackage(key);
    await expectRefused(post(metrc, "apex-auto", body), metrc, 400, error);
  });
});

describe("POST …/apex-units and …/apex-settings", () => {
  it("apex-units sets manual counts that the calculation then uses", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    expect(await json(await post(metrc, "apex-units", { singles_0_5g: 821, magnetic_box_6pk: 136 }))).toEqual({
      success: true,
      metrc_number: metrc,
      singles_0_5g: 821,
      magnetic_box_6pk: 136,
    });
    const calc = await json<{ calculated_units: Record<string, Body> }>(await get(`/api/finished-goods/${metrc}/apex-calculate`));
    expect(calc.calculated_units["0.5g Singles"]).toMatchObject({ units: 821, manual: true });
    expect(calc.calculated_units["1.0g Singles"]).toMatchObject({ units: 100, manual: false });
    expect(JSON.parse(String((await rowOf(metrc))?.apex_units))).toEqual({ singles_0_5g: 821, magnetic_box_6pk: 136 });
  });

  it.each([
    [{}, "Send at least one of singles_0_5g, singles_1g, magnetic_box_6pk, magnetic_box_12pk"],
    [{ singles_1g: -1 }, "singles_1g must be a whole number of 0 or more"],
    [{ singles_1g: 2.5 }, "singles_1g must be a whole number of 0 or more"],
  ])("apex-units refuses %j", async (body, error) => {
    const metrc = await createPackage(key);
    await expectRefused(post(metrc, "apex-units", body), metrc, 400, error);
  });

  it("apex-settings accepts keys or display names, stores canonical keys and can recalculate", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    const res = await post(metrc, "apex-settings", {
      settings: { "1.0g Singles": { excluded: true }, box_0_5g_6pk: { manual_units: 12 } },
      auto_calculate: true,
    });
    const body = await json<{ settings: Body; calculated_units: Record<string, Body> }>(res);
    expect(body.settings).toEqual({
      singles_1g: { excluded: true, manual_units: null },
      magnetic_box_6pk: { excluded: false, manual_units: 12 },
    });
    expect(body.calculated_units["1.0g Singles"]).toMatchObject({ units: 0, excluded: true });
    expect(body.calculated_units["0.5g 6-Pack (Magnetic Box)"]).toMatchObject({ units: 12, manual: true });
    expect(body.calculated_units["0.5g Singles"]).toMatchObject({ units: 700 });
    // Settings merge: a later call for one SKU keeps the others.
    await post(metrc, "apex-settings", { settings: { singles_1g: { excluded: false } } });
    const stored = JSON.parse(String((await rowOf(metrc))?.apex_sku_settings));
    expect(stored.magnetic_box_6pk).toEqual({ excluded: false, manual_units: 12 });
    expect(stored.singles_1g).toEqual({ excluded: false });
  });

  it.each([
    [{}, "settings is required"],
    [{ settings: [] }, "settings must be an object keyed by SKU"],
    [{ settings: { "2g Jumbo": { excluded: true } } }, "Unknown SKU: 2g Jumbo"],
    [{ settings: { singles_1g: { manual_units: -4 } } }, "Invalid value for settings.singles_1g.manual_units"],
  ])("apex-settings refuses %j", async (body, error) => {
    const metrc = await createPackage(key);
    await expectRefused(post(metrc, "apex-settings", body), metrc, 400, error);
  });
});

describe("GET …/apex-calculate and the bulk GET /api/finished-goods/apex-calculate", () => {
  it("per package: units per SKU from available grams, excluded SKUs at 0", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    await post(metrc, "apex-settings", { settings: { magnetic_box_6pk: { excluded: true } } });
    const body = await json<Body & { calculated_units: Record<string, Body> }>(await get(`/api/finished-goods/${metrc}/apex-calculate`));
    expect(body).toMatchObject({
      success: true,
      metrc_number: metrc,
      available_grams: 350.2,
      total_grams_allocated: 350,
      remaining_grams: 0.2,
    });
    expect(body.calculated_units).toMatchObject({
      "0.5g Singles": { units: 700, grams_used: 350, excluded: false },
      "1.0g Singles": { units: 350, grams_used: 350, excluded: false },
      "0.5g 6-Pack (Magnetic Box)": { units: 0, grams_used: 0, excluded: true },
      "0.5g 12-Pack (Magnetic Box)": { units: 58, grams_used: 348, excluded: false },
    });
  });

  it("bulk: every live Apex-ON package keyed by METRC with units by SKU key", async () => {
    const on = await createPackage(key, { strain: "Apex On", grams: 500 });
    const off = await createPackage(key, { strain: "Apex Off", grams: 500 });
    const archived = await createPackage(key, { strain: "Apex Archived", grams: 500 });
    await post(on, "apex-auto", { enabled: true });
    await post(archived, "apex-auto", { enabled: true });
    await call("DELETE", `/api/finished-goods/${archived}`, undefined, { key });
    await post(on, "order", { grams: 200 });
    const body = await json<Record<string, Body>>(await get("/api/finished-goods/apex-calculate"));
    expect(body[on]).toEqual({
      strain: "Apex On",
      available_grams: 300,
      units: { singles_0_5g: 600, singles_1g: 300, magnetic_box_6pk: 100, magnetic_box_12pk: 50 },
    });
    expect(body).not.toHaveProperty(off);
    expect(body).not.toHaveProperty(archived);
  });
});

describe("POST …/apex-decrement", () => {
  it("lowers manual units once per idempotency key", async () => {
    const metrc = await createPackage(key, { grams: 500 });
    await post(metrc, "apex-units", { singles_0_5g: 600 });
    const body = { sku: "0.5g Singles", units: 10, idempotency_key: "sale-2026-02-28-001" };
    expect(await json(await post(metrc, "apex-decrement", body))).toEqual({
      success: true,
      metrc_number: metrc,
      sku: "0.5g Singles",
      sku_key: "singles_0_5g",
      units_decremented: 10,
      previous_units: 600,
      current_units: 590,
      idempotency_key: "sale-2026-02-28-001",
    });
    const history = await historyCount(metrc);
    expect(await json(await post(metrc, "apex-decrement", body))).toEqual({
      success: true,
      duplicate: true,
      message: "Already processed",
      idempotency_key: "sale-2026-02-28-001",
    });
    expect(await historyCount(metrc)).toBe(history);
    const ledger = JSON.parse(
      String(
        (await env.DB.prepare("SELECT processed_decrements FROM finished_goods WHERE metrc_number = ?").bind(metrc).first())
          ?.processed_decrements,
      ),
    );
    expect(ledger["sale-2026-02-28-001"]).toMatchObject({ sku: "singles_0_5g", units: 10 });
  });

  it("the same key sent 20 times at once decrements once", async () => {
    const metrc = await createPackage(key, { grams: 500 });
    await post(metrc, "apex-units", { magnetic_box_6pk: 100 });
    const history = await historyCount(metrc);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(metrc, "apex-decrement", { sku: "magnetic_box_6pk", units: 3, idempotency_key: "webhook-42" }).then((r) => json<Body>(r)),
      ),
    );
    expect(answers.filter((a) => a.duplicate === true)).toHaveLength(19);
    expect(answers.filter((a) => a.units_decremented === 3)).toHaveLength(1);
    expect(JSON.parse(String((await rowOf(metrc))?.apex_sku_settings)).magnetic_box_6pk.manual_units).toBe(97);
    expect(await historyCount(metrc)).toBe(history + 1);
  });

  it("for auto SKUs records the key and changes no grams", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const res = await json(await post(metrc, "apex-decrement", { sku: "singles_1g", units: 5, idempotency_key: "auto-1" }));
    expect(res).toMatchObject({ units_decremented: 0, previous_units: 100, current_units: 100 });
    expect(await rowOf(metrc)).toMatchObject({ current_grams: 100 });
  });

  it.each([
    [{ units: 1 }, 400, "sku and units are required"],
    [{ sku: "0.5g Singles" }, 400, "sku and units are required"],
    [{ sku: "0.5g Singles", units: 0 }, 400, "units must be a positive whole number"],
    [{ sku: "0.5g Singles", units: "5" }, 400, "units must be a positive whole number"],
    [{ sku: "Mystery", units: 1 }, 400, "Unknown SKU: Mystery"],
    [{ sku: "0.5g Singles", units: 201, idempotency_key: "too-many" }, 400, "Insufficient units available"],
  ])("refuses %j", async (body, status, error) => {
    const metrc = await createPackage(key, { grams: 100 });
    await expectRefused(post(metrc, "apex-decrement", body), metrc, status, error);
  });

  it("refuses more manual units than are left and does not record the key", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await post(metrc, "apex-units", { singles_1g: 5 });
    await expectRefused(
      post(metrc, "apex-decrement", { sku: "1.0g Singles", units: 6, idempotency_key: "k-6" }),
      metrc,
      400,
      "Insufficient units available",
    );
    expect((await post(metrc, "apex-decrement", { sku: "1.0g Singles", units: 5, idempotency_key: "k-6" })).status).toBe(200);
  });
});

describe("custom SKUs", () => {
  const premium = { unit_size: "0.8g", pack_size: 1, display_name: "0.8g Premium Singles" };

  it("replaces all, lists effective SKUs, upserts one, deletes one", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    expect(
      await json(await call("POST", `/api/finished-goods/${metrc}/custom-skus`, { custom_skus: { "0.8g Premium": premium } }, { key })),
    ).toEqual({
      success: true,
      metrc_number: metrc,
      custom_skus: { "0.8g Premium": premium },
    });
    const listed = await json<{ custom_skus: Body; effective_skus: Record<string, Body> }>(
      await get(`/api/finished-goods/${metrc}/custom-skus`),
    );
    expect(listed.custom_skus).toEqual({ "0.8g Premium": premium });
    expect(listed.effective_skus["0.5g Singles"]).toMatchObject({ unit_size: "0.5g", pack_size: 1, source: "default" });
    expect(listed.effective_skus["1.0g Singles"]).toMatchObject({ unit_size: "1.0g", pack_size: 1, source: "default" });
    expect(listed.effective_skus["0.8g Premium"]).toMatchObject({ unit_size: "0.8g", pack_size: 1, source: "custom", grams_per_unit: 0.8 });

    const dart = { name: "CannaDart", grams_per_unit: 0.8, pack_size: 1 };
    const put = await call(
      "PUT",
      `/api/finished-goods/${metrc}/custom-skus`,
      { sku_key: "cannadart_0_8g", sku_def: dart, current_settings: { "0.8g Premium": premium } },
      { key },
    );
    expect(await json(put)).toEqual({ success: true, metrc_number: metrc, sku_key: "cannadart_0_8g", sku_def: dart });
    const calc = await json<{ calculated_units: Record<string, Body> }>(await get(`/api/finished-goods/${metrc}/apex-calculate`));
    expect(calc.calculated_units.CannaDart).toMatchObject({ units: 125 });

    const del = await call("DELETE", `/api/finished-goods/${metrc}/custom-skus/${encodeURIComponent("0.8g Premium")}`, undefined, { key });
    expect(await json(del)).toEqual({ success: true, metrc_number: metrc, deleted_sku: "0.8g Premium" });
    expect(JSON.parse(String((await rowOf(metrc))?.custom_skus))).toEqual({ cannadart_0_8g: dart });
    const missing = await call("DELETE", `/api/finished-goods/${metrc}/custom-skus/${encodeURIComponent("0.8g Premium")}`, undefined, {
      key,
    });
    expect([missing.status, await missing.json()]).toEqual([404, { error: "Custom SKU not found" }]);

    expect(await json(await call("POST", `/api/finished-goods/${metrc}/custom-skus`, { custom_skus: null }, { key }))).toMatchObject({
      custom_skus: null,
    });
    expect((await rowOf(metrc))?.custom_skus).toBeNull();
  });

  it("PUT with stale current_settings is refused with 409 and changes nothing", async () => {
    const metrc = await createPackage(key);
    await call("POST", `/api/finished-goods/${metrc}/custom-skus`, { custom_skus: { a: { unit_size: "0.7g" } } }, { key });
    await expectRefused(
      call(
        "PUT",
        `/api/finished-goods/${metrc}/custom-skus`,
        { sku_key: "b", sku_def: { unit_size: "0.9g" }, current_settings: {} },
        { key },
      ),
      metrc,
      409,
      "Custom SKUs were changed by someone else; reload and try again",
    );
  });

  it.each([
    ["POST", {}, "custom_skus field is required"],
    ["POST", { custom_skus: { x: { pack_size: 2 } } }, 'Custom SKU "x" needs grams_per_unit or unit_size'],
    ["POST", { custom_skus: { "0.5g Singles": { unit_size: "0.5g" } } }, 'Custom SKU "0.5g Singles" uses a name that is already taken'],
    ["POST", { custom_skus: { 'a"b': { unit_size: "0.5g" } } }, 'Invalid custom SKU key "a"b"'],
    ["PUT", { sku_key: "x" }, "sku_key and sku_def are required"],
    ["PUT", { sku_def: { unit_size: "1g" } }, "sku_key and sku_def are required"],
    ["PUT", { sku_key: "x", sku_def: { unit_size: "nope" } }, 'Custom SKU "x" has an invalid unit_size'],
  ])("%s refuses %j", async (method, body, error) => {
    const metrc = await createPackage(key);
    await expectRefused(call(method, `/api/finished-goods/${metrc}/custom-skus`, body, { key }), metrc, 400, error);
  });
});
