import { z } from "zod";
import { DEFAULT_MACHINE, MACHINE_KEYS, MATERIAL_GUIDES, type MachineKey, type Material } from "../domain/centrifuge";
import { DEFAULT_BATCH_WEIGHTS, DEFAULT_TARGET_IMPULSE } from "../domain/impulse";

/** Request schemas of api §6–7. Unset messages fall back to "Invalid value for <field>" / "<field> is required". */

const Machine = z.enum(MACHINE_KEYS as [MachineKey, ...MachineKey[]]);
/** Any finite number; range refusals come from the rules so that they carry the documented wording. */
const Rpm = z.number();

function positive(field: string, max: number) {
  return z.number().gt(0, `${field} must be greater than 0`).max(max, `${field} must be at most ${max}`);
}

export const CalculateBody = z.object({ rpm: Rpm, centrifuge_type: Machine.default(DEFAULT_MACHINE) });

export const CompareBody = z.object({ rpm: Rpm, source_centrifuge: Machine.default(DEFAULT_MACHINE) });

const TimeSeconds = positive("time_seconds", 3600).default(15);
const WeightGrams = positive("weight_grams", 1000).default(1);

export const ImpulseBody = z.object({
  rpm: Rpm,
  time_seconds: TimeSeconds,
  weight_grams: WeightGrams,
  centrifuge_type: Machine.default(DEFAULT_MACHINE),
});

export const TargetMatchBody = z.object({
  target_impulse: positive("target_impulse", 10_000).default(DEFAULT_TARGET_IMPULSE),
  adjust_mode: z.enum(["rpm", "time"]).default("rpm"),
  rpm: Rpm.default(2200),
  time_seconds: TimeSeconds,
  weight_grams: WeightGrams,
  centrifuge_type: Machine.default(DEFAULT_MACHINE),
});

export const BatchComparisonBody = z.object({
  rpm: Rpm,
  time_seconds: TimeSeconds,
  centrifuge_type: Machine.default(DEFAULT_MACHINE),
  batch_weights: z
    .array(positive("batch_weights", 1000))
    .min(1, "batch_weights must list at least one weight")
    .max(50, "batch_weights may list at most 50 weights")
    .default(DEFAULT_BATCH_WEIGHTS),
});

/** Whole numbers in a query string; anything else is "Invalid value for <field>". */
export function queryInt(field: string, min: number, max: number) {
  return z
    .string()
    .trim()
    .regex(/^-?\d{1,9}$/, `Invalid value for ${field}`)
    .transform(Number)
    .pipe(z.number().min(min, `${field} must be between ${min} and ${max}`).max(max, `${field} must be between ${min} and ${max}`));
}

export const CurveQuery = z.object({
  centrifuge: Machine.default(DEFAULT_MACHINE),
  rpm_min: queryInt("rpm_min", 0, 100_000).default(500),
  rpm_max: queryInt("rpm_max", 0, 100_000).default(5000),
  step: queryInt("step", -100_000, 100_000).default(100),
});

export const SettingsGuideQuery = z.object({
  material: z.enum(Object.keys(MATERIAL_GUIDES) as [Material, ...Material[]]).default("standard"),
});

const GrindSize = z.enum(["fine", "medium", "coarse"]);
const Strain = z.string().trim().min(1).max(200);

export const StrainParam = z.object({ strain: Strain });
export const StrainNameParam = z.object({ strain_name: Strain });

export const TrendsQuery = z.object({
  grind_size: GrindSize.optional(),
  target_batch: queryInt("target_batch", 1, 10_000).optional(),
  days_since_harvest: queryInt("days_since_harvest", 0, 3650).optional(),
});

export const UnifiedQuery = TrendsQuery.extend({
  priority_mode: z.enum(["weight", "count"]).default("weight"),
  temporal: z.enum(["true", "false"]).default("false"),
});
