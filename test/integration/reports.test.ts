import { beforeAll, describe, expect, it } from "vitest";
import { writeSettings } from "../../src/data/settings";
import { auditLog, backups, batches } from "../../src/db/schema";
import { addDays, lastLocalDates, localDate } from "../../src/domain/daily-production";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";

const TZ = "America/Los_Angeles";
const HOUR = 3_600_000;
let key = "";
let cookie = "";
const now = new Date();
const ago = (hours: number) => new Date(now.getTime() - hours * HOUR).toISOString();
const get = (path: string) => call("GET", path, undefined, { key });

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
  const seeds: (typeof batches.$inferInsert)[] = [
    { id: "r1", strain: "Blue Dream", input_grams: 1000, target_grams_each: 0.5, stage: 2, stage_entered_at: ago(1), counts_0_5: 250 },
    { id: "r2", strain: "OG Kush", input_grams: 1000, target_grams_each: 1, stage: 4, stage_entered_at: ago(60) },
    { id: "r3", strain: "Gelato", input_grams: 1000, target_grams_each: 0.7, stage: 1, stage_entered_at: ago(100) },
    {
      id: "r4",
      strain: "Runtz",
      input_grams: 1000,
      target_grams_each: 0.5,
      stage: 7,
      archived: 1,
      counts_0_5: 800,
      counts_0_7: 100,
      counts_1_0: 200,
      cached_production_rate: 160,
      production_end_time: ago(200),
    },
  ];
  for (const seed of seeds) await db().insert(batches).values(seed);
  await db()
    .insert(auditLog)
    .values([
      { batch: "r1", strain: "Blue Dream", ts: now.toISOString(), field: "counts_0_5", old: "0", new: "200" },
      { batch: "r1", strain: "Blue Dream", ts: now.toISOString(), field: "counts_0_5", old: "200", new: "250" },
      { batch: "r4", strain: "Runtz", ts: now.toISOString(), field: "counts_1_0", old: "220", new: "200" },
      { batch: "r4", strain: "Runtz", ts: ago(48), field: "counts_0_7", old: "0", new: "100" },
      { batch: "r1", strain: "Blue Dream", ts: ago(0.5), field: "stage", old: "1", new: "2" },
    ]);
});

describe("GET /api/overview", () => {
  it("counts stages, today's production and the batches needing attention", async () => {
    const res = await get("/api/overview");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      stage_counts: {
        "Not ground": 0,
        Ground: 1,
        "In progress": 1,
        Finished: 0,
        "Waiting on testing": 1,
        "Test passed": 0,
        Bagging: 0,
        Done: 0,
      },
      production_stats: { today_total: 250, today_0_5: 250, today_0_7: 0, today_1_0: 0 },
      priority_batches: [
        { strain: "Gelato", stage: "Ground", days_in_stage: 4, reason: "long in stage" },
        { strain: "OG Kush", stage: "Waiting on testing", days_in_stage: 2, reason: "testing overdue" },
      ],
      total_active: 3,
    });
  });

  it("follows the test_alert_hours setting", async () => {
    await writeSettings(db(), { test_alert_hours: 72 }, new Date());
    const body = await json<{ priority_batches: { strain: string }[] }>(await get("/api/overview"));
    expect(body.priority_batches.map((p) => p.strain)).toEqual(["Gelato"]);
    await writeSettings(db(), { test_alert_hours: 48 }, new Date());
  });

  it("needs credentials", async () => {
    expect((await call("GET", "/api/overview")).status).toBe(401);
    const wrong = await call("GET", "/api/overview", undefined, { key: "nope" });
    expect(await json(wrong)).toEqual({ error: "Invalid API key" });
  });
});

describe("GET /api/audit (and /api/audit-log)", () => {
  it("lists the trail newest first with the documented fields", async () => {
    const rows = await json<Record<string, unknown>[]>(await get("/api/audit"));
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ batch: "r4", strain: "Runtz", field: "counts_1_0", old: "220", new: "200" });
    expect(Object.keys(rows[0] ?? {})).toEqual(expect.arrayContaining(["batch", "strain", "ts", "field", "old", "new"]));
    expect(rows.at(-1)).toMatchObject({ field: "counts_0_7" });
    expect(await json(await get("/api/audit-log"))).toEqual(rows);
  });

  it("pages with limit, before and before_id", async () => {
    const all = await json<{ id: number; ts: string }[]>(await get("/api/audit"));
    const first = await json<{ id: number; ts: string }[]>(await get("/api/audit?limit=2"));
    expect(first).toEqual(all.slice(0, 2));
    const last = first.at(-1);
    const next = await json(await get(`/api/audit-log?limit=2&before=${encodeURIComponent(last?.ts ?? "")}&before_id=${last?.id}`));
    expect(next).toEqual(all.slice(2, 4));
  });

  it.each([
    ["limit=0", "limit must be between 1 and 5000"],
    ["limit=5001", "limit must be between 1 and 5000"],
    ["limit=ten", "Invalid value for limit"],
    ["before_id=-1", "before_id must be between 0 and 9007199254740991"],
    [`before=${"9".repeat(65)}`, "Invalid value for before"],
  ])("refuses %s", async (query, error) => {
    const res = await get(`/api/audit?${query}`);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
  });

  it("treats a SQL-looking cursor as text", async () => {
    const res = await get(`/api/audit?before=${encodeURIComponent("' OR 1=1 --")}`);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual([]);
  });
});

describe("GET /api/production-history", () => {
  it("sums count changes per local day, 7 days by default", async () => {
    const res = await get("/api/production-history");
    const body = await json<{ days: number; daily_production: { date: string; total: number }[] }>(res);
    expect(body.days).toBe(7);
    expect(body.daily_production.map((d) => d.date)).toEqual(lastLocalDates(now, 7, TZ));
    const today = localDate(now, TZ);
    const twoDaysAgo = localDate(new Date(ago(48)), TZ);
    expect(body.daily_production.find((d) => d.date === today)).toEqual({ date: today, total: 250, "0_5": 250, "0_7": 0, "1_0": 0 });
    expect(body.daily_production.find((d) => d.date === twoDaysAgo)).toEqual({
      date: twoDaysAgo,
      total: 100,
      "0_5": 0,
      "0_7": 100,
      "1_0": 0,
    });
  });

  it("accepts 1 to 90 days", async () => {
    const one = await json<{ daily_production: unknown[] }>(await get("/api/production-history?days=1"));
    expect(one.daily_production).toHaveLength(1);
    const ninety = await json<{ days: number; daily_production: { date: string }[] }>(await get("/api/production-history?days=90"));
    expect(ninety.daily_production[0]?.date).toBe(addDays(localDate(now, TZ), -89));
  });

  it.each([
    ["days=0", "days must be between 1 and 90"],
    ["days=91", "days must be between 1 and 90"],
    ["days=1e3", "Invalid value for days"],
    ["days=", "Invalid value for days"],
  ])("refuses %s", async (query, error) => {
    const res = await get(`/api/production-history?${query}`);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
  });
});

describe("GET /api/backup-status", () => {
  it("says never_run before any backup, in both documented shapes", async () => {
    const body = await json<Record<string, unknown>>(await get("/api/backup-status"));
    expect(body).toMatchObject({
      last_backup: null,
      backup_count: 0,
      backup_size_mb: null,
      status: "never_run",
      last_backup_time: null,
      last_backup_size_bytes: null,
      local_backup_count: 0,
      remote_backup_count: 0,
      last_remote_tag: null,
      last_status: "never_run",
      last_error: null,
    });
    expect(Date.parse(String(body.next_scheduled))).toBeGreaterThan(now.getTime());
  });

  it("reports the last successful backup and the latest failure", async () => {
    await db()
      .insert(backups)
      .values([
        {
          id: "k1",
          started_at: "2026-02-28T06:00:00.000Z",
          finished_at: "2026-02-28T06:00:05.000Z",
          size_bytes: 13_107_200,
          tag: "backup/20260228_060000",
          status: "success",
        },
        {
          id: "k2",
          started_at: "2026-02-28T12:00:00.000Z",
          finished_at: "2026-02-28T12:00:01.000Z",
          status: "failed",
          error: "R2 unavailable",
        },
      ]);
    const body = await json(await call("GET", "/api/backup-status", undefined, { cookie }));
    expect(body).toMatchObject({
      last_backup: "2026-02-28T06:00:05.000Z",
      backup_count: 1,
      backup_size_mb: 12.5,
      status: "failed",
      last_backup_time: "20260228_060000",
      last_backup_size_bytes: 13_107_200,
      last_remote_tag: "backup/20260228_060000",
      last_status: "failed",
      last_error: "R2 unavailable",
    });
  });
});

describe("GET /api/achievements", () => {
  it("computes the catalogue and keeps the first unlock time", async () => {
    const first = await json<{ achievements: { key: string; unlocked: boolean; unlocked_at: string | null }[]; unlocked_count: number }>(
      await get("/api/achievements"),
    );
    const byKey = Object.fromEntries(first.achievements.map((a) => [a.key, a]));
    expect(byKey.prerolls_1k?.unlocked).toBe(true);
    expect(byKey.batches_1?.unlocked).toBe(true);
    expect(byKey.rate_150?.unlocked).toBe(true);
    expect(byKey.all_sizes?.unlocked).toBe(true);
    expect(byKey.prerolls_10k).toMatchObject({ unlocked: false, unlocked_at: null });
    const again = await json<{ achievements: { key: string; unlocked_at: string | null }[] }>(await get("/api/achievements"));
    expect(again.achievements.find((a) => a.key === "prerolls_1k")?.unlocked_at).toBe(byKey.prerolls_1k?.unlocked_at);
  });
});

describe("GET /api/stats", () => {
  it("returns the summary, production series and strain figures", async () => {
    const body = await json<Record<string, unknown>>(await get("/api/stats"));
    expect(body).toMatchObject({
      summary: { total_batches_completed: 1, total_pre_rolls: 1350, average_production_rate: 160, active_batches: 3 },
      period: "month",
      days: 30,
      rate_trend: [{ batch_id: "r4", strain: "Runtz", rate: 160 }],
    });
    expect(body.daily).toHaveLength(30);
    expect((body.strain_performance as { strain: string }[])[0]?.strain).toBe("Runtz");
  });

  it("spans all time from the first count change", async () => {
    const body = await json<{ days: number; daily: unknown[] }>(await get("/api/stats?period=all"));
    expect(body.days).toBeGreaterThanOrEqual(3);
    expect(body.daily).toHaveLength(body.days);
  });

  it("refuses an unknown period", async () => {
    const res = await get("/api/stats?period=decade");
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "Invalid value for period" });
  });
});
