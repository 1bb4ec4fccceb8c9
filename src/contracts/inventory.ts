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
