import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { type FakeWorld, installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

const P1 = "1A4000000000000000000011"; // Blue Dream
const P2 = "1A4000000000000000000022"; // OG Kush
const BD05 = "MoM - Blue Dream 0.5g Pre-Roll";
const OG1 = "MoM - OG Kush 1g Pre-Roll";

type Line = { id: number; product_name: string; batch_name: string; verified_tag: string; verified_by: string; verified_at: string | null };

let world: FakeWorld;
let key: string;

async function lineOf(productName: string): Promise<Line> {
  const line = await env.DB.prepare("SELECT * FROM packing_items WHERE product_name = ?").bind(productName).first<Line>();
  if (!line) throw new Error(`no line ${productName}`);
  return line;
}
const verify = (id: number | string, body: unknown) => call("POST", `/api/packing/items/${id}/verify`, body, { key });

beforeEach(async () => {
  const tables = ["apex_orders", "apex_order_items", "packing_items", "packing_items_archive", "sync_state", "job_runs", "job_leases"];
  await env.DB.batch(
    [...tables, "finished_goods", "finished_goods_history", "event_log", "settings"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  world = installFakes();
  key = await createApiKey();
  await seedPackage({ metrc: P1, strain: "Blue Dream", grams: 100 });
  await seedPackage({ metrc: P2, strain: "OG Kush", grams: 50 });
  world.apex.addOrder({
    id: 601,
    invoice_number: "INV-601",
    buyer: "Green Shop",
    lines: [
      { product_name: BD05, quantity: 10 },
      { product_name: OG1, quantity: 4 },
    ],
  });
  world.apex.addOrder({
    id: 602,
    invoice_number: "INV-602",
    buyer: "Rose City",
    order_status_id: 10,
    lines: [{ product_name: OG1, quantity: 1 }],
  });
  expect((await runSync(new Date())).outcome).toBe("success");
});

describe("POST /api/packing/items/:id/verify", () => {
  it("stores who verified the line with which tag, from a wedge read with an AIM prefix and a GS", async () => {
    const line = await lineOf(BD05);
    const res = await verify(line.id, { tag: `]C1${P1.toLowerCase()}\u001d`, by: "JD" });
    expect(res.status).toBe(200);
    const body = await json<{ item: Line }>(res);
    expect(body.item).toMatchObject({ verified_tag: P1, verified_by: "JD" });
    const stored = await lineOf(BD05);
    expect(stored).toMatchObject({ verified_tag: P1, verified_by: "JD" });
    expect(Date.parse(stored.verified_at ?? "")).not.toBeNaN();
  });

  it("refuses another package's tag and changes nothing", async () => {
    const line = await lineOf(BD05);
    const res = await verify(line.id, { tag: P2 });
    expect(res.status).toBe(409);
    expect(await json(res)).toEqual({ error: `Scanned tag ${P2} is not this line's package (${P1}); nothing was changed` });
    expect(await lineOf(BD05)).toMatchObject({ verified_tag: "", verified_by: "", verified_at: null });
  });

  it.each([
    [{}, "tag must be the scanned METRC tag"],
    [{ tag: "" }, "tag must be the scanned METRC tag"],
    [{ tag: "1A-ÄÖ" }, "tag must be the scanned METRC tag"],
    [{ tag: P1, extra: 1 }, "Unknown field: extra"],
  ])("answers 400 to %j", async (body, error) => {
    const line = await lineOf(BD05);
    const res = await verify(line.id, body);
    expect(res.status).toBe(400);
    expect(((await json(res)) as { error: string }).error).toContain(error);
    expect((await lineOf(BD05)).verified_tag).toBe("");
  });

  it("answers 404 for a line that does not exist and 401 without a key", async () => {
    expect((await verify(999999, { tag: P1 })).status).toBe(404);
    expect((await call("POST", "/api/packing/items/1/verify", { tag: P1 })).status).toBe(401);
  });

  it("drops the verification when the line's package is changed, keeps it when set to the same", async () => {
    const line = await lineOf(OG1);
    expect((await verify(line.id, { tag: P2, by: "AB" })).status).toBe(200);
    const same = await call("PATCH", `/api/packing/items/${line.id}`, { batch_name: P2 }, { key });
    expect(same.status).toBe(200);
    expect((await lineOf(OG1)).verified_tag).toBe(P2);
    const other = await call("PATCH", `/api/packing/items/${line.id}`, { batch_name: P1 }, { key });
    expect(other.status).toBe(200);
    expect(await lineOf(OG1)).toMatchObject({ verified_tag: "", verified_by: "", verified_at: null });
  });

  it("carries the verification into the archive and the history CSV", async () => {
    const bd = await lineOf(BD05);
    const og = await lineOf(OG1);
    await verify(bd.id, { tag: P1, by: "JD" });
    await call("PATCH", `/api/packing/items/${bd.id}`, { packed: 10 }, { key });
    await call("PATCH", `/api/packing/items/${og.id}`, { packed: 4 }, { key });
    expect((await call("POST", "/api/packing/orders/601/complete", {}, { key })).status).toBe(200);
    const archived = await env.DB.prepare("SELECT verified_tag, verified_by FROM packing_items_archive WHERE product_name = ?")
      .bind(BD05)
      .first();
    expect(archived).toEqual({ verified_tag: P1, verified_by: "JD" });
    const csv = await (await call("GET", "/api/packing/archive?format=csv", undefined, { key })).text();
    expect(csv.split("\n")[0]).toContain("Verified Tag,Verified By,Verified At");
    expect(csv).toContain(`${P1},JD,`);
  });
});

describe("DELETE /api/packing/items/:id/verify", () => {
  it("removes the verification", async () => {
    const line = await lineOf(BD05);
    await verify(line.id, { tag: P1 });
    expect((await call("DELETE", `/api/packing/items/${line.id}/verify`, undefined, { key })).status).toBe(200);
    expect((await lineOf(BD05)).verified_tag).toBe("");
  });
});

describe("GET /api/packing/orders", () => {
  it("hides excluded statuses by default and searches invoice and buyer", async () => {
    const all = await json<{ orders: { invoice_number: string; open_lines: number }[]; statuses: string[] }>(
      await call("GET", "/api/packing/orders?include_hidden=true", undefined, { key }),
    );
    expect(all.orders.map((o) => o.invoice_number).sort()).toEqual(["INV-601", "INV-602"]);
    const visible = await json<{ orders: { invoice_number: string; open_lines: number }[] }>(
      await call("GET", "/api/packing/orders", undefined, { key }),
    );
    expect(visible.orders.map((o) => [o.invoice_number, o.open_lines])).toEqual([["INV-601", 2]]);
    const found = await json<{ orders: { invoice_number: string }[] }>(
      await call("GET", "/api/packing/orders?search=rose&include_hidden=1", undefined, { key }),
    );
    expect(found.orders.map((o) => o.invoice_number)).toEqual(["INV-602"]);
  });

  it("answers 400 to a bad include_hidden", async () => {
    const res = await call("GET", "/api/packing/orders?include_hidden=maybe", undefined, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "include_hidden must be true or false" });
  });
});

describe("PUT /api/packing/settings seller_license_number", () => {
  it("stores the licence number printed on delivery sheets; too long is a 400 and nothing changes", async () => {
    await setPassword();
    const cookie = await login();
    const ok = await call("PUT", "/api/packing/settings", { seller_license_number: " C11-0000123-LIC " }, { cookie });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ seller_license_number: "C11-0000123-LIC" });
    const bad = await call("PUT", "/api/packing/settings", { seller_license_number: "x".repeat(101) }, { cookie });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toEqual({ error: "seller_license_number must be at most 100 characters" });
    expect(await json(await call("GET", "/api/packing/settings", undefined, { key }))).toMatchObject({
      seller_license_number: "C11-0000123-LIC",
    });
  });
});
