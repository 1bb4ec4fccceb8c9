import { z } from "zod";
import { normalizeSize } from "../domain/batch-sizes";
import { STAGE_NAMES } from "../domain/stages";
import { BooleanString, PathId } from "./common";

/** Request schemas of the batch endpoints (api.md §2, §13.1; validation per rules.md §2.2). */

const MAX_COUNT = 10_000_000;
const MAX_GRAMS = 1_000_000;
const OBJECT_BODY = { error: "Request body must be a JSON object" };

/** Messages naming the field and its allowed range, for the ranges rules.md §2.2 documents. */
const ranged = (field: string, min: number, max: number, int = false) => {
  const message = `${field} must be ${int ? "a whole number " : ""}between ${min} and ${max}`;
  const base = z.number({ error: message }).min(min, message).max(max, message);
  return int ? base.int(message) : base;
};

export const Count = z.number().int().min(0).max(MAX_COUNT);
const Grams = z.number().min(0).max(MAX_GRAMS);
const Text = (max: number) => z.string().trim().max(max);
const NullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === "" ? null : v));
const Flag = z.union([z.boolean(), z.literal(0), z.literal(1)]).transform((v) => (v === true || v === 1 ? 1 : 0));
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(v)));
const Timestamp = z.iso.datetime({ offset: true });
const Metrc = (field: string) =>
  z
    .string({ error: `${field} must be a METRC tag of 24 letters or digits` })
    .trim()
    .max(64, `${field} must be a METRC tag of 24 letters or digits`)
    .transform((v) => v.toUpperCase())
    .refine((v) => v === "" || /^[A-Z0-9]{24}$/.test(v), `${field} must be a METRC tag of 24 letters or digits`)
    .transform((v) => (v === "" ? null : v))
    .nullable();
const Percent = (field: string) => ranged(field, 0, 100).nullable();
/** Sizes arrive as `0_5`, `0.5`, `0.5g`, `.5` … (rules §2.2). */
export const SizeText = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const size = normalizeSize(v);
    if (!size) ctx.addIssue({ code: "custom", message: `Invalid size "${v}": use 0_5, 0_7 or 1_0` });
    return size ?? "0_5";
  });
const SmallJson = (field: string, max: number) =>
  z
    .unknown()
    .refine(
      (v) => v === null || (typeof v === "object" && JSON.stringify(v).length <= max),
      `${field} must be a JSON object or array under ${max} characters`,
    );

const CentrifugeColumns = {
  centrifuge_rpm: ranged("centrifuge_rpm", 500, 2500, true).nullable(),
  centrifuge_time_seconds: ranged("centrifuge_time_seconds", 1, 90, true).nullable(),
  centrifuge_cycles: ranged("centrifuge_cycles", 1, 3, true).nullable(),
  centrifuge_fill_gauge_cycle1: ranged("centrifuge_fill_gauge_cycle1", 1, 12).nullable(),
  centrifuge_fill_gauge_cycle2: ranged("centrifuge_fill_gauge_cycle2", 1, 12).nullable(),
  centrifuge_machine: z.enum(["silver_bullet", "lab_geek"]).nullable(),
};

export const SizeSettings = z.strictObject({
  rpm: ranged("rpm", 500, 2500, true).nullable().optional(),
  time_seconds: ranged("time_seconds", 1, 90, true).nullable().optional(),
  cycles: ranged("cycles", 1, 3, true).nullable().optional(),
  fill_gauge_cycle1: ranged("fill_gauge_cycle1", 1, 12).nullable().optional(),
  fill_gauge_cycle2: ranged("fill_gauge_cycle2", 1, 12).nullable().optional(),
  priority_mode: z.enum(["weight", "count"]).nullable().optional(),
  machine: z.enum(["silver_bullet", "lab_geek"]).nullable().optional(),
});
export type SizeSettings = z.infer<typeof SizeSettings>;

const SourceMaterial = z.strictObject({
  strain: Text(200),
  metrc_number: NullableText(64).optional(),
  grams: Grams.nullable().optional(),
});

/** Every column a person may edit (api.md §13.1); all optional for PUT. */
const EditableColumns = {
  strain: Text(200).min(1, "strain is required"),
  input_grams: Grams,
  target_grams_each: z.number().min(0).max(100),
  produced: Count,
  grams_used: Grams,
  grams_ground: Grams,
  stage: ranged("stage", 0, STAGE_NAMES.length - 1, true),
  harvest_date: IsoDate.nullable(),
  bay_number: NullableText(100),
  grind_size: z.enum(["fine", "medium", "coarse"]).nullable(),
  paper_size_override: SizeText.nullable(),
  is_infused: Flag,
  source_materials: z.array(SourceMaterial).max(50).nullable(),
  counts_0_5: Count,
  counts_0_7: Count,
  counts_1_0: Count,
  planned_0_5: Count,
  planned_0_7: Count,
  planned_1_0: Count,
  plan_use_grams: Grams,
  labels_printed: Count,
  thc_percent: Percent("thc_percent"),
  thca_percent: Percent("thca_percent"),
  tac_percent: Percent("tac_percent"),
  cbd_percent: Percent("cbd_percent"),
  origin_metrc_number: Metrc("origin_metrc_number"),
  new_metrc_created: Flag,
  new_metrc_number: Metrc("new_metrc_number"),
  metrc_transferred: Flag,
  metrc_batch_created: Flag,
  ...CentrifugeColumns,
  centrifuge_settings_by_size: z.partialRecord(z.enum(["0_5", "0_7", "1_0"]), SizeSettings).nullable(),
  testing_status: z.enum(["none", "sample_created", "sample_sent", "results_received", "test_passed", "test_failed"]),
  test_package_id: NullableText(100),
  testing_lab: NullableText(200),
  test_date: IsoDate.nullable(),
  test_results: SmallJson("test_results", 20_000),
  testing_notes: NullableText(5000),
  packaging_status: z.enum(["available", "waiting_materials", "waiting_containers", "blocked_other"]),
  packaging_blocker_type: NullableText(100),
  packaging_notes: NullableText(5000),
  packaging_blocked_since: Timestamp.nullable(),
  packaged_singles: Count,
  packaged_6_packs: Count,
  packaged_12_packs: Count,
  loose_tupperware: Count,
  final_weight_0_5: Grams,
  final_weight_0_7: Grams,
  final_weight_1_0: Grams,
  production_start_time: Timestamp.nullable(),
  production_end_time: Timestamp.nullable(),
};

const unknownField = {
  error: (issue: { code?: string; keys?: string[] }) => {
    if (issue.code === "unrecognized_keys") return `Unknown field: ${(issue.keys ?? []).map((k) => k.slice(0, 60)).join(", ")}`;
    return OBJECT_BODY.error;
  },
};

const optionalColumns = Object.fromEntries(Object.entries(EditableColumns).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof EditableColumns]: z.ZodOptional<(typeof EditableColumns)[K]>;
};

export const UpdateBatchBody = z.strictObject(optionalColumns, unknownField);
export type UpdateBatchBody = z.infer<typeof UpdateBatchBody>;

export const CreateBatchBody = z.strictObject(
  { ...optionalColumns, strain: EditableColumns.strain, input_grams: Grams, target_grams_each: EditableColumns.target_grams_each },
  unknownField,
);
export type CreateBatchBody = z.infer<typeof CreateBatchBody>;

export const CountsBody = z.object(
  { counts_0_5: Count.optional(), counts_0_7: Count.optional(), counts_1_0: Count.optional() },
  OBJECT_BODY,
);
/** One tap of a count button: `+25` of a size. Whole pre-rolls, never 0. */
const DELTA_MESSAGE = "delta must be a whole number between -100000 and 100000, and not 0";
export const CountDeltaBody = z.object(
  {
    size: SizeText,
    delta: z
      .number({ error: DELTA_MESSAGE })
      .int(DELTA_MESSAGE)
      .min(-100_000, DELTA_MESSAGE)
      .max(100_000, DELTA_MESSAGE)
      .refine((d) => d !== 0, DELTA_MESSAGE),
  },
  OBJECT_BODY,
);
export type CountDeltaBody = z.infer<typeof CountDeltaBody>;

export const UpdateProgressBody = z.object({ counts_0_5: Count, counts_0_7: Count, counts_1_0: Count }, OBJECT_BODY);

export const PlanBody = z.object(
  {
    planned_0_5: Count.optional(),
    planned_0_7: Count.optional(),
    planned_1_0: Count.optional(),
    plan_use_grams: Grams.optional(),
  },
  OBJECT_BODY,
);

export const CentrifugeBody = z.object(
  {
    centrifuge_rpm: CentrifugeColumns.centrifuge_rpm.optional(),
    centrifuge_time_seconds: CentrifugeColumns.centrifuge_time_seconds.optional(),
    centrifuge_cycles: CentrifugeColumns.centrifuge_cycles.optional(),
    centrifuge_fill_gauge_cycle1: CentrifugeColumns.centrifuge_fill_gauge_cycle1.optional(),
    centrifuge_fill_gauge_cycle2: CentrifugeColumns.centrifuge_fill_gauge_cycle2.optional(),
    centrifuge_machine: CentrifugeColumns.centrifuge_machine.optional(),
    size: SizeText.optional(),
    priority_mode: z.enum(["weight", "count"]).optional(),
  },
  OBJECT_BODY,
);
export const ArchiveBody = z.object({ archive: z.boolean().optional() }, OBJECT_BODY);
export const ReorderBody = z.object({ batch_ids: z.array(PathId).max(5000).optional() }, OBJECT_BODY);

export const BatchParams = z.object({ batch_id: PathId });
export const StrainParams = z.object({ strain_name: z.string().trim().min(1).max(200) });
export const DataQuery = z.object({ include_history: BooleanString.optional() });
export const AllocationQuery = z.object({
  weight: z
    .string()
    .max(40)
    .refine((v) => v.trim() !== "" && Number.isFinite(Number(v)))
    .transform(Number)
    .pipe(Grams)
    .optional(),
});
export const AuditQuery = z.object({
  limit: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(10_000))
    .optional(),
});
