import { describe, expect, it } from "vitest";
import {
  addDays,
  facilityDate,
  facilityIsoWeek,
  facilityMidnight,
  facilityWeekRange,
  isoWeekOfDate,
  weekdayOf,
  workDaysIn,
} from "../../src/domain/facility-time";

const LA = "America/Los_Angeles";

describe("facilityDate", () => {
  it.each([
    ["2026-03-02T07:59:59.000Z", LA, "2026-03-01"],
    ["2026-03-02T08:00:00.000Z", LA, "2026-03-02"],
    // Summer time: midnight in Los Angeles is 07:00 UTC.
    ["2026-07-02T06:59:59.000Z", LA, "2026-07-01"],
    ["2026-07-02T07:00:00.000Z", LA, "2026-07-02"],
    ["2026-07-02T07:00:00.000Z", "UTC", "2026-07-02"],
    ["2026-07-01T23:30:00.000Z", "Asia/Kolkata", "2026-07-02"],
  ])("%s in %s is %s", (instant, zone, date) => {
    expect(facilityDate(new Date(instant), zone)).toBe(date);
  });
});

describe("facilityMidnight around DST", () => {
  it.each([
    // 2026-03-08: clocks spring forward at 02:00; the day starts at PST (−8) and lasts 23 hours.
    ["2026-03-08", "2026-03-08T08:00:00.000Z"],
    ["2026-03-09", "2026-03-09T07:00:00.000Z"],
    // 2026-11-01: clocks fall back at 02:00; the day starts at PDT (−7) and lasts 25 hours.
    ["2026-11-01", "2026-11-01T07:00:00.000Z"],
    ["2026-11-02", "2026-11-02T08:00:00.000Z"],
  ])("%s starts at %s", (date, instant) => {
    expect(facilityMidnight(date, LA).toISOString()).toBe(instant);
  });

  it("gives the spring-forward day 23 hours and the fall-back day 25", () => {
    const hours = (date: string) => (facilityMidnight(addDays(date, 1), LA).getTime() - facilityMidnight(date, LA).getTime()) / 3_600_000;
    expect([hours("2026-03-08"), hours("2026-11-01"), hours("2026-06-01")]).toEqual([23, 25, 24]);
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-03-02", "2026-W10"],
    ["2026-01-01", "2026-W01"],
    ["2027-01-01", "2026-W53"],
    ["2024-12-30", "2025-W01"],
    ["2021-01-03", "2020-W53"],
  ])("%s is in %s", (date, week) => {
    expect(isoWeekOfDate(date)).toBe(week);
  });

  it.each([
    // Sunday evening in Los Angeles is already Monday in UTC: the facility's week has not turned.
    ["2026-03-02T05:00:00.000Z", LA, "2026-W09"],
    ["2026-03-02T05:00:00.000Z", "UTC", "2026-W10"],
    ["2026-03-02T08:00:00.000Z", LA, "2026-W10"],
    ["garbage", LA, "unknown"],
  ])("%s in %s is in %s", (instant, zone, week) => {
    expect(facilityIsoWeek(instant, zone)).toBe(week);
  });

  it.each([
    ["2026-W10", LA, { from: "2026-03-02T08:00:00.000Z", to: "2026-03-09T07:00:00.000Z" }],
    ["2026-W44", LA, { from: "2026-10-26T07:00:00.000Z", to: "2026-11-02T08:00:00.000Z" }],
    ["2026-W53", "UTC", { from: "2026-12-28T00:00:00.000Z", to: "2027-01-04T00:00:00.000Z" }],
    ["2025-W53", LA, null],
    ["2026-W00", LA, null],
    ["26-W1", LA, null],
  ])("%s in %s runs %j", (week, zone, range) => {
    expect(facilityWeekRange(week, zone)).toEqual(range);
  });
});

describe("work days", () => {
  it.each([
    ["2026-03-02", 0],
    ["2026-03-07", 5],
    ["2026-03-08", 6],
  ])("%s is weekday %d (0 = Monday)", (date, day) => {
    expect(weekdayOf(date)).toBe(day);
  });

  it.each([
    // Monday 2026-03-02 noon UTC: Feb 1 (Sunday) … Mar 2 (Monday) are four full weeks plus Monday.
    ["2026-03-02T12:00:00.000Z", 30, [0, 1, 2, 3, 4], LA, 21],
    // 05:00 UTC on Monday is still Sunday in Los Angeles: Jan 31 … Mar 1 holds 20 weekdays.
    ["2026-03-02T05:00:00.000Z", 30, [0, 1, 2, 3, 4], LA, 20],
    ["2026-03-02T05:00:00.000Z", 30, [0, 1, 2, 3, 4], "UTC", 21],
    // A window across the spring-forward Sunday counts each local day once.
    ["2026-03-10T18:00:00.000Z", 7, [6], LA, 1],
    ["2026-03-02T12:00:00.000Z", 30, [], LA, 1],
  ])("%s, %d days, work days %j in %s → %d", (now, days, workDays, zone, expected) => {
    expect(workDaysIn(new Date(now), days, workDays, zone)).toBe(expected);
  });
});
