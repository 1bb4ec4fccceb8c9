import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows, createPackage, rowOf } from "../helpers/finished-goods";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

let key = "";
let cookie = "";
beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
});

type Body = Record<string, unknown>;
const asSession = (method: string, path: string, body?: unknown) => call(method, path, body, { cookie });
const hold = (metrc: string, sku_name: string, quantity: unknown, notes?: string) =>
  asSession("POST", "/api/wholesale/hold", { metrc_number: metrc, sku_name, quantity, notes });

describe("POST /api/wholesale/hold", () => {
  it("holds units and lowers the units shown to Apex and the available grams", async () => {
    const metrc = await createPackage(key, { strain: "Hold Dream", grams: 350.2 });
    const res = await hold(metrc, "0.5g Singles", 50, "Wholesale order #456");
    const body = await json<Body>(res);
    expect(body).toMatchObject({ success: true, message: "Hold created" });
    expect(String(body.hold_id)).toMatch(/^hold-/);
    const pkg = await json<Body>(await call("GET", `/api/finished-goods/${metrc}`, undefined, { key }));
    expect(pkg).toMatchObject({ held_grams: 25, available_grams: 325.2, wholesale_holds: { "0.5g Singles": 50 } });
    expect(pkg.apex_calculated_units).toMatchObject({ "0.5g Singles": 650, "1.0g Singles": 325 });
    const stored = await env.DB.prepare("SELECT * FROM wholesale_holds WHERE id = ?").bind(body.hold_id).first();
    expect(stored).toMatchObject({
      metrc_number: metrc,
      sku_name: "0.5g Singles",
      sku_key: "singles_0_5g",
      grams_per_unit: 0.5,
      quantity: 50,
      notes: "Wholesale order #456",
    });
    expect(await countRows("event_log", "action = 'hold_created' AND target = ?", body.hold_id)).toBe(1);
  });

  it.each(["box_0_5g_6pk", "0.5g 6-Pack", "6-Pack Magnetic Box"])(
    "accepts the SKU spelled %s and stores the display name",
    async (spelling) => {
      const metrc = await createPackage(key, { grams: 100 });
      expect((await hold(metrc, spelling, 2)).status).toBe(200);
      const stored = await env.DB.prepare("SELECT sku_name, sku_key FROM wholesale_holds WHERE metrc_number = ?").bind(metrc).first();
      expect(stored).toEqual({ sku_name: "0.5g 6-Pack (Magnetic Box)", sku_key: "magnetic_box_6pk" });
    },
  );

  it("refuses more than is available with the documented message and stores nothing", async () => {
    const metrc = await createPackage(key, { grams: 350 });
    await hold(metrc, "0.5g Singles", 50);
    const before = await countRows("wholesale_holds");
    const res = await hold(metrc, "0.5g Singles", 700);
    expect([res.status, await res.json()]).toEqual([400, { error: "Only 650 units available (requested 700)" }]);
    expect(await countRows("wholesale_holds")).toBe(before);
  });

  it.each([
    [{ sku_name: "0.5g Singles", quantity: 1 }, "metrc_number, sku_name, and quantity are required"],
    [{ metrc_number: "X", quantity: 1 }, "metrc_number, sku_name, and quantity are required"],
    [{ metrc_number: "X", sku_name: "0.5g Singles" }, "metrc_number, sku_name, and quantity are required"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: null }, "metrc_number, sku_name, and quantity are required"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: 0 }, "Quantity must be positive"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: -5 }, "Quantity must be positive"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: 2.5 }, "Quantity must be a whole number"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: "10" }, "Quantity must be a whole number"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: 1e308 }, "Quantity must be a whole number"],
    [{ metrc_number: "X", sku_name: "0.5g Singles", quantity: 2_000_000 }, "Quantity must be at most 1000000"],
    [{ metrc_number: "X", sku_name: "s".repeat(2_000_000), quantity: 1 }, "sku_name must be 100 characters or fewer"],
  ])("refuses %j", async (body, error) => {
    const before = await countRows("wholesale_holds");
    const res = await asSession("POST", "/api/wholesale/hold", body);
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await countRows("wholesale_holds")).toBe(before);
  });

  it("answers 404 with success false for an unknown package", async () => {
    const res = await hold("1A4060300000NOTREAL00000", "0.5g Singles", 1);
    expect([res.status, await res.json()]).toEqual([404, { success: false, error: "Package not found" }]);
  });

  it("refuses unknown SKUs and archived packages", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const unknown = await hold(metrc, "2g Jumbo", 1);
    expect([unknown.status, await unknown.json()]).toEqual([400, { error: "Unknown SKU: 2g Jumbo" }]);
    await call("DELETE", `/api/finished-goods/${metrc}`, undefined, { key });
    const archived = await hold(metrc, "0.5g Singles", 1);
    expect([archived.status, await archived.json()]).toEqual([400, { error: "Holds can only be placed on active packages" }]);
  });

  it("refuses holds of an excluded SKU, and manual units bound holds", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await call(
      "POST",
      `/api/finished-goods/${metrc}/apex-settings`,
      { settings: { singles_1g: { excluded: true }, magnetic_box_6pk: { manual_units: 5 } } },
      { key },
    );
    const excluded = await hold(metrc, "1.0g Singles", 1);
    expect([excluded.status, await excluded.json()]).toEqual([400, { error: "Only 0 units available (requested 1)" }]);
    expect((await hold(metrc, "magnetic_box_6pk", 5)).status).toBe(200);
    const more = await hold(metrc, "magnetic_box_6pk", 1);
    expect([more.status, await more.json()]).toEqual([400, { error: "Only 0 units available (requested 1)" }]);
  });

  it("is session only", async () => {
    const res = await call("POST", "/api/wholesale/hold", { metrc_number: "X", sku_name: "0.5g Singles", quantity: 1 }, { key });
    expect([res.status, await res.json()]).toEqual([401, { error: "Authentication required" }]);
  });
});

describe("concurrent holds", () => {
  it.each([
    [100, 200, 20],
    [50, 100, 10],
  ])("50 holds of 10 units on a %d g package (%d free singles) → exactly %d succeed", async (grams, _free, expected) => {
    const metrc = await createPackage(key, { grams });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        hold(metrc, "0.5g Singles", 10).then(async (r) => ({ status: r.status, body: await json<Body>(r) })),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(expected);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(400);
      expect(String(a.body.error)).toMatch(/^Only \d+ units available \(requested 10\)$/);
    }
    const held = await env.DB.prepare("SELECT SUM(quantity) AS q FROM wholesale_holds WHERE metrc_number = ?")
      .bind(metrc)
      .first<{ q: number }>();
    expect(held?.q).toBe(expected * 10);
    expect(await rowOf(metrc)).toMatchObject({ status: "depleted" });
  });
});

describe("DELETE /api/wholesale/hold/{hold_id}", () => {
  it("releases a hold; availability rises at once", async () => {
    const metrc = await createPackage(key, { grams: 10 });
    const { hold_id } = await json<{ hold_id: string }>(await hold(metrc, "1.0g Singles", 10));
    expect(await rowOf(metrc)).toMatchObject({ status: "depleted" });
    const res = await asSession("DELETE", `/api/wholesale/hold/${hold_id}`);
    expect(await json(res)).toEqual({ success: true, message: "Hold released" });
    expect(await countRows("wholesale_holds", "id = ?", hold_id)).toBe(0);
    const pkg = await json<Body>(await call("GET", `/api/finished-goods/${metrc}`, undefined, { key }));
    expect(pkg).toMatchObject({ available_grams: 10, wholesale_holds: {} });
  });

  it("answers 404 with success false for an unknown hold", async () => {
    const res = await asSession("DELETE", "/api/wholesale/hold/hold-nope");
    expect([res.status, await res.json()]).toEqual([404, { success: false, error: "Hold not found" }]);
  });
});

describe("archiving with holds (gaps G-FG-3)", () => {
  it("refuses to archive or orphan while holds exist and changes nothing; permanent delete cascades", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const { hold_id } = await json<{ hold_id: string }>(await hold(metrc, "0.5g Singles", 4));
    const history = await countRows("finished_goods_history", "metrc_number = ?", metrc);
    const archive = await call("DELETE", `/api/finished-goods/${metrc}`, undefined, { key });
    expect([archive.status, await archive.json()]).toEqual([400, { error: "Release all wholesale holds before archiving" }]);
    const orphan = await call("DELETE", `/api/finished-goods/${metrc}?orphan=true`, undefined, { key });
    expect([orphan.status, await orphan.json()]).toEqual([400, { error: "Release all wholesale holds before marking as orphaned" }]);
    expect(await rowOf(metrc)).toMatchObject({ status: "active" });
    expect(await countRows("finished_goods_history", "metrc_number = ?", metrc)).toBe(history);
    const gone = await call("DELETE", `/api/finished-goods/${metrc}?permanent=true`, undefined, { key });
    expect(await json(gone)).toMatchObject({ success: true, holds_released: 1 });
    expect(await countRows("wholesale_holds", "id = ?", hold_id)).toBe(0);
  });
});

describe("GET /api/wholesale/inventory, holds and last-updated", () => {
  it("groups live packages by strain with units before and after holds", async () => {
    const strain = `Wholesale Strain ${Date.now()}`;
    const a = await createPackage(key, { strain, grams: 350.2 });
    const b = await createPackage(key, { strain, grams: 10 });
    const gone = await createPackage(key, { strain, grams: 10 });
    await call("DELETE", `/api/finished-goods/${gone}`, undefined, { key });
    await hold(a, "0.5g Singles", 50);
    await call("POST", `/api/finished-goods/${b}/apex-settings`, { settings: { magnetic_box_12pk: { excluded: true } } }, { key });
    const body = await json<{ success: boolean; strains: Body[] }>(await asSession("GET", "/api/wholesale/inventory"));
    expect(body.success).toBe(true);
    const group = body.strains.find((s) => s.strain === strain) as {
      packages: Body[];
      available_grams: number;
      skus: Record<string, Body>;
    };
    expect(group.packages.map((p) => p.metrc_number)).toEqual([a, b]);
    expect(group.packages[0]).toMatchObject({ metrc_number: a, available_grams: 325.2, held_grams: 25 });
    expect((group.packages[0]?.skus as Record<string, Body> | undefined)?.["0.5g Singles"]).toMatchObject({
      units: 700,
      available: 650,
      held: 50,
    });
    expect(group.packages[1]?.skus).not.toHaveProperty("0.5g 12-Pack (Magnetic Box)");
    expect(group.available_grams).toBe(335.2);
    expect(group.skus["0.5g Singles"]).toMatchObject({ units: 720, available: 670, held: 50 });
  });

  it("lists holds, optionally for one package", async () => {
    const metrc = await createPackage(key, { strain: "Listed", grams: 100 });
    await hold(metrc, "1.0g Singles", 3, "Customer A");
    const all = await json<{ success: boolean; holds: Body[] }>(await asSession("GET", "/api/wholesale/holds"));
    expect(all.success).toBe(true);
    const one = await json<{ holds: Body[] }>(await asSession("GET", `/api/wholesale/holds?metrc_number=${metrc}`));
    expect(one.holds).toEqual([
      expect.objectContaining({
        metrc_number: metrc,
        sku_name: "1.0g Singles",
        quantity: 3,
        notes: "Customer A",
        strain: "Listed",
        created_date: expect.any(String),
        id: expect.any(String),
      }),
    ]);
    expect(all.holds.length).toBeGreaterThan(one.holds.length);
  });

  it("changes the fingerprint when holds or packages change", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const first = await json<{ fingerprint: string }>(await asSession("GET", "/api/wholesale/last-updated"));
    expect(first.fingerprint).toMatch(/^.*\|.*\|\d+$/);
    await hold(metrc, "1.0g Singles", 1);
    const second = await json<{ fingerprint: string }>(await asSession("GET", "/api/wholesale/last-updated"));
    expect(second.fingerprint).not.toBe(first.fingerprint);
    await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 1 }, { key });
    const third = await json<{ fingerprint: string }>(await asSession("GET", "/api/wholesale/last-updated"));
    expect(third.fingerprint).not.toBe(second.fingerprint);
  });

  it.each([["/api/wholesale/inventory"], ["/api/wholesale/holds"], ["/api/wholesale/last-updated"]])("%s is session only", async (path) => {
    const res = await call("GET", path, undefined, { key });
    expect([res.status, await res.json()]).toEqual([401, { error: "Authentication required" }]);
  });
});
