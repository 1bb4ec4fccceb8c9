import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { stampArea } from "../../durable-objects/hub-client";
import { writeSettings } from "../../src/data/settings";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";

let key: string;
let cookie: string;

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

type Item = Record<string, unknown>;

describe("GET /api/batches/last-updated before the batch clock ever moved", () => {
  it("answers the newest audit timestamp, or null without any", async () => {
    expect(await json(await call("GET", "/api/batches/last-updated", undefined, { key }))).toEqual({ timestamp: null });
    await db().run(
      sql`INSERT INTO audit_log (batch, strain, ts, field, old, new) VALUES ('old', 'Old', '2026-02-28T14:30:00Z', 'stage', '1', '2')`,
    );
    expect(await json(await call("GET", "/api/batches/last-updated", undefined, { key }))).toEqual({
      timestamp: "2026-02-28T14:30:00.000Z",
    });
  });
});

describe("GET /api/data", () => {
  it("lists active batches by display_order with the documented fields and types, without rate_history", async () => {
    const second = await seedBatch({
      strain: "Gelato",
      display_order: 200,
      stage: 2,
      counts_0_5: 150,
      rate_history: '[{"timestamp":"2026-02-26T10:00:00Z","rate":42.5,"total_count":100}]',
    });
    const first = await seedBatch({ strain: "OG Kush", display_order: 100 });
    await seedBatch({ strain: "Old", display_order: 50, archived: 1 });
    const res = await call("GET", "/api/data", undefined, { key });
    expect(res.status).toBe(200);
    const items = (await json<Item[]>(res)).filter((b) => b.id === first || b.id === second);
    expect(items.map((b) => b.id)).toEqual([first, second]);
    const gelato = items[1] ?? {};
    expect(gelato).toMatchObject({ strain: "Gelato", input_grams: 1000, target_grams_each: 0.5, stage: 2, counts_0_5: 150, archived: 0 });
    for (const field of ["counts_0_5", "counts_0_7", "counts_1_0", "planned_0_5", "planned_0_7", "planned_1_0", "display_order", "stage"]) {
      expect(Number.isInteger(gelato[field])).toBe(true);
    }
    for (const field of ["plan_use_grams", "input_grams", "total_work_hours"]) expect(typeof gelato[field]).toBe("number");
    for (const field of ["testing_status", "packaging_status", "id", "strain"]) expect(typeof gelato[field]).toBe("string");
    expect(gelato).toHaveProperty("cached_production_rate", null);
    expect(gelato).toHaveProperty("centrifuge_rpm", null);
    expect(gelato).not.toHaveProperty("rate_history");
    expect(gelato).not.toHaveProperty("version");
    expect((await json<Item[]>(await call("GET", "/api/data", undefined, { key }))).some((b) => b.strain === "Old")).toBe(false);
  });

  it("includes each batch's rate_history as an array with include_history=true", async () => {
    const id = await seedBatch({ rate_history: '[{"timestamp":"2026-02-26T10:00:00Z","rate":42.5,"total_count":100}]' });
    const items = await json<Item[]>(await call("GET", "/api/data?include_history=true", undefined, { key }));
    expect(items.find((b) => b.id === id)?.rate_history).toEqual([{ timestamp: "2026-02-26T10:00:00Z", rate: 42.5, total_count: 100 }]);
  });

  it("answers 304 to If-None-Match with the current ETag and a fresh copy after a write", async () => {
    const id = await seedBatch({ strain: "Etag" });
    const first = await call("GET", "/api/data", undefined, { key });
    const etag = first.headers.get("ETag");
    expect(etag).toMatch(/^W\/"batches-/);
    expect(first.headers.get("Cache-Control")).toBe("private, no-cache");
    const again = await call("GET", "/api/data", undefined, { key, headers: { "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect((await call("POST", `/api/batch/${id}/counts`, { counts_1_0: 7 }, { key })).status).toBe(200);
    const after = await call("GET", "/api/data", undefined, { key, headers: { "If-None-Match": etag ?? "" } });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    expect((await json<Item[]>(after)).find((b) => b.id === id)?.counts_1_0).toBe(7);
  });

  it("gives different ETags with and without history", async () => {
    const plain = await call("GET", "/api/data", undefined, { key });
    const history = await call("GET", "/api/data?include_history=true", undefined, { key });
    expect(plain.headers.get("ETag")).not.toBe(history.headers.get("ETag"));
  });

  it("refuses an unreadable include_history", async () => {
    const res = await call("GET", "/api/data?include_history=maybe", undefined, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "Invalid value for include_history" });
  });

  it("needs credentials: none → 401 Authentication required, wrong key → 401 Invalid API key; a session works", async () => {
    expect(await json(await call("GET", "/api/data"))).toEqual({ error: "Authentication required" });
    const wrong = await call("GET", "/api/data", undefined, { key: "wrong" });
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({ error: "Invalid API key" });
    expect((await call("GET", "/api/data", undefined, { cookie })).status).toBe(200);
  });
});

describe("GET /api/archive", () => {
  it("lists archived batches with the same object shape", async () => {
    const id = await seedBatch({
      strain: "OG Kush",
      stage: 7,
      archived: 1,
      counts_0_5: 400,
      counts_0_7: 200,
      counts_1_0: 150,
      input_grams: 500,
    });
    const res = await call("GET", "/api/archive", undefined, { key });
    expect(res.status).toBe(200);
    const items = await json<Item[]>(res);
    expect(items.find((b) => b.id === id)).toMatchObject({
      strain: "OG Kush",
      input_grams: 500,
      stage: 7,
      archived: 1,
      counts_0_5: 400,
      counts_0_7: 200,
      counts_1_0: 150,
    });
    expect(items.every((b) => b.archived === 1)).toBe(true);
    expect((await call("GET", "/api/archive")).status).toBe(401);
  });
});

describe("GET /api/batches/last-updated", () => {
  it("answers the batch clock as ISO with milliseconds, moving forward on every batch write", async () => {
    const id = await seedBatch();
    const before = await json<{ timestamp: string }>(await call("GET", "/api/batches/last-updated", undefined, { key }));
    expect(before.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 3 }, { key });
    const after = await json<{ timestamp: string }>(await call("GET", "/api/batches/last-updated", undefined, { key }));
    expect(Date.parse(after.timestamp)).toBeGreaterThan(Date.parse(before.timestamp));
    expect((await call("GET", "/api/batches/last-updated")).status).toBe(401);
  });

  it("never goes backwards", async () => {
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      await stampArea(env, "batches");
      seen.push(
        Date.parse((await json<{ timestamp: string }>(await call("GET", "/api/batches/last-updated", undefined, { key }))).timestamp),
      );
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe("GET /api/batch/{batch_id}/rate-history", () => {
  it("answers the history, metrics and cached rate", async () => {
    const history = [
      { timestamp: "2026-02-26T10:00:00Z", rate: 42.5, total_count: 100 },
      { timestamp: "2026-02-26T11:00:00Z", rate: 52.1, total_count: 200 },
    ];
    const id = await seedBatch({ strain: "Blue Dream", stage: 2, rate_history: JSON.stringify(history), cached_production_rate: 45.2 });
    const res = await call("GET", `/api/batch/${id}/rate-history`, undefined, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      batch_id: id,
      strain: "Blue Dream",
      stage: 2,
      rate_history: history,
      rate_metrics: {
        current_rate: 52.1,
        average_rate: 47.3,
        peak_rate: 52.1,
        smoothed_rate: 45.4,
        trend: "increasing",
        confidence: 0.2,
        sample_count: 2,
      },
      cached_production_rate: 45.2,
    });
  });

  it("answers 404 Batch not found", async () => {
    const res = await call("GET", "/api/batch/nope/rate-history", undefined, { key });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
  });
});

describe("GET /api/strain/{strain_name}/rate-projection", () => {
  it("projects from finished batches of the strain, any case, oldest first", async () => {
    const rates = [42.0, 45.5, 48.2, 52.1];
    for (const [i, rate] of rates.entries()) {
      await seedBatch({
        strain: i % 2 ? "blue dream" : "Blue Dream",
        stage: 3 + i,
        cached_production_rate: rate,
        production_end_time: `2026-01-0${i + 1}T10:00:00Z`,
      });
    }
    await seedBatch({ strain: "Blue Dream", stage: 2, cached_production_rate: 99 });
    const res = await call("GET", "/api/strain/Blue%20Dream/rate-projection", undefined, { key });
    expect(res.status).toBe(200);
    // Documented formula (rules §4.3): weights 1..n → 48.6; the api.md example's 48.5 / 0.85 is not derivable.
    expect(await json(res)).toEqual({
      strain_name: "Blue Dream",
      has_data: true,
      projected_rate: 48.6,
      confidence: 0.74,
      sample_size: 4,
      historical_rates: rates,
    });
  });

  it("says so without data", async () => {
    expect(await json(await call("GET", "/api/strain/New%20Strain/rate-projection", undefined, { key }))).toEqual({
      strain_name: "New Strain",
      has_data: false,
      message: "No historical rate data available for this strain",
    });
  });
});

describe("GET /api/allocation-preview", () => {
  it("splits 1000 g by the default allocation 40/30/30 → 800 / 428 / 300", async () => {
    const res = await call("GET", "/api/allocation-preview", undefined, { cookie });
    expect(res.status).toBe(200);
    // expected_output is Σ counts × size (gaps G-PLAN-2), 999.6 here, not the example's 980.0.
    expect(await json(res)).toEqual({
      allocation: [40, 30, 30],
      counts_0_5: 800,
      counts_0_7: 428,
      counts_1_0: 300,
      total_units: 1528,
      expected_output: 999.6,
    });
  });

  it("reads the stored allocation setting and the weight", async () => {
    await writeSettings(db(), { allocation: [50, 0, 50] }, new Date());
    const res = await call("GET", "/api/allocation-preview?weight=200", undefined, { cookie });
    expect(await json(res)).toEqual({
      allocation: [50, 0, 50],
      counts_0_5: 200,
      counts_0_7: 0,
      counts_1_0: 100,
      total_units: 300,
      expected_output: 200,
    });
    await writeSettings(db(), { allocation: "garbage" }, new Date());
    expect((await json(await call("GET", "/api/allocation-preview", undefined, { cookie }))).allocation).toEqual([40, 30, 30]);
  });

  it.each(["abc", "-5", "NaN", "1e308", ""])("refuses weight=%s with 400", async (weight) => {
    const res = await call("GET", `/api/allocation-preview?weight=${weight}`, undefined, { cookie });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "Invalid value for weight" });
  });

  it("is session only: an API key is not enough", async () => {
    const res = await call("GET", "/api/allocation-preview", undefined, { key });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: "Authentication required" });
  });
});

describe("GET /api/batches/testing-alerts", () => {
  it("lists batches waiting on testing longer than test_alert_hours", async () => {
    await writeSettings(db(), { test_alert_hours: 48 }, new Date());
    const late = await seedBatch({ strain: "Late", stage: 4, stage_entered_at: new Date(Date.now() - 50 * 3_600_000).toISOString() });
    await seedBatch({ strain: "Fresh", stage: 4, stage_entered_at: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const res = await call("GET", "/api/batches/testing-alerts", undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<{ test_alert_hours: number; alerts: Item[] }>(res);
    expect(body.test_alert_hours).toBe(48);
    expect(body.alerts.map((a) => a.batch_id)).toEqual([late]);
    expect(body.alerts[0]).toMatchObject({ strain: "Late", threshold_hours: 48 });
  });
});
