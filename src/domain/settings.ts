import { z } from "zod";

/** Operational settings of api.md §10 with the defaults the guides give (gaps G-SET-1). */
export const Allocation = z
  .tuple([z.number().min(0).max(100), z.number().min(0).max(100), z.number().min(0).max(100)], {
    error: "allocation must be three percentages for 0.5g, 0.7g and 1.0g",
  })
  .refine((a) => Math.abs(a[0] + a[1] + a[2] - 100) < 1e-9, "allocation must add up to 100");

const Grams = z.number().min(0).max(10);
export const TareWeights = z.object(
  { "0_5": Grams, "0_7": Grams, "1_0": Grams },
  { error: "tare_weights must give grams for 0_5, 0_7 and 1_0" },
);

export const WorkSchedule = z
  .object(
    {
      start_hour: z.number().int().min(0).max(23),
      end_hour: z.number().int().min(1).max(24),
      work_days: z.array(z.number().int().min(0).max(6)).max(7),
    },
    { error: "work_schedule needs start_hour, end_hour and work_days (0 = Monday)" },
  )
  .refine((w) => w.end_hour > w.start_hour, "work_schedule end_hour must be after start_hour");

export const OperationalSettings = z.object({
  allocation: Allocation,
  tare_weights: TareWeights,
  test_alert_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365),
  work_schedule: WorkSchedule,
});
export type OperationalSettings = z.infer<typeof OperationalSettings>;

export const DEFAULT_SETTINGS: OperationalSettings = {
  allocation: [40, 30, 30],
  tare_weights: { "0_5": 0.12, "0_7": 0.15, "1_0": 0.18 },
  test_alert_hours: 48,
  work_schedule: { start_hour: 8, end_hour: 17, work_days: [0, 1, 2, 3, 4] },
};

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof OperationalSettings)[];

/** Stored values win where they are valid; anything missing or corrupt falls back to its default. */
export function resolveSettings(stored: Record<string, unknown>): OperationalSettings {
  const out = { ...DEFAULT_SETTINGS };
  for (const key of SETTING_KEYS) {
    const parsed = OperationalSettings.shape[key].safeParse(stored[key]);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}
