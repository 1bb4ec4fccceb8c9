/** Production progress and "today" figures for one batch (rules §2.6, §2.8). */
import { type PerSize, SIZES, type Size } from "./batch-sizes";

export type Progress = {
  total_actual: number;
  total_planned: number;
  progress_0_5: number;
  progress_0_7: number;
  progress_1_0: number;
  overall_progress: number;
};

export type TodayFigures = { today_0_5: number; today_0_7: number; today_1_0: number; today_total: number };

/** A change of a `counts_<size>` field as the audit log stores it (values as text). */
export type CountChange = { field: string; old: string | null; new: string | null };

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/** counts / planned × 100 per size and overall, 1 decimal; 0 where nothing is planned. */
export function computeProgress(counts: PerSize<number>, planned: PerSize<number>): Progress {
  const totalActual = SIZES.reduce((sum, s) => sum + counts[s], 0);
  const totalPlanned = SIZES.reduce((sum, s) => sum + planned[s], 0);
  return {
    total_actual: totalActual,
    total_planned: totalPlanned,
    progress_0_5: percent(counts["0_5"], planned["0_5"]),
    progress_0_7: percent(counts["0_7"], planned["0_7"]),
    progress_1_0: percent(counts["1_0"], planned["1_0"]),
    overall_progress: percent(totalActual, totalPlanned),
  };
}

/**
 * Pre-rolls made in a period from the count changes inside it: the deltas (new − old) summed per
 * size, so a correction lowers the same day, and never below 0.
 */
export function producedFromChanges(changes: readonly CountChange[]): TodayFigures {
  const sums: Record<Size, number> = { "0_5": 0, "0_7": 0, "1_0": 0 };
  for (const change of changes) {
    const size = change.field.replace(/^counts_/, "");
    if (!(size in sums)) continue;
    const delta = Number(change.new ?? 0) - Number(change.old ?? 0);
    if (Number.isFinite(delta)) sums[size as Size] += delta;
  }
  const today = { today_0_5: Math.max(0, sums["0_5"]), today_0_7: Math.max(0, sums["0_7"]), today_1_0: Math.max(0, sums["1_0"]) };
  return { ...today, today_total: today.today_0_5 + today.today_0_7 + today.today_1_0 };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localParts(at: Date, timeZone: string) {
  const parts = formatterFor(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

function offsetMs(at: Date, timeZone: string): number {
  const p = localParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant local midnight began on `now`'s calendar day in `timeZone` (the facility's day). */
export function localDayStart(now: Date, timeZone: string): Date {
  let zone = timeZone;
  try {
    formatterFor(zone);
  } catch {
    zone = "UTC";
  }
  const p = localParts(now, zone);
  const midnightAsUtc = Date.UTC(p.year, p.month - 1, p.day);
  // Two passes: the offset at midnight can differ from the offset now across a DST change.
  let start = midnightAsUtc - offsetMs(now, zone);
  start = midnightAsUtc - offsetMs(new Date(start), zone);
  return new Date(start);
}
