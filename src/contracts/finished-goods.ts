/** Request schemas of the finished-goods API (api.md §4), with the documented error messages. */
import { z } from "zod";
import { PACKAGE_STATUSES } from "../domain/grams";
import { BooleanString } from "./common";

/** No package weighs ten tonnes: bounds keep 1e308 and friends out of the gram columns. */
export const MAX_GRAMS = 10_000_000;
export const MAX_UNITS = 1_000_000;

/** "<missing> is required" when absent, `invalid` for anything else. */
const messages = (missing: string, invalid: string) => (issue: { input?: unknown }) => (issue.input === undefined ? missing : invalid);

const positiveGrams = (missing: string, invalid: string) =>
  z
    .number({ error: messages(missing, invalid) })
    .positive({ error: invalid })
    .max(MAX_GRAMS, { error: invalid });
const gramsAtLeastZero = (missing: string, invalid: string) =>
  z
    .number({ error: messages(missing, invalid) })
    .min(0, { error: invalid })
    .max(MAX_GRAMS, { error: invalid });

export const Reason = z.string({ error: "reason must be text" }).max(1000, { error: "reason must be 1000 characters or fewer" }).nullish();
const Notes = z.string({ error: "notes must be text" }).max(5000, { error: "notes must be 5000 characters or fewer" }).nullish();
const SourceBatchId = z.string({ error: "source_batch_id must be text" }).max(200, { error: "source_batch_id is too long" }).nullish();

/**
 * The spec asks only for a unique string; a real METRC tag is 24 letters and digits, but clients
 * of the original created packages with other labels too, so any short, URL-safe text is taken.
 */
export const METRC_FORMAT = "metrc_number must be 1 to 64 letters, digits, dots, dashes or underscores";
/** Path parameter: any reasonable text; unknown tags answer 404. */
export const MetrcParams = z.object({ metrc_number: z.string().min(1).max(64) });

export const ListQuery = z.object({
  include_archived: BooleanString.optional(),
  strain: z.string().max(200).optional(),
  status: z.enum(PACKAGE_STATUSES).optional(),
  search: z.string().max(200).optional(),
});

export const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

export const CalculatorQuery = z.object({
  grams: z.string({ error: "grams parameter is required" }).max(32, { error: "grams must be a positive number" }),
});

export const DeleteQuery = z.object({
  restore: BooleanString.optional(),
  orphan: BooleanString.optional(),
  permanent: BooleanString.optional(),
  reason: z.string().max(1000).optional(),
});

export const PackageHistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(1000) });

export const CreatePackageBody = z.object({
  metrc_number: z
    .string({ error: messages("metrc_number is required", METRC_FORMAT) })
    .trim()
    .min(1, { error: "metrc_number is required" })
    .regex(/^[0-9A-Za-z._-]{1,64}$/, { error: METRC_FORMAT }),
  strain: z
    .string({ error: messages("strain is required", "strain must be text") })
    .trim()
    .min(1, { error: "strain is required" })
    .max(200, { error: "strain must be 200 characters or fewer" }),
  grams: positiveGrams("grams must be a positive number", "grams must be a positive number"),
  notes: Notes,
  source_batch_id: SourceBatchId,
  reason: Reason,
});

export const UpdatePackageBody = z.object({
  strain: z
    .string({ error: "strain must be text" })
    .trim()
    .min(1, { error: "strain cannot be empty" })
    .max(200, { error: "strain must be 200 characters or fewer" })
    .optional(),
  notes: Notes,
  source_batch_id: SourceBatchId,
  reason: Reason,
});

export const AmountBody = z.object({
  grams: positiveGrams("grams is required", "grams must be a positive number").nullish(),
  units: z
    .number({ error: "units must be a positive whole number" })
    .int({ error: "units must be a positive whole number" })
    .positive({ error: "units must be a positive whole number" })
    .max(MAX_UNITS, { error: "units must be a positive whole number" })
    .nullish(),
  unit_size: z.string({ error: "Invalid unit_size" }).max(100, { error: "Invalid unit_size" }).nullish(),
  reason: Reason,
});

export const PhysicalOverrideBody = z.object({
  physical_grams: gramsAtLeastZero("physical_grams is required", "physical_grams must be a number of 0 or more, or null").nullable(),
  reason: Reason,
});

export const GramsBody = z.object({ grams: positiveGrams("grams is required", "grams must be a positive number"), reason: Reason });
export const GramsTotalBody = z.object({
  grams: gramsAtLeastZero("grams is required", "grams must be a number of 0 or more"),
  reason: Reason,
});

export const SYNC_REQUIRED = "At least one of ordered_grams or packed_grams required";
export const SyncBody = z
  .object({
    ordered_grams: gramsAtLeastZero(SYNC_REQUIRED, "ordered_grams must be a number of 0 or more").nullish(),
    packed_grams: gramsAtLeastZero(SYNC_REQUIRED, "packed_grams must be a number of 0 or more").nullish(),
    reason: Reason,
  })
  .refine((b) => (b.ordered_grams ?? null) !== null || (b.packed_grams ?? null) !== null, { error: SYNC_REQUIRED });

export const CompleteOrderBody = z.object({
  grams: positiveGrams("grams is required", "grams must be a positive number"),
  order_id: z.string({ error: "order_id must be text" }).max(200, { error: "order_id is too long" }).nullish(),
  reason: Reason,
});

const SkuLine = z.object({
  product_name: z.string().trim().min(1).max(200),
  unit_size: z.string().trim().min(1).max(20),
  pack_size: z.number().int().min(1).max(1000),
  packs_ordered: z.number().int().min(0).max(MAX_UNITS),
});
export const SetSkusBody = z.object({
  skus: z
    .array(SkuLine, { error: messages("skus is required", "skus must be a list") })
    .max(200, { error: "skus may hold at most 200 lines" }),
  reason: Reason,
});

export const ApexAutoBody = z.object({
  enabled: z.boolean({ error: messages("enabled is required", "enabled must be true or false") }),
  reason: Reason,
});

const unitCount = (field: string) =>
  z
    .number({ error: `${field} must be a whole number of 0 or more` })
    .int({ error: `${field} must be a whole number of 0 or more` })
    .min(0, { error: `${field} must be a whole number of 0 or more` })
    .max(MAX_UNITS, { error: `${field} must be a whole number of 0 or more` })
    .optional();
export const APEX_UNIT_FIELDS = ["singles_0_5g", "singles_1g", "magnetic_box_6pk", "magnetic_box_12pk"] as const;
export const ApexUnitsBody = z.object({
  singles_0_5g: unitCount("singles_0_5g"),
  singles_1g: unitCount("singles_1g"),
  magnetic_box_6pk: unitCount("magnetic_box_6pk"),
  magnetic_box_12pk: unitCount("magnetic_box_12pk"),
  reason: Reason,
});

const SkuSettingInput = z.object({
  excluded: z.boolean().optional(),
  manual_units: z.number().int().min(0).max(MAX_UNITS).nullable().optional(),
});
export const ApexSettingsBody = z.object({
  settings: z
    .record(z.string().max(100), SkuSettingInput, { error: messages("settings is required", "settings must be an object keyed by SKU") })
    .refine((s) => Object.keys(s).length <= 100, { error: "settings may name at most 100 SKUs" }),
  auto_calculate: z.boolean().optional(),
  reason: Reason,
});

const DECREMENT_REQUIRED = "sku and units are required";
export const ApexDecrementBody = z.object({
  sku: z.string({ error: DECREMENT_REQUIRED }).trim().min(1, { error: DECREMENT_REQUIRED }).max(100, { error: "Unknown SKU" }),
  units: z
    .number({ error: messages(DECREMENT_REQUIRED, "units must be a positive whole number") })
    .int({ error: "units must be a positive whole number" })
    .positive({ error: "units must be a positive whole number" })
    .max(MAX_UNITS, { error: "units must be a positive whole number" }),
  idempotency_key: z.string({ error: "idempotency_key must be text" }).min(1).max(200, { error: "idempotency_key is too long" }).nullish(),
  reason: Reason,
});

export const CustomSkuDef = z
  .object({
    unit_size: z.string().max(20).optional(),
    pack_size: z.number().int().min(1).max(1000).optional(),
    display_name: z.string().trim().min(1).max(100).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    grams_per_unit: z.number().positive().max(1000).optional(),
  })
  .strip();

export const CustomSkusBody = z.object({
  custom_skus: z.record(z.string().max(60), CustomSkuDef, { error: "custom_skus field is required" }).nullable(),
  reason: Reason,
});

const UPSERT_REQUIRED = "sku_key and sku_def are required";
export const UpsertCustomSkuBody = z.object({
  sku_key: z
    .string({ error: UPSERT_REQUIRED })
    .trim()
    .min(1, { error: UPSERT_REQUIRED })
    .max(60, { error: "sku_key must be 60 characters or fewer" }),
  sku_def: z.object(CustomSkuDef.shape, { error: UPSERT_REQUIRED }),
  current_settings: z.record(z.string().max(60), z.unknown()).nullish(),
  reason: Reason,
});

export const CustomSkuParams = z.object({ metrc_number: z.string().min(1).max(64), sku_key: z.string().min(1).max(200) });
