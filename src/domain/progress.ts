/** Production progress and "today" figures for one batch (rules §2.6, §2.8). */
import { type PerSize, SIZES, type Size } from "./batch-sizes";
import { resolveTimeZone } from "./daily-production";
import { facilityDate, facilityMidnight } from "./facility-time";

type Progress = {
  total_actual: number;
  total_planned: number;
  progress_0_5: number;
  progress_0_7: number;
  progress_1_0: number;
  overall_progress: number;
};

type TodayFigures = { today_0_5: number; today_0_7: number; today_1_0: number; today_total: number };

/** A change of a `counts_<size>` field as the audit log stores it (values as text). */
type CountChange = { field: string; old: string | null; new: string | null };

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

/** The instant local midnight began on `now`'s calendar day in `timeZone` (the facility's day). */
export function localDayStart(now: Date, timeZone: string): Date {
  // An unknown zone counts the day in UTC rather than failing the request.
  const zone = resolveTimeZone(timeZone, "UTC");
  return facilityMidnight(facilityDate(now, zone), zone);
}
