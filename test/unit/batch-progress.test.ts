import { describe, expect, it } from "vitest";
import { computeProgress, localDayStart, producedFromChanges } from "../../src/domain/progress";

describe("computeProgress", () => {
  it("reproduces the documented example 200/400, 150/200, 300/400 → 50.0, 75.0, 75.0, overall 650/1000 = 65.0", () => {
    expect(computeProgress({ "0_5": 200, "0_7": 150, "1_0": 300 }, { "0_5": 400, "0_7": 200, "1_0": 400 })).toEqual({
      total_actual: 650,
      total_planned: 1000,
      progress_0_5: 50,
      progress_0_7: 75,
      progress_1_0: 75,
      overall_progress: 65,
    });
  });

  it.each([
    [{ "0_5": 10, "0_7": 0, "1_0": 0 }, { "0_5": 0, "0_7": 0, "1_0": 0 }, 0, 0],
    [{ "0_5": 1, "0_7": 0, "1_0": 0 }, { "0_5": 3, "0_7": 0, "1_0": 0 }, 33.3, 33.3],
    [{ "0_5": 500, "0_7": 0, "1_0": 0 }, { "0_5": 400, "0_7": 0, "1_0": 0 }, 125, 125],
  ])("counts %j over plan %j → %s percent (0 when nothing is planned)", (counts, planned, first, overall) => {
    const progress = computeProgress(counts, planned);
    expect(progress.progress_0_5).toBe(first);
    expect(progress.overall_progress).toBe(overall);
  });
});

describe("producedFromChanges", () => {
  it("sums deltas per size; a correction lowers the same day; never below 0", () => {
    expect(
      producedFromChanges([
        { field: "counts_0_5", old: "0", new: "100" },
        { field: "counts_0_5", old: "100", new: "150" },
        { field: "counts_0_7", old: "40", new: "30" },
        { field: "counts_1_0", old: "10", new: "50" },
        { field: "counts_1_0", old: "50", new: "45" },
      ]),
    ).toEqual({ today_0_5: 150, today_0_7: 0, today_1_0: 35, today_total: 185 });
  });

  it("ignores other fields and unreadable values", () => {
    expect(
      producedFromChanges([
        { field: "stage", old: "1", new: "2" },
        { field: "counts_0_5", old: null, new: "x" },
      ]),
    ).toEqual({
      today_0_5: 0,
      today_0_7: 0,
      today_1_0: 0,
      today_total: 0,
    });
  });
});

describe("localDayStart", () => {
  it.each([
    ["2026-02-28T14:30:00Z", "America/Los_Angeles", "2026-02-28T08:00:00.000Z"],
    ["2026-02-28T05:00:00Z", "America/Los_Angeles", "2026-02-27T08:00:00.000Z"],
    ["2026-07-01T12:00:00Z", "America/Los_Angeles", "2026-07-01T07:00:00.000Z"],
    ["2026-03-08T20:00:00Z", "America/Los_Angeles", "2026-03-08T08:00:00.000Z"],
    ["2026-02-28T14:30:00Z", "UTC", "2026-02-28T00:00:00.000Z"],
    ["2026-02-28T14:30:00Z", "Not/AZone", "2026-02-28T00:00:00.000Z"],
  ])("%s in %s starts its day at %s", (now, zone, start) => {
    expect(localDayStart(new Date(now), zone).toISOString()).toBe(start);
  });
});
