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

async function lastHistory(metrc: string): Promise<Body & { details: Body }> {
  const row = await env.DB.prepare("SELECT * FROM finished_goods_history WHERE metrc_number = ? ORDER BY id DESC")
    .bind(metrc)
    .first<Body>();
  return { ...row, details: JSON.parse(String(row?.details)) } as Body & { details: Body };
}

/** Asserts a refusal and that neither the row nor its history moved. */
async function expectRefused(metrc: string, op: string, body: unknown, status: number, error: string) {
  const before = await rowOf(metrc);
  const historyBefore = await historyCount(metrc);
  const res = await post(metrc, op, body);
  expect([res.status, await res.json()]).toEqual([status, { error }]);
  expect(await rowOf(metrc)).toEqual(before);
  expect(await historyCount(metrc)).toBe(historyBefore);
}

const OPS = ["deduct", "add", "physical-override", "order", "set-ordered", "set-packed", "sync", "complete-order", "pack"];

describe("every gram operation on an unknown package", () => {
  it.each(OPS)("%s answers 404 Package not found", async (op) => {
    const body = op === "physical-override" ? { physical_grams: 1 } : op === "sync" ? { ordered_grams: 1 } : { grams: 1 };
    const res = await post("1A4060300000NOTREAL00000", op, body);
    expect([res.status, await res.json()]).toEqual([404, { error: "Package not found" }]);
  });
});

describe("POST …/deduct", () => {
  it("takes grams off the balance and writes a deducted history row", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    const res = await post(metrc, "deduct", { grams: 50, reason: "wholesale order" });
    expect(await json(res)).toEqual({
      success: true,
      metrc_number: metrc,
      previous_grams: 350.2,
      current_grams: 300.2,
      deducted_grams: 50,
    });
    expect(await lastHistory(metrc)).toMatchObject({
      change_type: "deducted",
      current_grams: 300.2,
      details: { reason: "wholesale order", grams: 50, grams_changed: -50, source: "api" },
    });
  });

  it.each([
    [{ units: 2, unit_size: "6pack" }, 6],
    [{ units: 1, unit_size: "12pack" }, 6],
    [{ units: 10, unit_size: "0.5g" }, 5],
    [{ units: 10, unit_size: "0.7g" }, 7],
    [{ units: 10, unit_size: "0.8g" }, 8],
    [{ units: 3, unit_size: "1.0g" }, 3],
    [{ units: 2, unit_size: "magnetic_box_6pk" }, 6],
    [{ units: 2, unit_size: "0.5g 12-Pack (Magnetic Box)" }, 12],
    [{ grams: 1.5, units: 100, unit_size: "1.0g" }, 1.5],
  ])("converts %j to %d g", async (body, grams) => {
    const metrc = await createPackage(key, { grams: 100 });
    const res = await post(metrc, "deduct", body);
    expect(await json(res)).toMatchObject({ deducted_grams: grams, current_grams: 100 - grams });
  });

  it("may take the balance to exactly 0 and marks the package depleted", async () => {
    const metrc = await createPackage(key, { grams: 10 });
    expect(await json(await post(metrc, "deduct", { grams: 10 }))).toMatchObject({ current_grams: 0 });
    expect(await rowOf(metrc)).toMatchObject({ status: "depleted" });
    await post(metrc, "add", { grams: 1 });
    expect(await rowOf(metrc)).toMatchObject({ status: "active", current_grams: 1 });
  });

  it("allows a deduction that makes available grams negative (only the balance is guarded)", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await post(metrc, "order", { grams: 90 });
    expect((await post(metrc, "deduct", { grams: 20 })).status).toBe(200);
    expect(await rowOf(metrc)).toMatchObject({ current_grams: 80, status: "depleted" });
  });

  it.each([
    [{ grams: 100.01 }, "Insufficient grams available"],
    [{ units: 40, unit_size: "6pack" }, "Insufficient grams available"],
    [{ units: 1, unit_size: "3pack" }, "Invalid unit_size"],
    [{ units: 1 }, "Invalid unit_size"],
    [{ units: 1, unit_size: 6 }, "Invalid unit_size"],
    [{}, "grams or units is required"],
    [{ grams: 0 }, "grams must be a positive number"],
    [{ grams: -1 }, "grams must be a positive number"],
    [{ grams: "10" }, "grams must be a positive number"],
    [{ grams: 1e308 }, "grams must be a positive number"],
    [{ units: 1.5, unit_size: "1.0g" }, "units must be a positive whole number"],
    [{ units: -2, unit_size: "1.0g" }, "units must be a positive whole number"],
    [{ grams: 1, reason: "r".repeat(2000) }, "reason must be 1000 characters or fewer"],
  ])("refuses %j with its message and changes nothing", async (body, error) => {
    const metrc = await createPackage(key, { grams: 100 });
    await expectRefused(metrc, "deduct", body, 400, error);
  });

  it("refuses a 2 MB body field", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await expectRefused(metrc, "deduct", { grams: 1, unit_size: "x".repeat(2_000_000) }, 400, "Invalid unit_size");
  });
});

describe("POST …/add", () => {
  it("adds grams and answers added_grams", async () => {
    const metrc = await createPackage(key, { grams: 300.2 });
    expect(await json(await post(metrc, "add", { grams: 100 }))).toEqual({
      success: true,
      metrc_number: metrc,
      previous_grams: 300.2,
      current_grams: 400.2,
      added_grams: 100,
    });
    expect(await json(await post(metrc, "add", { units: 2, unit_size: "12pack" }))).toMatchObject({
      current_grams: 412.2,
      added_grams: 12,
    });
    expect((await lastHistory(metrc)).change_type).toBe("added");
    expect(await rowOf(metrc)).toMatchObject({ initial_grams: 300.2 });
  });

  it("refuses an invalid unit size", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await expectRefused(metrc, "add", { units: 1, unit_size: "2g" }, 400, "Invalid unit_size");
  });
});

describe("POST …/physical-override", () => {
  it("sets and clears the shelf count", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    expect(await json(await post(metrc, "physical-override", { physical_grams: 340, reason: "shelf count" }))).toEqual({
      success: true,
      physical_grams_override: 340,
      effective_grams: 340,
      current_grams: 350.2,
      has_physical_override: true,
    });
    expect(await lastHistory(metrc)).toMatchObject({
      change_type: "physical_override",
      details: { physical_grams: 340, reason: "shelf count" },
    });
    expect(await json(await post(metrc, "physical-override", { physical_grams: null }))).toMatchObject({
      physical_grams_override: null,
      effective_grams: 350.2,
      has_physical_override: false,
    });
  });

  it("an override of 0 depletes the package", async () => {
    const metrc = await createPackage(key, { grams: 50 });
    await post(metrc, "physical-override", { physical_grams: 0 });
    expect(await rowOf(metrc)).toMatchObject({ status: "depleted" });
  });

  it.each([
    [{}, "physical_grams is required"],
    [{ physical_grams: -1 }, "physical_grams must be a number of 0 or more, or null"],
    [{ physical_grams: "12" }, "physical_grams must be a number of 0 or more, or null"],
  ])("refuses %j", async (body, error) => {
    const metrc = await createPackage(key, { grams: 50 });
    await expectRefused(metrc, "physical-override", body, 400, error);
  });
});

describe("POST …/order, set-ordered, set-packed, sync", () => {
  it("order adds to grams_ordered and leaves current_grams", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    expect(await json(await post(metrc, "order", { grams: 100 }))).toEqual({
      success: true,
      metrc_number: metrc,
      grams_ordered: 100,
      current_grams: 350.2,
    });
    expect(await json(await post(metrc, "order", { grams: 20 }))).toMatchObject({ grams_ordered: 120 });
    expect((await lastHistory(metrc)).change_type).toBe("ordered");
  });

  it("set-ordered and set-packed replace the totals", async () => {
    const metrc = await createPackage(key, { grams: 500 });
    expect(await json(await post(metrc, "set-ordered", { grams: 200 }))).toEqual({
      success: true,
      metrc_number: metrc,
      grams_ordered: 200,
    });
    expect(await json(await post(metrc, "set-packed", { grams: 150 }))).toEqual({ success: true, metrc_number: metrc, grams_packed: 150 });
    expect((await lastHistory(metrc)).change_type).toBe("packed");
    expect(await json(await post(metrc, "set-ordered", { grams: 0 }))).toMatchObject({ grams_ordered: 0 });
  });

  it("sync sets either or both at once", async () => {
    const metrc = await createPackage(key, { grams: 500 });
    expect(await json(await post(metrc, "sync", { ordered_grams: 200, packed_grams: 150 }))).toEqual({
      success: true,
      metrc_number: metrc,
      grams_ordered: 200,
      grams_packed: 150,
    });
    expect(await json(await post(metrc, "sync", { packed_grams: 10 }))).toMatchObject({ grams_ordered: 200, grams_packed: 10 });
    expect((await lastHistory(metrc)).change_type).toBe("synced");
  });

  it("moves the status to depleted when everything is committed, and back", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await post(metrc, "sync", { ordered_grams: 60, packed_grams: 40 });
    expect(await rowOf(metrc)).toMatchObject({ status: "depleted" });
    await post(metrc, "set-packed", { grams: 0 });
    expect(await rowOf(metrc)).toMatchObject({ status: "active" });
  });

  it.each([
    ["order", {}, "grams is required"],
    ["order", { grams: 0 }, "grams must be a positive number"],
    ["set-ordered", {}, "grams is required"],
    ["set-ordered", { grams: -1 }, "grams must be a number of 0 or more"],
    ["set-packed", {}, "grams is required"],
    ["set-packed", { grams: "x" }, "grams must be a number of 0 or more"],
    ["sync", {}, "At least one of ordered_grams or packed_grams required"],
    ["sync", { ordered_grams: null, packed_grams: null }, "At least one of ordered_grams or packed_grams required"],
    ["sync", { ordered_grams: -5 }, "ordered_grams must be a number of 0 or more"],
  ])("%s refuses %j", async (op, body, error) => {
    const metrc = await createPackage(key, { grams: 100 });
    await expectRefused(metrc, op, body, 400, error);
  });
});

describe("POST …/pack and …/complete-order (canonical buckets)", () => {
  it("pack moves ordered → packed, counts lifetime, keeps current_grams", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    await post(metrc, "order", { grams: 100 });
    expect(await json(await post(metrc, "pack", { grams: 50 }))).toMatchObject({
      success: true,
      metrc_number: metrc,
      previous_grams: 350.2,
      current_grams: 350.2,
      grams_packed: 50,
      grams_ordered: 50,
    });
    expect(await rowOf(metrc)).toMatchObject({ grams_packed_lifetime: 50 });
    expect((await lastHistory(metrc)).change_type).toBe("packed");
    // A second pack answers what it packed (api.md's grams_packed), with the package's total beside it.
    expect(await json(await post(metrc, "pack", { grams: 20 }))).toMatchObject({
      grams_packed: 20,
      previous_grams_packed: 50,
      current_grams_packed: 70,
      grams_ordered: 30,
    });
  });

  it("pack refuses more than is on hand and not yet packed", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    await post(metrc, "pack", { grams: 60 });
    await expectRefused(metrc, "pack", { grams: 41 }, 400, "Insufficient grams available");
    await expectRefused(metrc, "pack", {}, 400, "grams is required");
  });

  it("complete-order ships from packed then ordered, fulfils and lowers the balance", async () => {
    const metrc = await createPackage(key, { grams: 350.2 });
    await post(metrc, "sync", { ordered_grams: 200, packed_grams: 0 });
    const res = await post(metrc, "complete-order", { grams: 100, order_id: "apex-778" });
    expect(await json(res)).toMatchObject({
      success: true,
      metrc_number: metrc,
      previous_grams_ordered: 200,
      current_grams_ordered: 100,
      previous_grams_fulfilled: 0,
      current_grams_fulfilled: 100,
      current_grams: 250.2,
      order_id: "apex-778",
    });
    expect(await lastHistory(metrc)).toMatchObject({ change_type: "fulfilled", details: { order_id: "apex-778", grams: 100 } });
    await post(metrc, "pack", { grams: 30 });
    expect(await json(await post(metrc, "complete-order", { grams: 40 }))).toMatchObject({
      current_grams_packed: 0,
      current_grams_ordered: 60,
      current_grams_fulfilled: 140,
    });
  });

  it.each([
    [{}, "grams is required"],
    [{ grams: 500 }, "Insufficient grams available"],
    [{ grams: 1, order_id: "o".repeat(300) }, "order_id is too long"],
  ])("complete-order refuses %j", async (body, error) => {
    const metrc = await createPackage(key, { grams: 100 });
    await expectRefused(metrc, "complete-order", body, 400, error);
  });
});
