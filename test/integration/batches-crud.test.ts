import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";
import { auditRows, batchRow, seedBatch, setStock, stock } from "./batches-fixtures";

let key: string;
let cookie: string;
const TAG_A = "1A4060300002EE1000012345";
const TAG_B = "1A4060300002EE1000054321";

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

type Item = Record<string, unknown>;

describe("POST /api/batch", () => {
  it("creates a batch at stage 0 with defaults and answers 201 {ok, id}", async () => {
    const res = await call(
      "POST",
      "/api/batch",
      { strain: "Blue Dream", input_grams: 1000, target_grams_each: 0.5, thc_percent: 22.5, grind_size: "fine" },
      { cookie },
    );
    expect(res.status).toBe(201);
    const body = await json<{ ok: boolean; id: string }>(res);
    expect(body.ok).toBe(true);
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await batchRow(body.id)).toMatchObject({
      strain: "Blue Dream",
      input_grams: 1000,
      target_grams_each: 0.5,
      stage: 0,
      counts_0_5: 0,
      testing_status: "none",
      packaging_status: "available",
      archived: 0,
      thc_percent: 22.5,
      grind_size: "fine",
    });
    expect((await auditRows(body.id)).map((a) => [a.field, a.new, a.actor])).toEqual([["created", "Blue Dream", "session"]]);
  });

  it("puts a new batch last on the dashboard", async () => {
    await seedBatch({ display_order: 500 });
    const { id } = await json<{ id: string }>(
      await call("POST", "/api/batch", { strain: "Last", input_grams: 1, target_grams_each: 1 }, { key }),
    );
    expect((await batchRow(id))?.display_order).toBe(501);
  });

  it("consumes papers for initial counts and applies stage side effects", async () => {
    await setStock("1_0", 2, 0);
    const res = await call(
      "POST",
      "/api/batch",
      { strain: "X", input_grams: 100, target_grams_each: 1, stage: 2, counts_1_0: 40 },
      { key },
    );
    const { id } = await json<{ id: string }>(res);
    const row = await batchRow(id);
    expect(row).toMatchObject({ stage: 2, counts_1_0: 40, _last_inventory_consumed_1_0: 40 });
    expect(row?.current_session_start).toBeTruthy();
    expect(await stock("1_0")).toEqual({ boxes: 1, individual_papers: 960 });
  });

  it.each([
    [{ input_grams: 1, target_grams_each: 1 }, "strain is required"],
    [{ strain: "A", target_grams_each: 1 }, "input_grams is required"],
    [{ strain: "A", input_grams: 1 }, "target_grams_each is required"],
    [{ strain: "A", input_grams: -1, target_grams_each: 1 }, "Invalid value for input_grams"],
    [{ strain: "A", input_grams: 1, target_grams_each: 1, thc_percent: 101 }, "thc_percent must be between 0 and 100"],
    [{ strain: "A", input_grams: 1, target_grams_each: 1, cbd_percent: -0.1 }, "cbd_percent must be between 0 and 100"],
    [
      { strain: "A", input_grams: 1, target_grams_each: 1, centrifuge_rpm: 3000 },
      "centrifuge_rpm must be a whole number between 500 and 2500",
    ],
    [
      { strain: "A", input_grams: 1, target_grams_each: 1, new_metrc_created: 1 },
      "new_metrc_number is required when new_metrc_created is 1",
    ],
    [
      { strain: "A", input_grams: 1, target_grams_each: 1, new_metrc_number: "SHORT" },
      "new_metrc_number must be a METRC tag of 24 letters or digits",
    ],
    [
      { strain: "A", input_grams: 1, target_grams_each: 1, origin_metrc_number: TAG_A, new_metrc_number: TAG_A },
      "origin_metrc_number and new_metrc_number must be different",
    ],
    [{ strain: "A", input_grams: 1, target_grams_each: 1, grind_size: "chunky" }, "Invalid value for grind_size"],
    [{ strain: "A", input_grams: 1, target_grams_each: 1, stage: 8 }, "stage must be a whole number between 0 and 7"],
    [{ strain: "A", input_grams: 1, target_grams_each: 1, colour: "red" }, "Unknown field: colour"],
  ])("refuses %j with a clear 400 and creates nothing", async (body, error) => {
    const before = await db().get(sql`SELECT count(*) AS n FROM batches`);
    const res = await call("POST", "/api/batch", body, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
    expect(await db().get(sql`SELECT count(*) AS n FROM batches`)).toEqual(before);
  });
});

describe("GET /api/batch/{batch_id}", () => {
  it("answers one batch, archived too, with computed properties", async () => {
    const id = await seedBatch({
      archived: 1,
      stage: 7,
      counts_0_5: 200,
      counts_0_7: 100,
      counts_1_0: 180,
      planned_0_5: 400,
      source_materials: '[{"strain":"OG Kush"}]',
    });
    const res = await call("GET", `/api/batch/${id}`, undefined, { key });
    expect(res.status).toBe(200);
    const batch = await json<Item>(res);
    expect(batch).toMatchObject({
      id,
      archived: 1,
      stage: 7,
      stage_name: "Done",
      total_pre_rolls: 480,
      calculated_grams_used: 350,
      yield_percent: 35,
      labels_needed: 400,
      source_materials: [{ strain: "OG Kush" }],
      source_strains: ["OG Kush"],
      testing_alert: false,
    });
    expect(batch.rate_metrics).toMatchObject({ sample_count: 0, trend: "stable" });
  });

  it("answers 404 Batch not found", async () => {
    const res = await call("GET", "/api/batch/missing", undefined, { key });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
  });
});

describe("PUT /api/batch/{batch_id}", () => {
  it("edits columns, logs one audit row per changed field with old → new, and returns the batch", async () => {
    const id = await seedBatch({ thc_percent: 20, bay_number: "Bay 1" });
    const res = await call("PUT", `/api/batch/${id}`, { thc_percent: 21, bay_number: "Bay 1", testing_lab: "Cascade Labs" }, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      id,
      thc_percent: 21,
      bay_number: "Bay 1",
      testing_lab: "Cascade Labs",
      stage_name: "Not ground",
    });
    expect((await auditRows(id)).map((a) => [a.field, a.old, a.new, a.actor])).toEqual([
      ["thc_percent", "20", "21", "api_key"],
      ["testing_lab", null, "Cascade Labs", "api_key"],
    ]);
  });

  it("auto-advances 0 → 1 when grams_ground reaches input_grams, logged as stage_auto_advanced", async () => {
    const id = await seedBatch({ input_grams: 800 });
    await call("PUT", `/api/batch/${id}`, { grams_ground: 800 }, { key });
    expect((await batchRow(id))?.stage).toBe(1);
    expect((await auditRows(id)).map((a) => [a.field, a.old, a.new])).toEqual([
      ["grams_ground", "0", "800"],
      ["stage_auto_advanced", "0", "1"],
    ]);
  });

  it("opens a work session at 2, closes it when paused at 1 and at 3 records the end", async () => {
    const id = await seedBatch({ stage: 1 });
    await call("PUT", `/api/batch/${id}`, { stage: 2 }, { key });
    const started = await batchRow(id);
    expect(started?.current_session_start).toBeTruthy();
    expect(started?.production_start_time).toBe(started?.current_session_start);
    await call("PUT", `/api/batch/${id}`, { stage: 1 }, { key });
    const paused = await batchRow(id);
    expect(paused?.current_session_start).toBeNull();
    expect(JSON.parse(paused?.production_sessions ?? "[]")).toHaveLength(1);
    await call("PUT", `/api/batch/${id}`, { stage: 2 }, { key });
    await call("PUT", `/api/batch/${id}`, { stage: 3 }, { key });
    const finished = await batchRow(id);
    expect(finished?.production_end_time).toBeTruthy();
    expect(JSON.parse(finished?.production_sessions ?? "[]")).toHaveLength(2);
    expect((await auditRows(id)).map((a) => a.field)).toEqual(["stage", "stage", "stage", "stage"]);
  });

  it("edits counts through the counts rules: audit rows and paper consumption", async () => {
    await setStock("0_5", 1, 100);
    const id = await seedBatch();
    await call("PUT", `/api/batch/${id}`, { counts_0_5: 30, labels_printed: 5 }, { key });
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 30, _last_inventory_consumed_0_5: 30, labels_printed: 5 });
    expect(await stock("0_5")).toEqual({ boxes: 1, individual_papers: 70 });
    expect((await auditRows(id)).map((a) => a.field).sort()).toEqual(["counts_0_5", "labels_printed"]);
  });

  it("stores JSON columns and marks when packaging became blocked", async () => {
    const id = await seedBatch();
    const bySize = { "0_7": { rpm: 1900, priority_mode: "weight" } };
    const res = await call(
      "PUT",
      `/api/batch/${id}`,
      {
        centrifuge_settings_by_size: bySize,
        packaging_status: "waiting_containers",
        new_metrc_created: true,
        new_metrc_number: TAG_B.toLowerCase(),
      },
      { cookie },
    );
    expect(await json(res)).toMatchObject({
      centrifuge_settings_by_size: bySize,
      packaging_status: "waiting_containers",
      new_metrc_created: 1,
      new_metrc_number: TAG_B,
    });
    expect((await batchRow(id))?.packaging_blocked_since).toBeTruthy();
  });

  it.each([
    [{}, 400, "No fields to update"],
    [{ thca_percent: 100.5 }, 400, "thca_percent must be between 0 and 100"],
    [{ new_metrc_created: 1 }, 400, "new_metrc_number is required when new_metrc_created is 1"],
    [{ testing_status: "lost" }, 400, "Invalid value for testing_status"],
    [{ harvest_date: "yesterday" }, 400, "Invalid value for harvest_date"],
    [{ archived: 1 }, 400, "Unknown field: archived"],
  ])("refuses %j and leaves the batch unchanged", async (body, status, error) => {
    const id = await seedBatch({ thca_percent: 10 });
    const before = await batchRow(id);
    const res = await call("PUT", `/api/batch/${id}`, body, { key });
    expect(res.status).toBe(status);
    expect(await json(res)).toEqual({ error });
    expect(await batchRow(id)).toEqual(before);
    expect(await auditRows(id)).toEqual([]);
  });

  it("answers 404 Batch not found", async () => {
    const res = await call("PUT", "/api/batch/missing", { thc_percent: 1 }, { key });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
  });

  it("keeps every edit when edits and count saves race", async () => {
    const id = await seedBatch({ stage: 2 });
    const edits = Array.from({ length: 10 }, (_, i) => call("PUT", `/api/batch/${id}`, { labels_printed: i + 1 }, { key }));
    const counts = Array.from({ length: 10 }, (_, i) => call("POST", `/api/batch/${id}/counts`, { counts_0_5: i + 1 }, { key }));
    const statuses = (await Promise.all([...edits, ...counts])).map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const labelRows = (await auditRows(id)).filter((a) => a.field === "labels_printed");
    expect(labelRows.length).toBe(statuses.slice(0, 10).filter((s) => s === 200).length);
    expect(String((await batchRow(id))?.labels_printed)).toBe(labelRows.at(-1)?.new);
  });
});

describe("DELETE /api/batch/{batch_id}", () => {
  it("deletes the batch and keeps its audit rows", async () => {
    const id = await seedBatch({ strain: "Gone" });
    await call("PUT", `/api/batch/${id}`, { thc_percent: 5 }, { key });
    const res = await call("DELETE", `/api/batch/${id}`, undefined, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true });
    expect(await batchRow(id)).toBeUndefined();
    expect((await auditRows(id)).map((a) => a.field)).toEqual(["thc_percent", "deleted"]);
    const again = await call("DELETE", `/api/batch/${id}`, undefined, { key });
    expect(again.status).toBe(404);
    expect(await json(again)).toEqual({ error: "Batch not found" });
    expect((await auditRows(id)).map((a) => a.field)).toEqual(["thc_percent", "deleted"]);
  });
});

describe("GET /api/batch/{batch_id}/audit", () => {
  it("lists a batch's audit rows newest first, also after deletion", async () => {
    const id = await seedBatch();
    await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 10 }, { key });
    await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 25 }, { cookie });
    const res = await call("GET", `/api/batch/${id}/audit`, undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<{ batch_id: string; audit: Item[] }>(res);
    expect(body.batch_id).toBe(id);
    expect(body.audit.map((a) => [a.field, a.old, a.new, a.actor])).toEqual([
      ["counts_0_5", "10", "25", "session"],
      ["counts_0_5", "0", "10", "api_key"],
    ]);
    expect(body.audit[0]).toMatchObject({ batch: id, strain: "Blue Dream" });
    expect(typeof body.audit[0]?.ts).toBe("string");
    await call("DELETE", `/api/batch/${id}`, undefined, { key });
    expect((await json<{ audit: Item[] }>(await call("GET", `/api/batch/${id}/audit?limit=1`, undefined, { key }))).audit).toHaveLength(1);
  });

  it("answers 404 for a batch that never existed and 400 for a bad limit", async () => {
    expect(await json(await call("GET", "/api/batch/never/audit", undefined, { key }))).toEqual({ error: "Batch not found" });
    expect(await json(await call("GET", "/api/batch/never/audit?limit=-1", undefined, { key }))).toEqual({
      error: "Invalid value for limit",
    });
  });
});

describe("editing from a copy: ETag and If-Match", () => {
  it("tags GET with the batch version and adds today's output", async () => {
    const id = await seedBatch({ counts_0_5: 10, _last_inventory_consumed_0_5: 10 });
    await call("POST", `/api/batch/${id}/count-deltas`, { size: "0_5", delta: 25 }, { key });
    const res = await call("GET", `/api/batch/${id}`, undefined, { key });
    expect(res.headers.get("ETag")).toBe('"v1"');
    expect(await json(res)).toMatchObject({ counts_0_5: 35, today_0_5: 25, today_0_7: 0, today_1_0: 0, today_total: 25 });
  });

  it("applies a PUT whose If-Match is current and refuses one based on an older copy with 409, changing nothing", async () => {
    const id = await seedBatch({ counts_0_7: 40, _last_inventory_consumed_0_7: 40 });
    const tag = (await call("GET", `/api/batch/${id}`, undefined, { cookie })).headers.get("ETag") ?? "";
    // The floor counts meanwhile.
    await call("POST", `/api/batch/${id}/count-deltas`, { size: "0_7", delta: 25 }, { cookie });
    const stale = await call("PUT", `/api/batch/${id}`, { counts_0_7: 50 }, { cookie, headers: { "If-Match": tag } });
    expect(stale.status).toBe(409);
    expect(await json(stale)).toEqual({
      error: "This batch changed on another device since you opened it; look at the new values and save again",
    });
    expect(await batchRow(id)).toMatchObject({ counts_0_7: 65 });
    const fresh = (await call("GET", `/api/batch/${id}`, undefined, { cookie })).headers.get("ETag") ?? "";
    const ok = await call("PUT", `/api/batch/${id}`, { counts_0_7: 50 }, { cookie, headers: { "If-Match": fresh } });
    expect(ok.status).toBe(200);
    expect(await batchRow(id)).toMatchObject({ counts_0_7: 50 });
  });
});
