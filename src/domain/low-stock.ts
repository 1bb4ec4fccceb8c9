/**
 * Low finished-goods stock notifications (rules §9, gaps G-PUSH-1): per strain, comparing the
 * strain's available grams across its live packages with the warning and critical thresholds;
 * each level has its own cooldown.
 */
import { z } from "zod";

export const PUSHOVER_KEY = "pushover";
export type AlertLevel = "warning" | "critical";

export const PushoverSettings = z.object({
  enabled: z.boolean(),
  user_key: z.string().nullable(),
  app_token: z.string().nullable(),
  warning_grams: z.number().min(0),
  critical_grams: z.number().min(0),
  cooldown_hours: z.number().int().min(1),
});
export type PushoverSettings = z.infer<typeof PushoverSettings>;

export const DEFAULT_PUSHOVER: PushoverSettings = {
  enabled: false,
  user_key: null,
  app_token: null,
  warning_grams: 500,
  critical_grams: 50,
  cooldown_hours: 24,
};

/** Stored values win field by field where valid; the rest fall back to defaults. */
export function resolvePushover(stored: unknown): PushoverSettings {
  const out = { ...DEFAULT_PUSHOVER };
  if (typeof stored !== "object" || stored === null) return out;
  for (const key of Object.keys(DEFAULT_PUSHOVER) as (keyof PushoverSettings)[]) {
    const parsed = PushoverSettings.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

/** "u****key": enough to recognise a key, never enough to use it. */
export function maskUserKey(key: string | null): string {
  if (!key) return "";
  return key.length < 8 ? "****" : `${key.slice(0, 1)}****${key.slice(-3)}`;
}

/** Critical below `critical_grams`, warning below `warning_grams`, otherwise nothing. */
export function levelFor(grams: number, settings: Pick<PushoverSettings, "warning_grams" | "critical_grams">): AlertLevel | null {
  if (grams < settings.critical_grams) return "critical";
  if (grams < settings.warning_grams) return "warning";
  return null;
}

type StrainStock = { strain: string; available_grams: number; packages: number };

/** Sums available grams per strain; negative package figures count as 0. */
export function stockByStrain(packages: readonly { strain: string; available_grams: number }[]): StrainStock[] {
  const byStrain = new Map<string, StrainStock>();
  for (const pkg of packages) {
    const entry = byStrain.get(pkg.strain) ?? { strain: pkg.strain, available_grams: 0, packages: 0 };
    entry.available_grams = Math.round((entry.available_grams + Math.max(0, pkg.available_grams)) * 1e4) / 1e4;
    entry.packages += 1;
    byStrain.set(pkg.strain, entry);
  }
  return [...byStrain.values()];
}

export type PushoverMessage = { title: string; message: string; priority: number };

/** Pushover caps messages at 1024 characters (apex-trading.md §2). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function lowStockMessage(
  stock: StrainStock,
  level: AlertLevel,
  settings: Pick<PushoverSettings, "warning_grams" | "critical_grams">,
): PushoverMessage {
  const threshold = level === "critical" ? settings.critical_grams : settings.warning_grams;
  const grams = Math.round(stock.available_grams * 10) / 10;
  return {
    title: `PreRollTracker – Low stock (${level})`,
    message: clip(`${stock.strain}: ${grams} g available across ${stock.packages} package(s) (threshold ${threshold} g)`, 1024),
    priority: level === "critical" ? 1 : 0,
  };
}

export function testMessage(level: AlertLevel): PushoverMessage {
  return { title: "PreRollTracker – Test", message: `Test ${level} notification`, priority: level === "critical" ? 1 : 0 };
}

/** The cooldown window starts this long before `now`. */
export function cooldownStart(now: Date, cooldownHours: number): Date {
  return new Date(now.getTime() - cooldownHours * 3600 * 1000);
}
