import { z } from "zod";
import { Allocation, TareWeights, WorkSchedule } from "../domain/settings";

export const SettingsResponse = z.object({
  allocation: Allocation,
  tare_weights: TareWeights,
  test_alert_hours: z.number(),
  work_schedule: WorkSchedule,
});

export const UpdateSettingsBody = z
  .object({
    allocation: Allocation.optional(),
    tare_weights: TareWeights.optional(),
    test_alert_hours: z
      .number({ error: "test_alert_hours must be a whole number of hours between 1 and 8760" })
      .int("test_alert_hours must be a whole number of hours between 1 and 8760")
      .min(1, "test_alert_hours must be a whole number of hours between 1 and 8760")
      .max(8760, "test_alert_hours must be a whole number of hours between 1 and 8760")
      .optional(),
    work_schedule: WorkSchedule.optional(),
  })
  .strict();

export const ChangePasswordBody = z.object({
  current_password: z.string({ error: "current_password is required" }).max(1024),
  new_password: z
    .string({ error: "new_password is required" })
    .min(6, "Password must be at least 6 characters")
    .max(1024, "Password is too long"),
  confirm_password: z.string({ error: "confirm_password is required" }).max(1024),
});

/** `GET /api/api-key`: the key in full only until it was first shown, masked afterwards. */
export const ApiKeyResponse = z.object({
  api_key: z.string(),
  masked: z.boolean(),
  created_at: z.string().optional(),
  usage: z.object({ header: z.string(), example: z.string() }),
});
export const ApiKeyRegenerated = z.object({ api_key: z.string(), message: z.string() });
export const PasswordChanged = z.object({ success: z.literal(true), message: z.string() });
export const RecoveryKeyIssued = z.object({ success: z.literal(true), recovery_key: z.string(), message: z.string() });
