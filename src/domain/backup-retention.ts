import { parseBackupKey } from "./backup-naming";

/**
 * Which backups to keep, by age tiers, so that neither a bad day nor a flood of manual runs can push
 * every backup from before an incident out:
 * - scheduled backups: every one of the last `keepAllHours`, the newest of each UTC day for
 *   `dailyDays`, the newest of each week (Monday to Sunday, UTC) for `weeklyDays`;
 * - manual backups, counted apart so they never displace a scheduled one: the newest
 *   `manualMax` of the last `dailyDays`.
 * The backup just written (and any other protected key) is always kept. Backups dated in the future
 * (a skewed clock) count as recent. Only keys this app wrote are considered.
 */
export type BackupTrigger = "cron" | "manual";
type RetainedBackup = { key: string; trigger: BackupTrigger };
export type RetentionTiers = { keepAllHours: number; dailyDays: number; weeklyDays: number; manualMax: number };
type RetentionChoice = { keep: string[]; prune: string[] };

export const RETENTION_TIERS: RetentionTiers = { keepAllHours: 48, dailyDays: 30, weeklyDays: 182, manualMax: 10 };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** When the backup was taken, from the UTC stamp in its key. */
function takenAtMs(stamp: string): number {
  return Date.UTC(
    Number(stamp.slice(0, 4)),
    Number(stamp.slice(4, 6)) - 1,
    Number(stamp.slice(6, 8)),
    Number(stamp.slice(9, 11)),
    Number(stamp.slice(11, 13)),
    Number(stamp.slice(13, 15)),
  );
}

/** Days since the epoch (a Thursday); +3 makes weeks start on Monday. */
const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const weekOf = (ms: number) => Math.floor((dayOf(ms) + 3) / 7);

export function chooseBackupsToPrune(
  backups: readonly RetainedBackup[],
  now: Date,
  tiers: RetentionTiers = RETENTION_TIERS,
  protectedKeys: readonly string[] = [],
): RetentionChoice {
  const byKey = new Map<string, { key: string; trigger: BackupTrigger; ms: number; stamp: string }>();
  for (const b of backups) {
    const parsed = parseBackupKey(b.key);
    if (parsed && !byKey.has(b.key)) byKey.set(b.key, { key: b.key, trigger: b.trigger, ms: takenAtMs(parsed.stamp), stamp: parsed.stamp });
  }
  // Newest first: by stamp, then key, so the choice never depends on the listing order.
  const sorted = [...byKey.values()].sort((a, b) => (a.stamp === b.stamp ? b.key.localeCompare(a.key) : b.stamp.localeCompare(a.stamp)));
  const kept = new Set(protectedKeys.filter((key) => byKey.has(key)));
  const days = new Set<number>();
  const weeks = new Set<number>();
  let manualKept = 0;
  for (const b of sorted) {
    const ageMs = now.getTime() - b.ms;
    if (b.trigger === "manual") {
      if (ageMs < tiers.dailyDays * DAY_MS && manualKept < tiers.manualMax) {
        kept.add(b.key);
        manualKept++;
      }
      continue;
    }
    const newestOfDay = !days.has(dayOf(b.ms));
    const newestOfWeek = !weeks.has(weekOf(b.ms));
    days.add(dayOf(b.ms));
    weeks.add(weekOf(b.ms));
    if (
      ageMs < tiers.keepAllHours * HOUR_MS ||
      (newestOfDay && ageMs < tiers.dailyDays * DAY_MS) ||
      (newestOfWeek && ageMs < tiers.weeklyDays * DAY_MS)
    ) {
      kept.add(b.key);
    }
  }
  return { keep: sorted.filter((b) => kept.has(b.key)).map((b) => b.key), prune: sorted.filter((b) => !kept.has(b.key)).map((b) => b.key) };
}
