/** Request schemas of the paper-inventory API (api.md §3). */
import { z } from "zod";
import { MAX_BOXES, MAX_PAPERS } from "../domain/paper-inventory";

const whole = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a whole number from ${min} to ${max}` })
    .int({ error: `${field} must be a whole number from ${min} to ${max}` })
    .min(min, { error: `${field} must be a whole number from ${min} to ${max}` })
    .max(max, { error: `${field} must be a whole number from ${min} to ${max}` });

/** `size` is checked by the route so that anything unknown answers the documented "Invalid size". */
export const UpdateInventoryBody = z.object({
  size: z.unknown().optional(),
  box_count: whole("box_count", 0, MAX_BOXES).nullish(),
  individual_papers: whole("individual_papers", 0, MAX_PAPERS).nullish(),
});

const perSize = (field: string, min: number, max: number) =>
  z
    .object(
      {
        "0_5": whole(`${field}.0_5`, min, max).optional(),
        "0_7": whole(`${field}.0_7`, min, max).optional(),
        "1_0": whole(`${field}.1_0`, min, max).optional(),
      },
      { error: `${field} must be an object keyed by 0_5, 0_7 and 1_0` },
    )
    .strict();

export const InventorySettingsBody = z.object({
  thresholds: perSize("thresholds", 0, MAX_BOXES).optional(),
  papers_per_box: perSize("papers_per_box", 1, 100_000).optional(),
});

export const SizeParams = z.object({ size: z.string().max(20) });

/** Response schemas (api.md §3). */
const SizeKey = z.enum(["0_5", "0_7", "1_0"]);
const PerSize = <T extends z.ZodType>(value: T) => z.object({ "0_5": value, "0_7": value, "1_0": value });
const StockAlert = z.object({ size: SizeKey, boxes: z.number(), threshold: z.number(), total_papers: z.number(), dismissed: z.boolean() });
export const InventoryView = z.object({
  inventory: z.object({
    current_boxes: PerSize(z.number()),
    individual_papers: PerSize(z.number()),
    papers_per_box: PerSize(z.number()),
    alert_thresholds: PerSize(z.number()),
    last_updated: PerSize(z.string().nullable()),
  }),
  current_papers: PerSize(z.number()),
  alerts: z.array(StockAlert),
  dismissed_alerts: z.array(StockAlert),
  analytics: z.object({
    predicted_days_remaining: PerSize(z.number().nullable()),
    papers_used_last_30_days: PerSize(z.number()),
    work_days_in_window: z.number(),
  }),
});
export type InventoryView = z.infer<typeof InventoryView>;
export const InventoryUpdated = z.object({
  status: z.literal("success"),
  message: z.string(),
  inventory: z.object({ boxes: z.number(), individual_papers: z.number(), total_papers: z.number() }),
});
export const InventoryMessage = z.object({ status: z.literal("success"), message: z.string() });
export const InventoryUploaded = InventoryMessage.extend({
  updated: z.array(
    z.object({
      size: z.string(),
      boxes: z.number(),
      individual_papers: z.number(),
      low_threshold: z.number(),
      last_updated: z.string().nullable(),
      alert_dismissed_at: z.string().nullable(),
    }),
  ),
});
