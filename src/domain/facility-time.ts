/**
 * The facility's calendar: days, midnights, ISO weeks and weekdays in its TIME_ZONE. Every zone rule
 * (offsets, DST) comes from @date-fns/tz, so "today", daily production, packing weeks and work days
 * all turn over at the same local midnight, DST days included.
 */
import { TZDate } from "@date-fns/tz";

const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD` of an instant on the facility's wall calendar. */
export function facilityDate(instant: Date, timeZone: string): string {
  const local = new TZDate(instant.getTime(), timeZone);
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}

/** The instant of local midnight starting a facility date (`YYYY-MM-DD`). */
export function facilityMidnight(date: string, timeZone: string): Date {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  return new Date(new TZDate(year, month - 1, day, timeZone).getTime());
}

/** Calendar arithmetic on `YYYY-MM-DD` strings, independent of any time zone. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Weekday of a calendar date, 0 = Monday … 6 = Sunday (the work schedule's numbering, gaps G-SET-1). */
export function weekdayOf(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** ISO-8601 week of a calendar date, e.g. "2026-W09": the week of its Thursday. */
export function isoWeekOfDate(date: string): string {
  const thursday = addDays(date, 3 - weekdayOf(date));
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = (Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS;
  return `${year}-W${pad(Math.floor(dayOfYear / 7) + 1)}`;
}

/** ISO week of the facility day an instant falls on; "unknown" for text that is not a time. */
export function facilityIsoWeek(instant: string, timeZone: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return "unknown";
  return isoWeekOfDate(facilityDate(new Date(ms), timeZone));
}

/** Local Monday 00:00 of an ISO week "YYYY-Www" and the next Monday's; null when malformed. */
export function facilityWeekRange(week: string, timeZone: string): { from: string; to: string } | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = `${year}-01-04`;
  const monday = addDays(jan4, (n - 1) * 7 - weekdayOf(jan4));
  if (isoWeekOfDate(monday) !== week) return null;
  return {
    from: facilityMidnight(monday, timeZone).toISOString(),
    to: facilityMidnight(addDays(monday, 7), timeZone).toISOString(),
  };
}

/** Work days among the `days` facility days ending today, at least 1 (a divisor). */
export function workDaysIn(now: Date, days: number, workDays: readonly number[], timeZone: string): number {
  const today = facilityDate(now, timeZone);
  let count = 0;
  for (let i = 0; i < days; i++) if (workDays.includes(weekdayOf(addDays(today, -i)))) count++;
  return Math.max(1, count);
}
