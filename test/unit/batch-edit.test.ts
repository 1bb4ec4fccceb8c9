import { describe, expect, it } from "vitest";
import { checkMetrc, diffFields, planBatchEdit, type StoredBatch } from "../../src/domain/batch-edit";

const NOW = new Date("2026-03-01T10:00:00.000Z");
const EARLIER = "2026-03-01T06:00:00.000Z";

const stored = (overrides: Partial<StoredBatch> = {}): StoredBatch => ({
  id: "b1",
  strain: "Blue Dream",
  stage: 0,
  input_grams: 1000,
  grams_ground: 0,
  thc_percent: null,
  stage_entered_at: EARLIER,
  production_start_time: null,
  production_end_time: null,
  production_duration_hours: null,
  production_sessions: null,
  current_session_start: null,
  total_work_hours: 0,
  packaging_status: "available",
  packaging_blocked_since: null,
  new_metrc_created: 0,
  new_metrc_number: null,
  origin_metrc_number: null,
  ...overrides,
});

describe("planBatchEdit", () => {
  it("logs one audit change per field that changes, old and new as text", () => {
    const plan = planBatchEdit(stored(), { thc_percent: 21.5, strain: "Blue Dream" }, NOW);
    expect(plan).toEqual({ ok: true, set: { thc_percent: 21.5 }, audits: [{ field: "thc_percent", old: null, new: "21.5" }] });
  });

  it("auto-advances 0 → 1 when the ground grams reach the input, logged as stage_auto_advanced", () => {
    const plan = planBatchEdit(stored(), { grams_ground: 1000 }, NOW);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.set).toMatchObject({ grams_ground: 1000, stage: 1, stage_entered_at: NOW.toISOString() });
    expect(plan.audits).toEqual([
      { field: "grams_ground", old: "0", new: "1000" },
      { field: "stage_auto_advanced", old: "0", new: "1" },
    ]);
  });

  it("does not auto-advance below the input weight or when the stage is chosen by hand", () => {
    const short = planBatchEdit(stored(), { grams_ground: 999 }, NOW);
    expect(short.ok && short.set.stage).toBeUndefined();
    const manual = planBatchEdit(stored(), { grams_ground: 1000, stage: 0 }, NOW);
    expect(manual.ok && manual.audits.map((a) => a.field)).toEqual(["grams_ground"]);
  });

  it("entering 2 opens a work session; leaving it closes the session", () => {
    const start = planBatchEdit(stored({ stage: 1 }), { stage: 2 }, NOW);
    expect(start.ok && start.set).toMatchObject({
      stage: 2,
      current_session_start: NOW.toISOString(),
      production_start_time: NOW.toISOString(),
    });
    const pause = planBatchEdit(stored({ stage: 2, current_session_start: EARLIER, production_start_time: EARLIER }), { stage: 1 }, NOW);
    expect(pause.ok && pause.set).toMatchObject({
      stage: 1,
      current_session_start: null,
      total_work_hours: 4,
      production_sessions: JSON.stringify([{ start: EARLIER, end: NOW.toISOString() }]),
    });
    expect(pause.ok && pause.audits).toEqual([{ field: "stage", old: "2", new: "1" }]);
  });

  it("records when packaging became blocked and clears it when available again", () => {
    const blocked = planBatchEdit(stored(), { packaging_status: "waiting_materials" }, NOW);
    expect(blocked.ok && blocked.set.packaging_blocked_since).toBe(NOW.toISOString());
    const freed = planBatchEdit(
      stored({ packaging_status: "waiting_materials", packaging_blocked_since: EARLIER }),
      { packaging_status: "available" },
      NOW,
    );
    expect(freed.ok && freed.set).toEqual({ packaging_status: "available", packaging_blocked_since: null });
  });

  it("stores JSON columns as text", () => {
    const plan = planBatchEdit(stored(), { source_materials: [{ strain: "OG Kush", grams: 10 }] }, NOW);
    expect(plan.ok && plan.set.source_materials).toBe('[{"strain":"OG Kush","grams":10}]');
  });

  it.each([
    [{ new_metrc_created: 1 }, {}, "new_metrc_number is required when new_metrc_created is 1"],
    [
      { new_metrc_number: "1A4060300002EE1000012345" },
      { origin_metrc_number: "1A4060300002EE1000012345" },
      "origin_metrc_number and new_metrc_number must be different",
    ],
  ])("refuses inconsistent METRC numbers %j", (changes, row, reason) => {
    expect(planBatchEdit(stored(row), changes, NOW)).toEqual({ ok: false, reason });
  });
});

describe("checkMetrc and diffFields", () => {
  it("accepts a created package with its number", () => {
    expect(checkMetrc({ new_metrc_created: 1, new_metrc_number: "1A4060300002EE1000012345" })).toBeNull();
  });
  it("compares as text", () => {
    expect(diffFields(stored({ thc_percent: 20 }), { thc_percent: 20, stage: 3 })).toEqual([{ field: "stage", old: "0", new: "3" }]);
  });
});
