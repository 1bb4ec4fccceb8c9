import { z } from "zod";
import { normalizeSize, type Size } from "../domain/batch-sizes";
import { WeightLogEntryView } from "./batch-views";

/** Request schemas of api §8. */

const SIZE_MESSAGE = "size must be 0.5g, 0.7g or 1.0g";

export const WeightCheckBody = z.object({
  size: z
    .string({ error: (issue) => (issue.input === undefined ? "size is required" : SIZE_MESSAGE) })
    .max(20, SIZE_MESSAGE)
    .transform((value, ctx): Size => {
      const size = normalizeSize(value);
      if (size) return size;
      ctx.addIssue({ code: "custom", message: SIZE_MESSAGE });
      return z.NEVER;
    }),
  // The weight of 10 pre-rolls together, in grams.
  sample_weight: z.number().gt(0, "sample_weight must be greater than 0").max(1000, "sample_weight must be at most 1000 grams"),
  count_at_measurement: z
    .number()
    .int("count_at_measurement must be a whole number")
    .min(0, "count_at_measurement must not be negative")
    .max(10_000_000, "count_at_measurement is too large"),
});

export const BatchIdParam = z.object({ batch_id: z.string().min(1).max(200) });

/** Response schemas (api §8). */
const YieldBandView = z.enum(["green", "orange", "red"]);
export const WeightCheckRecorded = z.object({
  success: z.literal(true),
  analysis: z.object({
    avg_gross_weight: z.number(),
    tare: z.number(),
    avg_weight: z.number(),
    target: z.number(),
    deviation_percent: z.number(),
    yield_percent: z.number(),
    running_yield: z.number(),
    status: z.enum(["good", "warning", "bad"]),
    color: YieldBandView,
    running_yield_color: YieldBandView,
  }),
});
const SizeAnalytics = z.object({
  log: z.array(WeightLogEntryView),
  running_yield: z.number(),
  running_yield_color: YieldBandView,
  last_check_count: z.number(),
  last_check_date: z.string().nullable(),
  current_count: z.number(),
  checks_due: z.boolean(),
});
export const WeightAnalyticsView = z.object({
  batch_id: z.string(),
  strain: z.string(),
  sizes: z.object({ "0_5": SizeAnalytics, "0_7": SizeAnalytics, "1_0": SizeAnalytics }),
});
export type WeightAnalyticsView = z.infer<typeof WeightAnalyticsView>;
