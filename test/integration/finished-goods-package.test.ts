import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createPackage, getPackage, historyCount, rowOf } from "../helpers/finished-goods";
import { call, createApiKey, json } from "../helpers/http";

let key = "";
beforeAll(async () => {
  key = await createApiKey();
});

type Body = Record<string, unknown>;
const get = async (path: string, headers: Record<string, string> = {}) => call("GET", path, undefined, { key, headers });

describe("GET /api/finished-goods/{metrc_number}", () => {
  it("returns the package with derived fields", async () => {
    const metrc = await createPackage(key, { strain: "Runtz", grams: 500 });
    expect(await getPackage(key, metrc)).toMatchObject({
      metrc_number: metrc,
      strain: "Runtz",
      initial_grams: 500,
      grams_fulfilled: 0,
      sku_breakdown: null,
      apex_auto_inventory: 0,
    });
  });

  it.each([["1A4060300000NOTREAL00000"], ["nope"], [encodeURIComponent("'; DROP TABLE x; --")]])("answers 404 for %s", async (metrc) => {
    const res = await get(`/api/finished-goods/${metrc}`);
    expect([res.status, await res.json()]).toEqual([404, { error: "Package not found" }]);
  });
});

describe("PUT /api/finished-goods/{metrc_number}", () => {
  it("edits strain, notes and source batch with a history row holding the reason", async () => {
    const metrc = await createPackage(key, { strain: "Old", grams: 100 });
    const res = await call("PUT", `/api/finished-goods/${metrc}`, { notes: "Updated notes", reason: "typo" }, { key });
    expect(await json(res)).toMatchObject({
      success: true,
      updated_fields: ["notes"],
      package: { metrc_number: metrc, strain: "Old", notes: "Updated notes" },
    });
    const last = await env.DB.prepare("SELECT change_type, details FROM finished_goods_history WHERE metrc_number = ? ORDER BY id DESC")
      .bind(metrc)
      .first<Body>();
    expect(last?.change_type).toBe("updated");
    expect(JSON.parse(String(last?.details))).toMatchObject({ reason: "typo", fields: ["notes"] });
  });

  it.each([
    [{}, "Nothing to update: send strain, notes or source_batch_id"],
    [{ strain: "" }, "strain cannot be empty"],
    [{ strain: 7 }, "strain must be text"],
    [{ source_batch_id: "no-such-batch" }, "source_batch_id does not match a batch"],
    [{ notes: "n".repeat(6000) }, "notes must be 5000 characters or fewer"],
  ])("refuses %j and changes nothing", async (body, error) => {
    const metrc = await createPackage(key, { strain: "Keep", grams: 100 });
    const res = await call("PUT", `/api/finished-goods/${metrc}`, body, { key });
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await rowOf(metrc)).toMatchObject({ strain: "Keep", notes: null });
    expect(await historyCount(metrc)).toBe(1);
  });

  it("answers 404 for an unknown package", async () => {
    const res = await call("PUT", "/api/finished-goods/1A4060300000NOTREAL00000", { notes: "x" }, { key });
    expect([res.status, await res.json()]).toEqual([404, { error: "Package not found" }]);
  });
});

describe("DELETE /api/finished-goods/{metrc_number}", () => {
  it("archives by default, restores, orphans, each with a history row", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const archive = await call("DELETE", `/api/finished-goods/${metrc}`, undefined, { key });
    expect(await json(archive)).toMatchObject({ success: true, message: "Package archived successfully" });
    expect(await rowOf(metrc)).toMatchObject({ status: "archived" });
    const restore = await call("DELETE", `/api/finished-goods/${metrc}?restore=true`, undefined, { key });
    expect(await json(restore)).toMatchObject({ success: true, message: "Package restored successfully", status: "active" });
    const orphan = await call("DELETE", `/api/finished-goods/${metrc}?orphan=true`, undefined, { key });
    expect(await json(orphan)).toMatchObject({ success: true, message: "Package marked as orphaned" });
    expect(await rowOf(metrc)).toMatchObject({ status: "orphaned" });
    const types = await env.DB.prepare("SELECT change_type FROM finished_goods_history WHERE metrc_number = ? ORDER BY id")
      .bind(metrc)
      .all();
    expect(types.results.map((r) => r.change_type)).toEqual(["created", "archived", "restored", "orphaned"]);
  });

  it("restores a fully committed package as depleted", async () => {
    const metrc = await createPackage(key, { grams: 10 });
    await call("POST", `/api/finished-goods/${metrc}/set-ordered`, { grams: 10 }, { key });
    await call("DELETE", `/api/finished-goods/${metrc}`, undefined, { key });
    const res = await call("DELETE", `/api/finished-goods/${metrc}?restore=true`, undefined, { key });
    expect(await json(res)).toMatchObject({ status: "depleted" });
  });

  it("deletes permanently, keeping history", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const res = await call("DELETE", `/api/finished-goods/${metrc}?permanent=true`, undefined, { key });
    expect(await json(res)).toMatchObject({ success: true, message: "Package permanently deleted", holds_released: 0 });
    expect(await rowOf(metrc)).toBeNull();
    expect(await historyCount(metrc)).toBe(2);
    expect((await get(`/api/finished-goods/${metrc}`)).status).toBe(404);
  });

  it("answers 404 for unknown packages in every mode", async () => {
    for (const q of ["", "?restore=true", "?orphan=true", "?permanent=true"]) {
      const res = await call("DELETE", `/api/finished-goods/1A4060300000NOTREAL00000${q}`, undefined, { key });
      expect([res.status, await res.json()]).toEqual([404, { error: "Package not found" }]);
    }
  });

  it("refuses bad flags", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    expect((await call("DELETE", `/api/finished-goods/${metrc}?permanent=yesplease`, undefined, { key })).status).toBe(400);
    expect(await rowOf(metrc)).toMatchObject({ status: "active" });
  });
});

describe("GET /api/finished-goods/{metrc_number}/history", () => {
  it("lists the package's changes newest first with grams_changed and reason", async () => {
    const metrc = await createPackage(key, { strain: "Blue Dream", grams: 500 });
    await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 50, reason: "wholesale order fulfillment" }, { key });
    const body = await json<{ history: Body[] } & Body>(await get(`/api/finished-goods/${metrc}/history`));
    expect(body).toMatchObject({ metrc_number: metrc, strain: "Blue Dream", total_changes: 2 });
    expect(body.history).toEqual([
      expect.objectContaining({
        change_type: "deducted",
        grams_changed: -50,
        current_grams: 450,
        reason: "wholesale order fulfillment",
        source: "api",
      }),
      expect.objectContaining({ change_type: "created", grams_changed: 500, current_grams: 500, reason: "initial package creation" }),
    ]);
  });

  it("answers 404 for an unknown package", async () => {
    const res = await get("/api/finished-goods/1A4060300000NOTREAL00000/history");
    expect([res.status, await res.json()]).toEqual([404, { error: "Package not found" }]);
  });
});
