import { env } from "cloudflare:test";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { acquireJobLease } from "../../src/data/jobs";
import { auditLog, batches, centrifugeOutcomes, centrifugeRecommendations, jobRuns } from "../../src/db/schema";
import { learningPass } from "../../src/jobs/learning-pass";
import { runJob } from "../../src/jobs/run-job";
import { call, createApiKey, db, json } from "../helpers/http";

const NOW = new Date("2026-03-01T12:00:00Z");
let key = "";

type BatchSeed = Partial<typeof batches.$inferInsert> & { id: string };

async function seedBatch(seed: BatchSeed) {
  await db()
    .insert(batches)
    .values({
      strain: "Blue Dream",
      input_grams: 1000,
      target_grams_each: 0.5,
      stage: 3,
      centrifuge_rpm: 2200,
      centrifuge_time_seconds: 15,
      centrifuge_cycles: 2,
      centrifuge_fill_gauge_cycle1: 8,
      centrifuge_fill_gauge_cycle2: 6,
      centrifuge_machine: "silver_bullet",
      cached_production_rate: 100,
      ...seed,
    });
}

const snapshot = async () => ({
  outcomes: await db().select().from(centrifugeOutcomes).orderBy(asc(centrifugeOutcomes.batch_id), asc(centrifugeOutcomes.size)),
  recommendations: await db().select().from(centrifugeRecommendations).orderBy(asc(centrifugeRecommendations.grind_size)),
});

beforeAll(async () => {
  key = await createApiKey();
  // The same four Blue Dream outcomes as the unit test of learn(), plus batches that must be ignored.
  await seedBatch({
    id: "b1",
    strain: "blue dream ",
    centrifuge_rpm: 2000,
    running_yield_0_5: 90,
    grind_size: "fine",
    production_end_time: "2026-01-01T10:00:00Z",
  });
  await seedBatch({
    id: "b2",
    centrifuge_fill_gauge_cycle1: 7,
    running_yield_0_5: 95,
    grind_size: "fine",
    production_end_time: "2026-01-10T10:00:00Z",
  });
  await seedBatch({
    id: "b3",
    stage: 7,
    archived: 1,
    centrifuge_rpm: 2400,
    centrifuge_time_seconds: 18,
    centrifuge_fill_gauge_cycle1: 6,
    centrifuge_fill_gauge_cycle2: 5,
    running_yield_0_5: 100,
    grind_size: "medium",
    production_end_time: "2026-01-20T10:00:00Z",
  });
  await seedBatch({
    id: "b4",
    stage: 4,
    centrifuge_rpm: 2100,
    centrifuge_cycles: 1,
    centrifuge_fill_gauge_cycle1: 9,
    centrifuge_fill_gauge_cycle2: null,
    running_yield_0_5: 92,
    grind_size: "fine",
    production_end_time: "2026-01-25T10:00:00Z",
  });
  await seedBatch({ id: "in-progress", stage: 2, running_yield_0_5: 99 });
  await seedBatch({ id: "no-checks", stage: 5 });
  await seedBatch({ id: "k1", strain: "OG Kush", running_yield_1_0: 94, production_end_time: "2026-01-02T10:00:00Z" });
});

describe("learning pass job", () => {
  it("derives outcomes and learns the expected recommendations", async () => {
    const summary = await learningPass.run(env, NOW);
    expect(summary.rowsProcessed).toBe(5);
    const { outcomes, recommendations } = await snapshot();
    expect(outcomes.map((o) => [o.batch_id, o.size, o.processed_at])).toEqual([
      ["b1", "0_5", NOW.toISOString()],
      ["b2", "0_5", NOW.toISOString()],
      ["b3", "0_5", NOW.toISOString()],
      ["b4", "0_5", NOW.toISOString()],
      ["k1", "1_0", NOW.toISOString()],
    ]);
    expect(recommendations).toEqual([
      {
        strain: "Blue Dream",
        size: "0_5",
        grind_size: "",
        rpm: 2200,
        time_seconds: 16,
        cycles: 2,
        fill_gauge_cycle1: 8,
        fill_gauge_cycle2: 5,
        confidence: 0.75,
        sample_size: 4,
        updated_at: NOW.toISOString(),
      },
      {
        strain: "Blue Dream",
        size: "0_5",
        grind_size: "fine",
        rpm: 2100,
        time_seconds: 15,
        cycles: 2,
        fill_gauge_cycle1: 8,
        fill_gauge_cycle2: 6,
        confidence: 0.55,
        sample_size: 3,
        updated_at: NOW.toISOString(),
      },
    ]);
  });

  it("changes nothing when run a second time", async () => {
    const before = await snapshot();
    const summary = await learningPass.run(env, new Date("2026-03-01T12:05:00Z"));
    expect(summary.rowsProcessed).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("relearns only the group whose outcome changed", async () => {
    await db().update(batches).set({ running_yield_0_5: 80 }).where(eq(batches.id, "b4"));
    const later = new Date("2026-03-01T12:10:00Z");
    const summary = await learningPass.run(env, later);
    expect(summary.rowsProcessed).toBe(1);
    const { recommendations } = await snapshot();
    expect(recommendations.map((r) => [r.grind_size, r.updated_at])).toEqual([
      ["", later.toISOString()],
      ["fine", later.toISOString()],
    ]);
  });

  it("drops a recommendation when its group falls below three outcomes", async () => {
    await db().update(batches).set({ stage: 2 }).where(eq(batches.id, "b2"));
    const summary = await learningPass.run(env, new Date("2026-03-01T12:15:00Z"));
    expect(summary.rowsProcessed).toBe(1);
    const { outcomes, recommendations } = await snapshot();
    expect(outcomes.map((o) => o.batch_id)).not.toContain("b2");
    expect(recommendations.map((r) => r.grind_size)).toEqual([""]);
    await db().update(batches).set({ stage: 3 }).where(eq(batches.id, "b2"));
    await learningPass.run(env, new Date("2026-03-01T12:20:00Z"));
  });

  it("records each run through runJob and skips while another run holds the lease", async () => {
    const outcome = await runJob(env, learningPass, new Date("2026-03-01T12:25:00Z"));
    expect(outcome).toEqual({ outcome: "success", summary: { rowsProcessed: 0, detail: "no new outcomes" } });
    const runs = await db().select().from(jobRuns).where(eq(jobRuns.job, "learning-pass"));
    expect(runs.at(-1)).toMatchObject({ outcome: "success", rows_processed: 0, started_at: "2026-03-01T12:25:00.000Z" });

    const heldAt = Date.parse("2026-03-01T12:30:00Z");
    expect(await acquireJobLease(db(), "learning-pass", "someone-else", heldAt, 60_000)).toBe(true);
    expect(await runJob(env, learningPass, new Date(heldAt))).toEqual({ outcome: "skipped" });
  });
});

describe("GET /api/centrifuge/trends/{strain}", () => {
  it("shows the timeline, trend and recommendation of a strain", async () => {
    const res = await call("GET", "/api/centrifuge/trends/BLUE%20DREAM", undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<Record<string, unknown>>(res);
    expect(body).toMatchObject({
      strain: "BLUE DREAM",
      has_data: true,
      trend_analysis: { rpm_trend: "increasing", optimal_rpm: 2400 },
      // b4's yield dropped to 80 % above: weights 0.9, 1.9, 3.0, 3.2 → gauge 67.3 / 9 = 7.5 → 7.
      recommendation: { rpm: 2200, time_seconds: 16, fill_gauge_cycle1: 7, confidence: 0.73 },
    });
    expect(body.timeline).toEqual([
      {
        batch_number: 1,
        batch_id: "b1",
        rpm: 2000,
        time_seconds: 15,
        fill_gauge: 8,
        yield_percent: 90,
        recorded_at: "2026-01-01T10:00:00Z",
      },
      {
        batch_number: 2,
        batch_id: "b2",
        rpm: 2200,
        time_seconds: 15,
        fill_gauge: 7,
        yield_percent: 95,
        recorded_at: "2026-01-10T10:00:00Z",
      },
      {
        batch_number: 3,
        batch_id: "b3",
        rpm: 2400,
        time_seconds: 18,
        fill_gauge: 6,
        yield_percent: 100,
        recorded_at: "2026-01-20T10:00:00Z",
      },
      {
        batch_number: 4,
        batch_id: "b4",
        rpm: 2100,
        time_seconds: 15,
        fill_gauge: 9,
        yield_percent: 80,
        recorded_at: "2026-01-25T10:00:00Z",
      },
    ]);
  });

  it("answers the same on the alias path and applies temporal filters", async () => {
    const a = await json(await call("GET", "/api/centrifuge/trends/Blue%20Dream?target_batch=6&days_since_harvest=35", undefined, { key }));
    const b = await json(await call("GET", "/api/centrifuge-trends/Blue%20Dream?target_batch=6&days_since_harvest=35", undefined, { key }));
    expect(a).toEqual(b);
    expect((a.recommendation as { rpm: number }).rpm).toBeGreaterThan(0);
  });

  it("says so when a strain has too little history", async () => {
    const res = await call("GET", "/api/centrifuge-trends/OG%20Kush", undefined, { key });
    expect(await json(res)).toMatchObject({ strain: "OG Kush", has_data: false, timeline: [{ batch_id: "k1" }] });
  });

  it.each([
    ["/api/centrifuge/trends/Blue%20Dream?grind_size=huge", "Invalid value for grind_size"],
    ["/api/centrifuge/trends/Blue%20Dream?target_batch=0", "target_batch must be between 1 and 10000"],
    ["/api/centrifuge/trends/Blue%20Dream?target_batch=1e9", "Invalid value for target_batch"],
    ["/api/centrifuge-trends/Blue%20Dream?days_since_harvest=-1", "days_since_harvest must be between 0 and 3650"],
    [`/api/centrifuge-trends/${"x".repeat(201)}`, "Invalid value for strain_name"],
    ["/api/centrifuge/trends/%20%20", "Invalid value for strain"],
  ])("refuses %s", async (path, error) => {
    const res = await call("GET", path, undefined, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
  });

  it("treats SQL-looking and unicode strains as plain names", async () => {
    for (const name of ["'; DROP TABLE batches; --", "Blüe Dréam 🌿"]) {
      const res = await call("GET", `/api/centrifuge/trends/${encodeURIComponent(name)}`, undefined, { key });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ strain: name, has_data: false });
    }
  });
});

describe("GET /api/centrifuge-recommendations-unified/{strain_name}", () => {
  it("serves the learned per-size settings in weight mode", async () => {
    const res = await call("GET", "/api/centrifuge-recommendations-unified/Blue%20Dream", undefined, { key });
    expect(await json(res)).toEqual({
      strain: "Blue Dream",
      has_data: true,
      priority_mode: "weight",
      temporal: false,
      sizes: {
        "0_5": { rpm: 2200, time_seconds: 16, cycles: 2, fill_gauge_cycle1: 7, fill_gauge_cycle2: 5, confidence: 0.73, sample_size: 4 },
        "0_7": null,
        "1_0": null,
      },
      overall: { rpm: 2200, time_seconds: 16, cycles: 2, fill_gauge_cycle1: 7, confidence: 0.73 },
    });
  });

  it("filters by grind, computes count mode and temporal mode", async () => {
    const fine = await json<{ sizes: Record<string, { rpm: number } | null> }>(
      await call("GET", "/api/centrifuge-recommendations-unified/Blue%20Dream?grind_size=fine", undefined, { key }),
    );
    expect(fine.sizes["0_5"]?.rpm).toBe(2100);
    const count = await json(
      await call("GET", "/api/centrifuge-recommendations-unified/Blue%20Dream?priority_mode=count", undefined, { key }),
    );
    expect(count).toMatchObject({ priority_mode: "count", has_data: true });
    const temporal = await json(
      await call(
        "GET",
        "/api/centrifuge-recommendations-unified/Blue%20Dream?temporal=true&target_batch=2&days_since_harvest=90",
        undefined,
        { key },
      ),
    );
    expect(temporal).toMatchObject({ temporal: true, has_data: true });
  });

  it("has no data for an unknown strain", async () => {
    const res = await call("GET", "/api/centrifuge-recommendations-unified/Nothing", undefined, { key });
    expect(await json(res)).toMatchObject({ has_data: false, overall: null, sizes: { "0_5": null, "0_7": null, "1_0": null } });
  });

  it.each([
    ["priority_mode=speed", "Invalid value for priority_mode"],
    ["temporal=maybe", "Invalid value for temporal"],
  ])("refuses %s", async (query, error) => {
    const res = await call("GET", `/api/centrifuge-recommendations-unified/Blue%20Dream?${query}`, undefined, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
  });
});

describe("GET /api/centrifuge-history/{strain_name}", () => {
  it("lists centrifuge setting changes of the strain, newest first", async () => {
    await db()
      .insert(auditLog)
      .values([
        { batch: "b1", strain: "Blue Dream", ts: "2026-01-01T10:00:00Z", field: "centrifuge_rpm", old: null, new: "2000" },
        { batch: "b2", strain: "blue dream", ts: "2026-01-02T10:00:00Z", field: "centrifuge_fill_gauge_cycle1", old: "8", new: "7" },
        { batch: "b2", strain: "Blue Dream", ts: "2026-01-03T10:00:00Z", field: "counts_0_5", old: "0", new: "10" },
        { batch: "x", strain: "centrifugeXrpm", ts: "2026-01-03T10:00:00Z", field: "centrifugeXrpm", old: "0", new: "10" },
        { batch: "k1", strain: "OG Kush", ts: "2026-01-04T10:00:00Z", field: "centrifuge_rpm", old: "2000", new: "2100" },
      ]);
    const res = await call("GET", "/api/centrifuge-history/Blue%20Dream", undefined, { key });
    expect(await json(res)).toEqual({
      strain: "Blue Dream",
      history: [
        { batch: "b2", ts: "2026-01-02T10:00:00Z", field: "centrifuge_fill_gauge_cycle1", old: "8", new: "7" },
        { batch: "b1", ts: "2026-01-01T10:00:00Z", field: "centrifuge_rpm", old: null, new: "2000" },
      ],
      total_changes: 2,
    });
  });

  it("treats hostile strain names as plain text", async () => {
    for (const name of ["'; DROP TABLE audit_log; --", "🌿 Blüe", "centrifuge_%"]) {
      const res = await call("GET", `/api/centrifuge-history/${encodeURIComponent(name)}`, undefined, { key });
      expect(await json(res)).toEqual({ strain: name, history: [], total_changes: 0 });
    }
    const tooLong = await call("GET", `/api/centrifuge-history/${"x".repeat(201)}`, undefined, { key });
    expect(tooLong.status).toBe(400);
    expect(await json(tooLong)).toEqual({ error: "Invalid value for strain_name" });
  });

  it("needs credentials", async () => {
    const res = await call("GET", "/api/centrifuge-history/Blue%20Dream");
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: "Authentication required" });
  });
});
