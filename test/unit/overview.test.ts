import { describe, expect, it } from "vitest";
import { backupHealth, backupStatus, nextScheduledBackup } from "../../src/domain/backup-status";
import { type OverviewBatch, priorityBatches, stageCounts } from "../../src/domain/overview";
import { rateTrend, type StatsBatch, statsSummary, strainPerformance } from "../../src/domain/stats";

const NOW = new Date("2026-03-01T12:00:00Z");
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function ob(partial: Partial<OverviewBatch>): OverviewBatch {
  return {
    strain: "Blue Dream",
    stage: 2,
    stage_entered_at: hoursAgo(1),
    created_at: hoursAgo(500),
    packaging_status: "available",
    ...partial,
  };
}

describe("stageCounts (rules §2.9)", () => {
  it("always names all eight stages", () => {
    expect(stageCounts([ob({ stage: 2 }), ob({ stage: 2 }), ob({ stage: 7 })])).toEqual({
      "Not ground": 0,
      Ground: 0,
      "In progress": 2,
      Finished: 0,
      "Waiting on testing": 0,
      "Test passed": 0,
      Bagging: 0,
      Done: 1,
    });
  });
});

describe("priorityBatches (rules §2.9 proposal)", () => {
  it("lists overdue testing, blocked packaging and stale stages, longest first", () => {
    const list = priorityBatches(
      [
        ob({ strain: "Fresh", stage: 2, stage_entered_at: hoursAgo(10) }),
        ob({ strain: "Testing", stage: 4, stage_entered_at: hoursAgo(50) }),
        ob({ strain: "Testing soon", stage: 4, stage_entered_at: hoursAgo(47) }),
        ob({ strain: "Blocked", stage: 6, stage_entered_at: hoursAgo(5), packaging_status: "waiting_materials" }),
        ob({ strain: "Stale", stage: 1, stage_entered_at: hoursAgo(100) }),
        ob({ strain: "Done", stage: 7, stage_entered_at: hoursAgo(300) }),
        ob({ strain: "Unknown entry", stage: 0, stage_entered_at: null, created_at: hoursAgo(80) }),
      ],
      48,
      NOW,
    );
    expect(list).toEqual([
      { strain: "Stale", stage: "Ground", days_in_stage: 4, reason: "long in stage" },
      { strain: "Unknown entry", stage: "Not ground", days_in_stage: 3, reason: "long in stage" },
      { strain: "Testing", stage: "Waiting on testing", days_in_stage: 2, reason: "testing overdue" },
      { strain: "Blocked", stage: "Bagging", days_in_stage: 0, reason: "packaging blocked" },
    ]);
  });
});

function sb(partial: Partial<StatsBatch>): StatsBatch {
  return {
    id: "b",
    strain: "Blue Dream",
    stage: 2,
    archived: 0,
    counts_0_5: 0,
    counts_0_7: 0,
    counts_1_0: 0,
    cached_production_rate: null,
    production_end_time: null,
    ...partial,
  };
}

describe("stats", () => {
  const rows = [
    sb({
      id: "a",
      stage: 7,
      archived: 1,
      counts_0_5: 100,
      counts_1_0: 50,
      cached_production_rate: 100,
      production_end_time: "2026-01-02T00:00:00Z",
    }),
    sb({
      id: "b",
      strain: "blue dream",
      stage: 7,
      counts_0_7: 70,
      cached_production_rate: 120.04,
      production_end_time: "2026-01-01T00:00:00Z",
    }),
    sb({ id: "c", strain: "OG Kush", counts_0_5: 10 }),
  ];

  it("summarises the four cards and sizes", () => {
    expect(statsSummary(rows)).toEqual({
      total_batches_completed: 1,
      total_pre_rolls: 230,
      average_production_rate: 110,
      active_batches: 2,
      by_size: { "0_5": 110, "0_7": 70, "1_0": 50 },
    });
  });

  it.each([
    [7, 1, true],
    [7, 0, false],
    [3, 1, false],
    [6, 0, false],
  ])("counts a batch at stage %i with archived = %i as completed: %s (rules §19: Done and archived)", (stage, archived, completed) => {
    expect(statsSummary([sb({ stage, archived })])).toMatchObject({
      total_batches_completed: completed ? 1 : 0,
      active_batches: 1 - archived,
    });
  });

  it("groups strains case-insensitively and lists the rate trend in production order", () => {
    expect(strainPerformance(rows)).toEqual([
      { strain: "Blue Dream", batches: 2, completed_batches: 1, pre_rolls: 220, average_rate: 110 },
      { strain: "OG Kush", batches: 1, completed_batches: 0, pre_rolls: 10, average_rate: null },
    ]);
    expect(rateTrend(rows).map((p) => [p.batch_id, p.rate])).toEqual([
      ["b", 120],
      ["a", 100],
    ]);
  });
});

describe("backup status (gaps G-BAK-1)", () => {
  const run = (status: string, startedHoursAgo: number, extra: object = {}) => ({
    started_at: hoursAgo(startedHoursAgo),
    finished_at: hoursAgo(startedHoursAgo - 0.01),
    size_bytes: 524288,
    tag: "backup/20260301_060000",
    status,
    error: null,
    ...extra,
  });

  it("next run is the next 6-hour mark in UTC", () => {
    expect(nextScheduledBackup(new Date("2026-03-01T05:59:00Z")).toISOString()).toBe("2026-03-01T06:00:00.000Z");
    expect(nextScheduledBackup(new Date("2026-03-01T18:00:00Z")).toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });

  it.each([
    [{ newest: null, lastSuccess: null, successCount: 0, storedCount: 0 }, "never_run"],
    [{ newest: run("success", 6), lastSuccess: run("success", 6), successCount: 1, storedCount: 1 }, "healthy"],
    [{ newest: run("success", 13), lastSuccess: run("success", 13), successCount: 1, storedCount: 1 }, "stale"],
    [{ newest: run("failed", 1), lastSuccess: run("success", 6), successCount: 1, storedCount: 1 }, "failed"],
  ])("%# → %s", (facts, health) => {
    expect(backupHealth(facts, NOW)).toBe(health);
  });

  it("returns both documented field sets", () => {
    const failed = run("failed", 1, { error: "R2 unavailable" });
    const ok = run("success", 6);
    expect(backupStatus({ newest: failed, lastSuccess: ok, successCount: 45, storedCount: 25 }, NOW)).toEqual({
      last_backup: ok.finished_at,
      backup_count: 45,
      backup_size_mb: 0.5,
      status: "failed",
      next_scheduled: "2026-03-01T18:00:00.000Z",
      last_backup_time: "20260301_060000",
      last_backup_size_bytes: 524288,
      local_backup_count: 0,
      remote_backup_count: 25,
      last_remote_tag: "backup/20260301_060000",
      last_status: "failed",
      last_error: "R2 unavailable",
    });
  });
});
