import { env } from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { readAreaClock } from "../../durable-objects/hub-client";
import { writeSettings } from "../../src/data/settings";
import { auditLog, batches, weightChecks } from "../../src/db/schema";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";

let cookie = "";

beforeAll(async () => {
  await setPassword();
  cookie = await login();
  // One row per statement: a batch row has more columns than D1's 100 bound parameters allow twice.
  for (const seed of [
    { id: "w1", strain: "Blue Dream", input_grams: 1000, target_grams_each: 0.5, stage: 2, counts_0_5: 300 },
    { id: "w2", strain: "OG Kush", input_grams: 500, target_grams_each: 1.0, stage: 2, counts_1_0: 50 },
    { id: "w3", strain: "Gelato", input_grams: 500, target_grams_each: 0.7, stage: 2 },
  ]) {
    await db().insert(batches).values(seed);
  }
});

const check = (batchId: string, body: unknown, options: { cookie?: string; key?: string; origin?: string | null } = { cookie }) =>
  call("POST", `/api/weight-check/${batchId}`, body, options);

const batchRow = async (id: string) => (await db().select().from(batches).where(eq(batches.id, id)).get()) ?? null;

describe("POST /api/weight-check/{batch_id}", () => {
  it("records a check, updates the batch and audits the changed fields", async () => {
    const clockBefore = await readAreaClock(env, "batches");
    const res = await check("w1", { size: "0.5g", sample_weight: 6.4, count_at_measurement: 100 });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      success: true,
      analysis: {
        avg_gross_weight: 0.64,
        tare: 0.12,
        avg_weight: 0.52,
        target: 0.5,
        deviation_percent: 4,
        yield_percent: 96,
        running_yield: 96,
        status: "good",
        color: "green",
        running_yield_color: "green",
      },
    });
    const batch = await batchRow("w1");
    expect(batch).toMatchObject({ running_yield_0_5: 96, last_weight_check_count_0_5: 100 });
    expect(JSON.parse(batch?.weight_log_0_5 ?? "[]")).toMatchObject([
      { sample_weight: 6.4, count_at_measurement: 100, avg_weight: 0.52, yield_percent: 96 },
    ]);
    expect(await db().select().from(weightChecks).where(eq(weightChecks.batch_id, "w1"))).toMatchObject([
      { size: "0_5", sample_weight: 6.4, count_at_measurement: 100, avg_weight: 0.52, yield_percent: 96 },
    ]);
    const audits = await db().select().from(auditLog).where(eq(auditLog.batch, "w1")).orderBy(asc(auditLog.id));
    expect(audits.map((a) => [a.field, a.old, a.new, a.actor])).toEqual([
      ["weight_log_0_5", "0", "1", "session"],
      ["running_yield_0_5", "0", "96", "session"],
      ["last_weight_check_count_0_5", "0", "100", "session"],
      ["last_weight_check_date_0_5", null, batch?.last_weight_check_date_0_5, "session"],
    ]);
    expect(await readAreaClock(env, "batches")).toBeGreaterThan(clockBefore);
  });

  it("weights the running yield by the production each check covers", async () => {
    // 100 pieces at 96 %, then 200 more at 90 % (0.57 − 0.12 = 0.45 g) → (9600 + 18000) / 300 = 92.
    const res = await check("w1", { size: "0_5", sample_weight: 5.7, count_at_measurement: 300 });
    expect(await json(res)).toMatchObject({
      analysis: { yield_percent: 90, running_yield: 92, status: "warning", running_yield_color: "orange" },
    });
  });

  it("uses the stored tare weights", async () => {
    await writeSettings(db(), { tare_weights: { "0_5": 0.1, "0_7": 0.15, "1_0": 0.2 } }, new Date());
    const res = await check("w2", { size: "1g", sample_weight: 12, count_at_measurement: 50 });
    expect(await json(res)).toMatchObject({ analysis: { tare: 0.2, avg_weight: 1, yield_percent: 100 } });
  });

  it("answers 404 for an unknown batch and writes nothing", async () => {
    const before = await db().select().from(weightChecks);
    const res = await check("nope", { size: "0.5g", sample_weight: 6, count_at_measurement: 1 });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
    expect(await db().select().from(weightChecks)).toEqual(before);
  });

  it.each([
    [{ sample_weight: 6, count_at_measurement: 1 }, "size is required"],
    [{ size: "2g", sample_weight: 6, count_at_measurement: 1 }, "size must be 0.5g, 0.7g or 1.0g"],
    [{ size: 0.5, sample_weight: 6, count_at_measurement: 1 }, "size must be 0.5g, 0.7g or 1.0g"],
    [{ size: "0.5g", count_at_measurement: 1 }, "sample_weight is required"],
    [{ size: "0.5g", sample_weight: 0, count_at_measurement: 1 }, "sample_weight must be greater than 0"],
    [{ size: "0.5g", sample_weight: "6", count_at_measurement: 1 }, "Invalid value for sample_weight"],
    [{ size: "0.5g", sample_weight: 1e308, count_at_measurement: 1 }, "sample_weight must be at most 1000 grams"],
    [{ size: "0.5g", sample_weight: 6 }, "count_at_measurement is required"],
    [{ size: "0.5g", sample_weight: 6, count_at_measurement: -1 }, "count_at_measurement must not be negative"],
    [{ size: "0.5g", sample_weight: 6, count_at_measurement: 1.5 }, "count_at_measurement must be a whole number"],
    ["{oops", "Invalid JSON"],
    ["null", "Invalid value for request"],
    [[6, 100], "Invalid value for request"],
    [{ size: { $ne: null }, sample_weight: 6, count_at_measurement: 1 }, "size must be 0.5g, 0.7g or 1.0g"],
  ])("refuses %j and writes nothing", async (body, error) => {
    const before = await batchRow("w3");
    const res = await check("w3", body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
    expect(await batchRow("w3")).toEqual(before);
  });

  it("refuses a 2 MB size string", async () => {
    const res = await check("w3", { size: "x".repeat(2_000_000), sample_weight: 6, count_at_measurement: 1 });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "size must be 0.5g, 0.7g or 1.0g" });
  });

  it("is session only and checks the Origin of cookie writes", async () => {
    const key = await createApiKey();
    const body = { size: "0.5g", sample_weight: 6, count_at_measurement: 1 };
    const withKey = await check("w3", body, { key });
    expect(withKey.status).toBe(401);
    expect(await json(withKey)).toEqual({ error: "Authentication required" });
    // A cookie write from a foreign page is refused (one without an Origin is accepted, as the original API did).
    expect((await check("w3", body, { cookie, origin: "https://evil.example" })).status).toBe(403);
  });

  it("keeps every one of several simultaneous checks", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => check("w3", { size: "0.7g", sample_weight: 8.5, count_at_measurement: (i + 1) * 10 })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const batch = await batchRow("w3");
    expect(JSON.parse(batch?.weight_log_0_7 ?? "[]")).toHaveLength(8);
    expect(await db().select().from(weightChecks).where(eq(weightChecks.batch_id, "w3"))).toHaveLength(8);
    const logAudits = await db().select().from(auditLog).where(eq(auditLog.field, "weight_log_0_7"));
    expect(logAudits.map((a) => a.new).sort()).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
  });
});

describe("GET /api/weight-analytics/{batch_id}", () => {
  it("shows every size's log, running yield and whether a check is due", async () => {
    const res = await call("GET", "/api/weight-analytics/w1", undefined, { cookie });
    expect(res.status).toBe(200);
    const body = await json<{ batch_id: string; strain: string; sizes: Record<string, Record<string, unknown>> }>(res);
    expect(body).toMatchObject({ batch_id: "w1", strain: "Blue Dream" });
    expect(body.sizes["0_5"]).toMatchObject({
      running_yield: 92,
      running_yield_color: "orange",
      last_check_count: 300,
      current_count: 300,
      checks_due: false,
    });
    expect(body.sizes["0_5"]?.log).toHaveLength(2);
    expect(body.sizes["0_7"]).toMatchObject({
      log: [],
      running_yield: 0,
      running_yield_color: "red",
      last_check_date: null,
      checks_due: false,
    });
  });

  it("answers 404 for an unknown batch, including hostile ids", async () => {
    for (const id of ["nope", "'%20OR%201=1%20--", "%F0%9F%8C%BF"]) {
      const res = await call("GET", `/api/weight-analytics/${id}`, undefined, { cookie });
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: "Batch not found" });
    }
    const tooLong = await call("GET", `/api/weight-analytics/${"x".repeat(201)}`, undefined, { cookie });
    expect(tooLong.status).toBe(400);
  });

  it("needs a session", async () => {
    const res = await call("GET", "/api/weight-analytics/w1");
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: "Authentication required" });
  });
});
