/** Request schemas of the Pushover settings API (api.md §10). */
import { z } from "zod";

const grams = (field: string) =>
  z
    .number({ error: `${field} must be a number of grams from 0 to 10000000` })
    .min(0, { error: `${field} must be a number of grams from 0 to 10000000` })
    .max(10_000_000, { error: `${field} must be a number of grams from 0 to 10000000` });

/** Pushover keys are 30 characters; an empty string clears a stored key. */
const secret = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(100, { error: `${field} must be 100 characters or fewer` })
    .regex(/^[A-Za-z0-9]*$/, { error: `${field} must contain only letters and digits` })
    .nullish();

export const UpdatePushoverBody = z
  .object({
    enabled: z.boolean({ error: "enabled must be true or false" }).optional(),
    user_key: secret("user_key"),
    app_token: secret("app_token"),
    warning_grams: grams("warning_grams").optional(),
    critical_grams: grams("critical_grams").optional(),
    cooldown_hours: z
      .number({ error: "cooldown_hours must be a whole number of hours from 1 to 8760" })
      .int({ error: "cooldown_hours must be a whole number of hours from 1 to 8760" })
      .min(1, { error: "cooldown_hours must be a whole number of hours from 1 to 8760" })
      .max(8760, { error: "cooldown_hours must be a whole number of hours from 1 to 8760" })
      .optional(),
  })
  .strict();

export const TestQuery = z.object({
  level: z.enum(["warning", "critical"], { error: "level must be warning or critical" }).default("warning"),
});

/** Response schemas (api.md §10). */
const AlertLevelView = z.enum(["warning", "critical"]);
const PublicPushoverSettings = {
  enabled: z.boolean(),
  warning_grams: z.number(),
  critical_grams: z.number(),
  cooldown_hours: z.number(),
  has_user_key: z.boolean(),
  has_app_token: z.boolean(),
};
/** The user key masked ("" when none); the app token is never shown. */
export const PushoverSettingsView = z.object({ ...PublicPushoverSettings, user_key: z.string() });
export const PushoverSettingsUpdated = z.object({
  success: z.literal(true),
  message: z.string(),
  settings: z.object(PublicPushoverSettings),
});
export const PushoverTestSent = z.object({ success: z.literal(true), message: z.string() });
export const LowStockCheckView = z.object({
  success: z.literal(true),
  result: z.object({
    checked: z.number().int(),
    alerts_sent: z.array(z.object({ target: z.string(), level: AlertLevelView, grams: z.number() })),
    suppressed_by_cooldown: z.number().int(),
    failed: z.array(z.object({ target: z.string(), level: AlertLevelView, error: z.string() })),
    skipped: z.string().optional(),
  }),
});
