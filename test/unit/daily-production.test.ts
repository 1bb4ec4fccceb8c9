import { describe, expect, it } from "vitest";
import {
  addDays,
  bucketProduction,
  dailyProduction,
  lastLocalDates,
  localDate,
  queryStart,
  resolveTimeZone,
  weekStart,
} from "../../src/domain/daily-production";

const LA = "America/Los_Angeles";

describe("local days (rules §2.8)", () => {
  it.each([
    ["2026-02-28T07:59:59Z", "2026-02-27"],
    ["2026-02-28T08:00:00Z", "2026-02-28"],
    ["2026-07-01T06:59:00Z", "2026-06-30"],
    ["2026-07-01T07:00:00Z", "2026-07-01"],
  ])("%s is %s in Los Angeles (PST and PDT)", (iso, date) => {
    expect(localDate(new Date(iso), LA)).toBe(date);
  });

  it("lists the last days oldest first, across a month end", () => {
    expect(lastLocalDates(new Date("2026-03-02T20:00:00Z"), 3, LA)).toEqual(["2026-02-28", "2026-03-01", "2026-03-02"]);
  });

  it("starts the query a day early to cover any offset", () => {
    expect(queryStart("2026-03-01")).toBe("2026-02-28T00:00:00.000Z");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });

  it.each([
    [undefined, LA],
    ["Not/AZone", LA],
    ["UTC", "UTC"],
  ])("time zone %s resolves to %s", (tz, expected) => {
    expect(resolveTimeZone(tz)).toBe(expected);
  });
});

describe("dailyProduction", () => {
  const dates = ["2026-02-27", "2026-02-28"];
  it("sums count deltas per local day and size, and floors corrections at 0", () => {
    const deltas = [
      { hour: "2026-02-28T07", field: "counts_0_5", delta: 50 }, // 23:00 on the 27th in LA
      { hour: "2026-02-28T16", field: "counts_0_5", delta: 200 },
      { hour: "2026-02-28T17", field: "counts_0_7", delta: 100 },
      { hour: "2026-02-28T18", field: "counts_1_0", delta: 150 },
      { hour: "2026-02-28T19", field: "counts_1_0", delta: -20 },
      { hour: "2026-02-27T20", field: "counts_0_7", delta: -30 },
      { hour: "2026-02-28T20", field: "stage", delta: 5 },
      { hour: "2026-01-01T20", field: "counts_0_5", delta: 999 },
    ];
    expect(dailyProduction(deltas, LA, dates)).toEqual([
      { date: "2026-02-27", total: 50, "0_5": 50, "0_7": 0, "1_0": 0 },
      { date: "2026-02-28", total: 430, "0_5": 200, "0_7": 100, "1_0": 130 },
    ]);
  });

  it("gives zero days when nothing was made", () => {
    expect(dailyProduction([], LA, ["2026-02-28"])).toEqual([{ date: "2026-02-28", total: 0, "0_5": 0, "0_7": 0, "1_0": 0 }]);
  });
});

describe("weekly and monthly buckets", () => {
  it.each([
    ["2026-03-02", "2026-03-02"],
    ["2026-03-08", "2026-03-02"],
    ["2026-03-01", "2026-02-23"],
  ])("the week of %s starts on Monday %s", (date, monday) => {
    expect(weekStart(date)).toBe(monday);
  });

  it("adds days up per week and per month", () => {
    const day = (date: string, n: number) => ({ date, total: n, "0_5": n, "0_7": 0, "1_0": 0 });
    const daily = [day("2026-02-28", 1), day("2026-03-01", 2), day("2026-03-02", 4)];
    expect(bucketProduction(daily, "week").map((b) => [b.period, b.total])).toEqual([
      ["2026-02-23", 3],
      ["2026-03-02", 4],
    ]);
    expect(bucketProduction(daily, "month").map((b) => [b.period, b.total])).toEqual([
      ["2026-02", 1],
      ["2026-03", 6],
    ]);
  });
});
