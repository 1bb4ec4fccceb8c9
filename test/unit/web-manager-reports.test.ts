import { describe, expect, it } from "vitest";
import { type BackupRun, fmtBytes, lastDrill } from "../../web/src/pages/settings/backup-model";
import { niceMax } from "../../web/src/pages/stats/scale";

/** Pure helpers of the settings backups panel and the analytics charts. */

const run = (over: Partial<BackupRun>): BackupRun => ({
  id: "b",
  started_at: "2026-12-01T00:00:00Z",
  finished_at: null,
  size_bytes: null,
  status: "success",
  error: null,
  triggered_by: "cron",
  row_count: null,
  verified_at: null,
  verify_error: null,
  progress: null,
  ...over,
});

describe("lastDrill", () => {
  it("picks the run with the newest restore drill, or none", () => {
    expect(lastDrill([run({ id: "a" })])).toBeNull();
    const drilled = lastDrill([
      run({ id: "a", verified_at: "2026-12-01T10:00:00Z" }),
      run({ id: "b", verified_at: "2026-12-02T10:00:00Z", verify_error: "bad checksum" }),
      run({ id: "c" }),
    ]);
    expect(drilled?.id).toBe("b");
    expect(drilled?.verify_error).toBe("bad checksum");
  });
});

describe("fmtBytes", () => {
  it.each([
    [null, "—"],
    [512, "512 B"],
    [2048, "2.0 KB"],
    [5 * 1024 * 1024, "5.00 MB"],
  ])("%s → %s", (n, text) => {
    expect(fmtBytes(n)).toBe(text);
  });
});

describe("niceMax", () => {
  it.each([
    [0, 1],
    [-5, 1],
    [7, 10],
    [235, 500],
    [160, 200],
    [1000, 1000],
    [0.3, 0.5],
  ])("%s → %s", (max, top) => {
    expect(niceMax(max)).toBeCloseTo(top);
  });
});
