import { SIZES, type Size } from "./batch-sizes";
import { addDays, facilityDate } from "./facility-time";

/**
 * Daily production from `counts_*` audit deltas (rules §2.8, gaps G-BATCH-4): per local calendar
 * day in the facility's time zone, per size, the sum of `new − old` (corrections lower the same
 * day, never below 0). The database pre-sums deltas per UTC hour, so day boundaries are exact for
 * time zones with whole-hour offsets (the facility's America/Los_Angeles is one).
 */

const DEFAULT_TIME_ZONE = "America/Los_Angeles";

/** Sum of count deltas of one field within one UTC hour (`YYYY-MM-DDTHH`). */
export type HourlyDelta = { hour: string; field: string; delta: number };

type DailyProduction = { date: string; total: number } & Record<Size, number>;

/** The configured zone when the runtime knows it, else `fallback` (the facility default). */
export function resolveTimeZone(timeZone: string | undefined, fallback = DEFAULT_TIME_ZONE): string {
  if (!timeZone) return fallback;
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone });
    return timeZone;
  } catch {
    return fallback;
  }
}

/** `YYYY-MM-DD` of an instant in a time zone. */
export const localDate = facilityDate;

export { addDays };

/** The last `days` local dates ending today, oldest first. */
export function lastLocalDates(now: Date, days: number, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  return Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
}

/** An instant safely before the local midnight that starts `firstDate` (offsets stay within ±14 h). */
export function queryStart(firstDate: string): string {
  return `${addDays(firstDate, -1)}T00:00:00.000Z`;
}

function sizeOfField(field: string): Size | null {
  const size = field.replace(/^counts_/, "");
  return (SIZES as readonly string[]).includes(size) && field.startsWith("counts_") ? (size as Size) : null;
}

/** One entry per date in `dates` (zeros included), in the given order. */
export function dailyProduction(deltas: readonly HourlyDelta[], timeZone: string, dates: readonly string[]): DailyProduction[] {
  const wanted = new Set(dates);
  const sums = new Map<string, Record<Size, number>>();
  for (const d of deltas) {
    const size = sizeOfField(d.field);
    if (!size || !Number.isFinite(d.delta)) continue;
    const date = localDate(new Date(`${d.hour}:00:00Z`), timeZone);
    if (!wanted.has(date)) continue;
    const day = sums.get(date) ?? { "0_5": 0, "0_7": 0, "1_0": 0 };
    day[size] += d.delta;
    sums.set(date, day);
  }
  return dates.map((date) => {
    const day = sums.get(date) ?? { "0_5": 0, "0_7": 0, "1_0": 0 };
    const perSize = { "0_5": Math.max(0, day["0_5"]), "0_7": Math.max(0, day["0_7"]), "1_0": Math.max(0, day["1_0"]) };
    return { date, total: perSize["0_5"] + perSize["0_7"] + perSize["1_0"], ...perSize };
  });
}

/** Monday that starts the week of a `YYYY-MM-DD` date. */
export function weekStart(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

type PeriodTotal = { period: string; total: number } & Record<Size, number>;

/** Daily entries summed per week (`period` = its Monday) or per month (`YYYY-MM`). */
export function bucketProduction(daily: readonly DailyProduction[], by: "week" | "month"): PeriodTotal[] {
  const out = new Map<string, PeriodTotal>();
  for (const d of daily) {
    const period = by === "week" ? weekStart(d.date) : d.date.slice(0, 7);
    const bucket = out.get(period) ?? { period, total: 0, "0_5": 0, "0_7": 0, "1_0": 0 };
    bucket.total += d.total;
    for (const s of SIZES) bucket[s] += d[s];
    out.set(period, bucket);
  }
  return [...out.values()];
}
