import { z } from "zod";
import { normalizeSize, type Size } from "../domain/batch-sizes";

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
