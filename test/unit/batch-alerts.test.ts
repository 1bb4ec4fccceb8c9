import { describe, expect, it } from "vitest";
import { isTestingOverdue, testingAlerts, testingAlertTarget, testingOverdueMessage } from "../../src/domain/batch-alerts";
import { centrifugeChanges } from "../../src/domain/batch-centrifuge";
import { computedProperties, type PropertyInput } from "../../src/domain/batch-properties";

const NOW = new Date("2026-03-03T12:00:00.000Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

describe("testing alerts", () => {
  it.each([
    [4, 49, true],
    [4, 48, false],
    [4, 10, false],
    [3, 100, false],
  ])("stage %i for %i h with a 48 h limit → alert %s", (stage, hours, alert) => {
    expect(isTestingOverdue({ id: "b", strain: "S", stage, stage_entered_at: hoursAgo(hours) }, 48, NOW)).toBe(alert);
  });

  it("lists overdue batches longest wait first", () => {
    const alerts = testingAlerts(
      [
        { id: "a", strain: "A", stage: 4, stage_entered_at: hoursAgo(50) },
        { id: "b", strain: "B", stage: 4, stage_entered_at: hoursAgo(72) },
        { id: "c", strain: "C", stage: 4, stage_entered_at: null },
      ],
      48,
      NOW,
    );
    expect(alerts).toEqual([
      { batch_id: "b", strain: "B", hours_waiting: 72, threshold_hours: 48, waiting_since: hoursAgo(72) },
      { batch_id: "a", strain: "A", hours_waiting: 50, threshold_hours: 48, waiting_since: hoursAgo(50) },
    ]);
  });
});

describe("computedProperties", () => {
  const base: PropertyInput = {
    id: "b",
    strain: "S",
    stage: 2,
    stage_entered_at: hoursAgo(4),
    input_grams: 1000,
    grams_used: 0,
    grams_ground: 1200,
    counts_0_5: 200,
    counts_0_7: 100,
    counts_1_0: 180,
    planned_0_5: 400,
    planned_0_7: 200,
    planned_1_0: 400,
    labels_printed: 250,
    packaged_singles: 100,
    packaged_6_packs: 10,
    packaged_12_packs: 5,
    loose_tupperware: 20,
    total_work_hours: 1,
    current_session_start: hoursAgo(3),
    source_materials: [{ strain: "OG Kush" }, { grams: 2 }],
  };

  it("derives totals, yield, grind, labels, packaging and rate", () => {
    expect(computedProperties(base, NOW, 48)).toEqual({
      stage_name: "In progress",
      total_pre_rolls: 480,
      calculated_grams_used: 350,
      yield_percent: 35,
      grind_progress_percent: 100,
      grind_remaining: 0,
      labels_needed: 1000,
      labels_progress_percent: 25,
      total_packaged: 220,
      packaging_balance: 240,
      packaging_complete: false,
      source_strains: ["OG Kush"],
      work_hours: 4,
      production_rate: 120,
      hours_in_stage: 4,
      days_in_stage: 0.2,
      testing_alert: false,
    });
  });

  it("handles zero input without dividing by zero and prefers a manual grams_used", () => {
    expect(computedProperties({ ...base, input_grams: 0 }, NOW, 48)).toMatchObject({ yield_percent: 0, grind_progress_percent: 0 });
    expect(computedProperties({ ...base, grams_used: 500 }, NOW, 48).yield_percent).toBe(50);
  });
});

describe("centrifugeChanges", () => {
  it("sets the batch columns without a size", () => {
    expect(centrifugeChanges(null, { centrifuge_rpm: 2200, centrifuge_cycles: 2 })).toEqual({
      ok: true,
      set: { centrifuge_rpm: 2200, centrifuge_cycles: 2 },
    });
  });
  it("merges one size's entry when a size is given", () => {
    const stored = JSON.stringify({ "0_5": { rpm: 2000, cycles: 1 }, "1_0": { rpm: 1800 } });
    const change = centrifugeChanges(stored, { size: "0_5", centrifuge_rpm: 2100, priority_mode: "count" });
    expect(change.ok && JSON.parse(String(change.set.centrifuge_settings_by_size))).toEqual({
      "0_5": { rpm: 2100, cycles: 1, priority_mode: "count" },
      "1_0": { rpm: 1800 },
    });
  });
  it("needs a size for a priority mode", () => {
    expect(centrifugeChanges(null, { priority_mode: "weight" })).toEqual({ ok: false, reason: "size is required with priority_mode" });
  });
});

describe("testing-overdue notification", () => {
  it("names the strain, the batch, the wait and the threshold, at normal priority, with one cooldown per batch", () => {
    const [alert] = testingAlerts([{ id: "b7", strain: "Sour Diesel", stage: 4, stage_entered_at: hoursAgo(52.26) }], 48, NOW);
    expect(alert && testingOverdueMessage(alert)).toEqual({
      title: "PreRollTracker – Testing overdue",
      message: "Sour Diesel (batch b7) has waited on testing for 52.3 h (alert after 48 h)",
      priority: 0,
    });
    expect(testingAlertTarget("b7")).toBe("testing:b7");
  });
});
