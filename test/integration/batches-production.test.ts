import { beforeAll, describe, expect, it } from "vitest";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";
import { auditRows, batchRow, seedBatch } from "./batches-fixtures";

let key: string;
let cookie: string;

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

describe("POST /api/batch/{batch_id}/plan", () => {
  it("stores a plan that fits and answers adjusted false", async () => {
    const id = await seedBatch({ input_grams: 1000 });
    const res = await call("POST", `/api/batch/${id}/plan`, { planned_0_5: 400, planned_0_7: 200, planned_1_0: 300 }, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true, adjusted: false, planned_0_5: 400, planned_0_7: 200, planned_1_0: 300 });
    expect(await batchRow(id)).toMatchObject({ planned_0_5: 400, planned_0_7: 200, planned_1_0: 300 });
    expect((await auditRows(id)).map((a) => a.field)).toEqual(["planned_0_5", "planned_0_7", "planned_1_0"]);
  });

  it("cuts a plan down to the weight and answers adjusted true with the stored values", async () => {
    const id = await seedBatch({ input_grams: 500 });
    const res = await call("POST", `/api/batch/${id}/plan`, { planned_0_5: 800, planned_0_7: 428, planned_1_0: 300 }, { key });
    expect(await json(res)).toEqual({ ok: true, adjusted: true, planned_0_5: 400, planned_0_7: 214, planned_1_0: 150 });
    expect(await batchRow(id)).toMatchObject({ planned_0_5: 400, planned_0_7: 214, planned_1_0: 150 });
  });

  it("limits to plan_use_grams and keeps stored values for sizes not sent", async () => {
    const id = await seedBatch({ input_grams: 1000, planned_1_0: 100 });
    const res = await call("POST", `/api/batch/${id}/plan`, { planned_0_5: 1000, plan_use_grams: 300 }, { key });
    const body = await json<{ adjusted: boolean; planned_0_5: number; planned_1_0: number }>(res);
    expect(body.adjusted).toBe(true);
    expect(body.planned_0_5 * 0.5 + body.planned_1_0).toBeLessThanOrEqual(300);
    expect(await batchRow(id)).toMatchObject({ plan_use_grams: 300, planned_0_5: body.planned_0_5, planned_1_0: body.planned_1_0 });
  });

  it("answers 404 Batch not found, and 400 for invalid values with nothing changed", async () => {
    const missing = await call("POST", "/api/batch/missing/plan", { planned_0_5: 1 }, { key });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ error: "Batch not found" });
    const id = await seedBatch({ planned_0_5: 10 });
    for (const [field, value] of [
      ["planned_0_5", -1],
      ["planned_0_7", 1.5],
      ["planned_1_0", "9"],
      ["plan_use_grams", -3],
    ] as const) {
      const res = await call("POST", `/api/batch/${id}/plan`, { [field]: value }, { key });
      expect(res.status).toBe(400);
      expect(await json(res)).toEqual({ error: `Invalid value for ${field}` });
    }
    expect(await json(await call("POST", `/api/batch/${id}/plan`, "{", { key }))).toEqual({ error: "Invalid JSON" });
    expect((await batchRow(id))?.planned_0_5).toBe(10);
    expect(await auditRows(id)).toEqual([]);
  });
});

describe("POST /api/batch/{batch_id}/centrifuge", () => {
  it("saves the batch's centrifuge settings and answers success", async () => {
    const id = await seedBatch();
    const body = {
      centrifuge_rpm: 2200,
      centrifuge_time_seconds: 15,
      centrifuge_cycles: 2,
      centrifuge_fill_gauge_cycle1: 8,
      centrifuge_fill_gauge_cycle2: 6,
    };
    const res = await call("POST", `/api/batch/${id}/centrifuge`, body, { cookie });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success" });
    expect(await batchRow(id)).toMatchObject(body);
    expect((await auditRows(id)).map((a) => [a.field, a.new])).toContainEqual(["centrifuge_rpm", "2200"]);
  });

  it("saves per size with a priority mode into centrifuge_settings_by_size", async () => {
    const id = await seedBatch();
    await call(
      "POST",
      `/api/batch/${id}/centrifuge`,
      { size: "0.5g", centrifuge_rpm: 2000, priority_mode: "count", centrifuge_machine: "lab_geek" },
      { cookie },
    );
    expect(JSON.parse((await batchRow(id))?.centrifuge_settings_by_size ?? "null")).toEqual({
      "0_5": { rpm: 2000, machine: "lab_geek", priority_mode: "count" },
    });
    expect((await batchRow(id))?.centrifuge_rpm).toBeNull();
  });

  it.each([
    [{ centrifuge_rpm: 499 }, "centrifuge_rpm must be a whole number between 500 and 2500"],
    [{ centrifuge_rpm: 2501 }, "centrifuge_rpm must be a whole number between 500 and 2500"],
    [{ centrifuge_time_seconds: 91 }, "centrifuge_time_seconds must be a whole number between 1 and 90"],
    [{ centrifuge_cycles: 4 }, "centrifuge_cycles must be a whole number between 1 and 3"],
    [{ centrifuge_fill_gauge_cycle1: 0 }, "centrifuge_fill_gauge_cycle1 must be between 1 and 12"],
    [{ centrifuge_fill_gauge_cycle2: 13 }, "centrifuge_fill_gauge_cycle2 must be between 1 and 12"],
    [{ size: "2g", centrifuge_rpm: 1000 }, 'Invalid size "2g": use 0_5, 0_7 or 1_0'],
    [{ priority_mode: "count" }, "size is required with priority_mode"],
  ])("refuses %j with 400 and changes nothing", async (body, message) => {
    const id = await seedBatch({ centrifuge_rpm: 1500 });
    const res = await call("POST", `/api/batch/${id}/centrifuge`, body, { cookie });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: message });
    expect(await batchRow(id)).toMatchObject({ centrifuge_rpm: 1500, centrifuge_settings_by_size: null });
  });

  it("answers 404 for an unknown batch and is session only", async () => {
    expect(await json(await call("POST", "/api/batch/missing/centrifuge", { centrifuge_rpm: 2000 }, { cookie }))).toEqual({
      error: "Batch not found",
    });
    const id = await seedBatch();
    const res = await call("POST", `/api/batch/${id}/centrifuge`, { centrifuge_rpm: 2000 }, { key });
    expect(res.status).toBe(401);
    expect((await batchRow(id))?.centrifuge_rpm).toBeNull();
  });
});

describe("POST /api/reorder", () => {
  it("sets display_order to each id's position and logs the moves", async () => {
    const a = await seedBatch();
    const b = await seedBatch();
    const c = await seedBatch();
    const res = await call("POST", "/api/reorder", { batch_ids: [c, a, b] }, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success" });
    expect([(await batchRow(c))?.display_order, (await batchRow(a))?.display_order, (await batchRow(b))?.display_order]).toEqual([0, 1, 2]);
    expect((await auditRows(c)).map((r) => r.field)).toEqual(["display_order"]);
    const order = (await json<{ id: string }[]>(await call("GET", "/api/data", undefined, { key })))
      .map((x) => x.id)
      .filter((x) => [a, b, c].includes(x));
    expect(order).toEqual([c, a, b]);
  });

  it.each([{}, { batch_ids: [] }])("answers 400 No batch IDs provided for %j", async (body) => {
    const res = await call("POST", "/api/reorder", body, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "No batch IDs provided" });
  });

  it("refuses unknown or repeated ids and changes nothing", async () => {
    const a = await seedBatch({ display_order: 77 });
    const unknown = await call("POST", "/api/reorder", { batch_ids: [a, "missing"] }, { key });
    expect(unknown.status).toBe(404);
    expect(await json(unknown)).toEqual({ error: "Batch not found" });
    const twice = await call("POST", "/api/reorder", { batch_ids: [a, a] }, { key });
    expect(twice.status).toBe(400);
    expect(await json(twice)).toEqual({ error: "batch_ids lists a batch more than once" });
    expect((await batchRow(a))?.display_order).toBe(77);
  });
});

describe("POST /api/archive/{batch_id}", () => {
  it("archives any stage and unarchives with archive:false, logging `archived`", async () => {
    const id = await seedBatch({ stage: 3 });
    const res = await call("POST", `/api/archive/${id}`, undefined, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success", action: "archived" });
    expect((await batchRow(id))?.archived).toBe(1);
    const back = await call("POST", `/api/archive/${id}`, { archive: false }, { key });
    expect(await json(back)).toEqual({ status: "success", action: "unarchived" });
    expect((await auditRows(id)).map((a) => [a.field, a.old, a.new])).toEqual([
      ["archived", "0", "1"],
      ["archived", "1", "0"],
    ]);
  });

  it("answers 404 when missing or already in the requested state", async () => {
    const id = await seedBatch();
    for (const [path, body] of [
      ["/api/archive/missing", undefined],
      [`/api/archive/${id}`, { archive: false }],
    ] as const) {
      const res = await call("POST", path, body, { key });
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: "Batch not found or already in requested state" });
    }
    expect(await auditRows(id)).toEqual([]);
  });

  it("refuses a non-boolean archive", async () => {
    const id = await seedBatch();
    const res = await call("POST", `/api/archive/${id}`, { archive: "yes" }, { key });
    expect(await json(res)).toEqual({ error: "Invalid value for archive" });
    expect((await batchRow(id))?.archived).toBe(0);
  });
});

describe("POST /api/public/archive/{batch_id}", () => {
  it("archives a Done batch", async () => {
    const id = await seedBatch({ stage: 7 });
    const res = await call("POST", `/api/public/archive/${id}`, undefined, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "success", action: "archived" });
    expect((await batchRow(id))?.archived).toBe(1);
  });

  it("answers 403 below Done, 400 when already archived, 404 when missing; nothing changes", async () => {
    const notDone = await seedBatch({ stage: 6 });
    const archived = await seedBatch({ stage: 7, archived: 1 });
    const cases = [
      [notDone, 403, "Only completed batches (Done stage) can be archived"],
      [archived, 400, "Batch is already archived"],
      ["missing", 404, "Batch not found"],
    ] as const;
    for (const [id, status, error] of cases) {
      const res = await call("POST", `/api/public/archive/${id}`, undefined, { key });
      expect(res.status).toBe(status);
      expect(await json(res)).toEqual({ error });
    }
    expect((await batchRow(notDone))?.archived).toBe(0);
    expect(await auditRows(notDone)).toEqual([]);
  });
});
