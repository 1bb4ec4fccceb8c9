/** Request schemas of the wholesale API (api.md §5) with its documented messages. */
import { z } from "zod";

export const HOLD_FIELDS_REQUIRED = "metrc_number, sku_name, and quantity are required";
export const MAX_HOLD_UNITS = 1_000_000;

const required = (issue: { input?: unknown }, invalid: string) =>
  issue.input === undefined || issue.input === null ? HOLD_FIELDS_REQUIRED : invalid;

export const CreateHoldBody = z.object({
  metrc_number: z
    .string({ error: (issue) => required(issue, "metrc_number must be text") })
    .trim()
    .min(1, { error: HOLD_FIELDS_REQUIRED })
    .max(64, { error: "Package not found" }),
  sku_name: z
    .string({ error: (issue) => required(issue, "sku_name must be text") })
    .trim()
    .min(1, { error: HOLD_FIELDS_REQUIRED })
    .max(100, { error: "sku_name must be 100 characters or fewer" }),
  quantity: z
    .number({ error: (issue) => required(issue, "Quantity must be a whole number") })
    .int({ error: "Quantity must be a whole number" })
    .positive({ error: "Quantity must be positive" })
    .max(MAX_HOLD_UNITS, { error: `Quantity must be at most ${MAX_HOLD_UNITS}` }),
  notes: z.string({ error: "notes must be text" }).max(2000, { error: "notes must be 2000 characters or fewer" }).nullish(),
});

export const HoldParams = z.object({ hold_id: z.string().min(1).max(200) });
export const HoldsQuery = z.object({ metrc_number: z.string().max(64).optional() });

/** Response schemas (api.md §5). */
const SkuFigures = z.object({ units: z.number(), available: z.number(), held: z.number(), sku_key: z.string() });
export const WholesaleInventoryView = z.object({
  success: z.literal(true),
  strains: z.array(
    z.object({
      strain: z.string(),
      available_grams: z.number(),
      skus: z.record(z.string(), SkuFigures),
      packages: z.array(
        z.object({
          metrc_number: z.string(),
          status: z.string(),
          available_grams: z.number(),
          held_grams: z.number(),
          skus: z.record(z.string(), SkuFigures),
        }),
      ),
    }),
  ),
});
export type WholesaleInventoryView = z.infer<typeof WholesaleInventoryView>;
export const HoldCreated = z.object({ success: z.literal(true), hold_id: z.string(), message: z.string() });
export const HoldReleased = z.object({ success: z.literal(true), message: z.string() });
export const HoldsView = z.object({
  success: z.literal(true),
  holds: z.array(
    z.object({
      id: z.string(),
      metrc_number: z.string(),
      sku_name: z.string(),
      sku_key: z.string(),
      quantity: z.number().int(),
      created_date: z.string(),
      notes: z.string().nullable(),
      strain: z.string(),
    }),
  ),
});
export type HoldsView = z.infer<typeof HoldsView>;
export const WholesaleFingerprint = z.object({ fingerprint: z.string() });
