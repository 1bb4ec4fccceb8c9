/** Computed (non-stored) properties of a batch (rules §2.7, data-model §1.1.8). */
import { isTestingOverdue } from "./batch-alerts";
import { productionRate, workHours } from "./rates";
import { hoursInStage, stageName } from "./stages";

export type PropertyInput = {
  id: string;
  strain: string;
  stage: number;
  stage_entered_at: string | null;
  input_grams: number;
  grams_used: number;
  grams_ground: number;
  counts_0_5: number;
  counts_0_7: number;
  counts_1_0: number;
  planned_0_5: number;
  planned_0_7: number;
  planned_1_0: number;
  labels_printed: number;
  packaged_singles: number;
  packaged_6_packs: number;
  packaged_12_packs: number;
  loose_tupperware: number;
  total_work_hours: number;
  current_session_start: string | null;
  source_materials: unknown;
};

const round1 = (value: number) => Math.round(value * 10) / 10;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Strain names of an infused batch's source materials (`[{strain, metrc_number, grams}]`). */
function sourceStrains(sourceMaterials: unknown): string[] {
  if (!Array.isArray(sourceMaterials)) return [];
  return sourceMaterials.flatMap((m) => (typeof m === "object" && m !== null && typeof m.strain === "string" ? [m.strain] : []));
}

export function computedProperties(b: PropertyInput, now: Date, testAlertHours: number) {
  const totalPreRolls = b.counts_0_5 + b.counts_0_7 + b.counts_1_0;
  const calculatedGramsUsed = round1(0.5 * b.counts_0_5 + 0.7 * b.counts_0_7 + 1.0 * b.counts_1_0);
  // A manual grams_used overrides the figure implied by the counts.
  const gramsUsed = b.grams_used > 0 ? b.grams_used : calculatedGramsUsed;
  const labelsNeeded = b.planned_0_5 + b.planned_0_7 + b.planned_1_0;
  const totalPackaged = b.packaged_singles + 6 * b.packaged_6_packs + 12 * b.packaged_12_packs;
  const packagingBalance = totalPreRolls - totalPackaged - b.loose_tupperware;
  const hours = workHours(b.total_work_hours, b.current_session_start, now);
  const inStage = hoursInStage(b.stage_entered_at, now);
  return {
    stage_name: stageName(b.stage),
    total_pre_rolls: totalPreRolls,
    calculated_grams_used: calculatedGramsUsed,
    yield_percent: b.input_grams > 0 ? round1((gramsUsed / b.input_grams) * 100) : 0,
    grind_progress_percent: b.input_grams > 0 ? round1(clamp((b.grams_ground / b.input_grams) * 100, 0, 100)) : 0,
    grind_remaining: round1(Math.max(0, b.input_grams - b.grams_ground)),
    labels_needed: labelsNeeded,
    labels_progress_percent: labelsNeeded > 0 ? round1((b.labels_printed / labelsNeeded) * 100) : 0,
    total_packaged: totalPackaged,
    packaging_balance: packagingBalance,
    packaging_complete: packagingBalance <= 0,
    source_strains: sourceStrains(b.source_materials),
    work_hours: Math.round(hours * 100) / 100,
    production_rate: productionRate(totalPreRolls, hours, b.stage),
    hours_in_stage: inStage === null ? null : round1(inStage),
    days_in_stage: inStage === null ? null : round1(inStage / 24),
    testing_alert: isTestingOverdue(b, testAlertHours, now),
  };
}
