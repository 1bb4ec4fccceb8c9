import { z } from "zod";
import { SizeSettings } from "./batches";

/**
 * Response shapes of the batch endpoints (api.md §2, §13.1), as the API answers them: column names
 * as in the original, JSON columns parsed. Browser code imports the inferred types only (`import
 * type`), so these cost the first screen nothing; tests validate real answers against them.
 */

const SizeKey = z.enum(["0_5", "0_7", "1_0"]);
const SourceMaterialView = z.object({
  strain: z.string(),
  metrc_number: z.string().nullable().optional(),
  grams: z.number().nullable().optional(),
});
const WorkSessionView = z.object({ start: z.string(), end: z.string().nullable() });
export const RatePointView = z.object({ timestamp: z.string(), rate: z.number(), total_count: z.number() });
export const RateMetricsView = z.object({
  current_rate: z.number().nullable().optional(),
  average_rate: z.number().nullable().optional(),
  peak_rate: z.number().nullable().optional(),
  smoothed_rate: z.number().nullable().optional(),
  trend: z.string().nullable().optional(),
  confidence: z.number().nullable().optional(),
  sample_count: z.number().optional(),
});
const SizeSettingsView = SizeSettings;
export const WeightLogEntryView = z.object({
  id: z.string(),
  timestamp: z.string(),
  sample_weight: z.number(),
  count_at_measurement: z.number(),
  avg_weight: z.number(),
  yield_percent: z.number(),
});

/** One batch in `/api/data` and `/api/archive` (rate_history only with include_history). */
export const BatchView = z.object({
  id: z.string(),
  strain: z.string(),
  input_grams: z.number(),
  target_grams_each: z.number(),
  produced: z.number().int(),
  grams_used: z.number(),
  grams_ground: z.number(),
  stage: z.number().int(),
  display_order: z.number().int(),
  archived: z.number().int(),
  harvest_date: z.string().nullable(),
  bay_number: z.string().nullable(),
  grind_size: z.string().nullable(),
  paper_size_override: z.string().nullable(),
  is_infused: z.number().int(),
  source_materials: z.array(SourceMaterialView).nullable(),
  counts_0_5: z.number().int(),
  counts_0_7: z.number().int(),
  counts_1_0: z.number().int(),
  planned_0_5: z.number().int(),
  planned_0_7: z.number().int(),
  planned_1_0: z.number().int(),
  plan_use_grams: z.number(),
  labels_printed: z.number().int(),
  _last_inventory_consumed_0_5: z.number().int(),
  _last_inventory_consumed_0_7: z.number().int(),
  _last_inventory_consumed_1_0: z.number().int(),
  production_start_time: z.string().nullable(),
  production_end_time: z.string().nullable(),
  production_duration_hours: z.number().nullable(),
  production_sessions: z.array(WorkSessionView).nullable(),
  current_session_start: z.string().nullable(),
  total_work_hours: z.number(),
  cached_production_rate: z.number().nullable(),
  rate_calculation_time: z.string().nullable(),
  rate_history: z.array(RatePointView).nullable().optional(),
  rate_metrics: RateMetricsView.nullable(),
  last_rate_update: z.string().nullable(),
  thc_percent: z.number().nullable(),
  thca_percent: z.number().nullable(),
  tac_percent: z.number().nullable(),
  cbd_percent: z.number().nullable(),
  origin_metrc_number: z.string().nullable(),
  new_metrc_created: z.number().int(),
  new_metrc_number: z.string().nullable(),
  metrc_transferred: z.number().int(),
  metrc_batch_created: z.number().int(),
  centrifuge_rpm: z.number().int().nullable(),
  centrifuge_time_seconds: z.number().int().nullable(),
  centrifuge_cycles: z.number().int().nullable(),
  centrifuge_fill_gauge_cycle1: z.number().nullable(),
  centrifuge_fill_gauge_cycle2: z.number().nullable(),
  centrifuge_machine: z.string().nullable(),
  centrifuge_settings_by_size: z.partialRecord(SizeKey, SizeSettingsView).nullable(),
  testing_status: z.string(),
  test_package_id: z.string().nullable(),
  testing_lab: z.string().nullable(),
  test_date: z.string().nullable(),
  test_results: z.unknown(),
  testing_notes: z.string().nullable(),
  packaging_status: z.string(),
  packaging_blocker_type: z.string().nullable(),
  packaging_notes: z.string().nullable(),
  packaging_blocked_since: z.string().nullable(),
  packaged_singles: z.number().int(),
  packaged_6_packs: z.number().int(),
  packaged_12_packs: z.number().int(),
  loose_tupperware: z.number().int(),
  weight_log_0_5: z.array(WeightLogEntryView).nullable(),
  weight_log_0_7: z.array(WeightLogEntryView).nullable(),
  weight_log_1_0: z.array(WeightLogEntryView).nullable(),
  running_yield_0_5: z.number(),
  running_yield_0_7: z.number(),
  running_yield_1_0: z.number(),
  last_weight_check_count_0_5: z.number().int(),
  last_weight_check_count_0_7: z.number().int(),
  last_weight_check_count_1_0: z.number().int(),
  last_weight_check_date_0_5: z.string().nullable(),
  last_weight_check_date_0_7: z.string().nullable(),
  last_weight_check_date_1_0: z.string().nullable(),
  final_weight_0_5: z.number(),
  final_weight_0_7: z.number(),
  final_weight_1_0: z.number(),
  stage_entered_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type BatchView = z.infer<typeof BatchView>;
export const BatchListView = z.array(BatchView);

/** `GET /api/batch/{id}`: the batch, its metrics from the rate history, computed properties and today's output. */
export const BatchDetailView = BatchView.extend({
  rate_metrics: RateMetricsView,
  stage_name: z.string(),
  total_pre_rolls: z.number(),
  calculated_grams_used: z.number(),
  yield_percent: z.number(),
  grind_progress_percent: z.number(),
  grind_remaining: z.number(),
  labels_needed: z.number(),
  labels_progress_percent: z.number(),
  total_packaged: z.number(),
  packaging_balance: z.number(),
  packaging_complete: z.boolean(),
  source_strains: z.array(z.string()),
  work_hours: z.number(),
  production_rate: z.number().nullable(),
  hours_in_stage: z.number().nullable(),
  days_in_stage: z.number().nullable(),
  testing_alert: z.boolean(),
  today_0_5: z.number(),
  today_0_7: z.number(),
  today_1_0: z.number(),
  today_total: z.number(),
});
export type BatchDetailView = z.infer<typeof BatchDetailView>;

/** `POST /api/batch/{id}/count-deltas` when applied. */
export const CountDeltaView = z.object({
  ok: z.literal(true),
  batch_id: z.string(),
  size: SizeKey,
  delta: z.number().int(),
  counts_0_5: z.number().int(),
  counts_0_7: z.number().int(),
  counts_1_0: z.number().int(),
  version: z.number().int(),
});
export type CountDeltaView = z.infer<typeof CountDeltaView>;

export const AuditRowView = z.object({
  id: z.number(),
  batch: z.string(),
  strain: z.string(),
  ts: z.string(),
  field: z.string(),
  old: z.string().nullable(),
  new: z.string().nullable(),
  actor: z.string(),
});
export type AuditRowView = z.infer<typeof AuditRowView>;
export const BatchAuditView = z.object({ batch_id: z.string(), audit: z.array(AuditRowView) });

export const TestingAlertsView = z.object({
  test_alert_hours: z.number(),
  alerts: z.array(
    z.object({
      batch_id: z.string(),
      strain: z.string(),
      hours_waiting: z.number(),
      threshold_hours: z.number(),
      waiting_since: z.string().nullable(),
    }),
  ),
});
export type TestingAlertsView = z.infer<typeof TestingAlertsView>;

export const PlanView = z.object({
  ok: z.literal(true),
  adjusted: z.boolean(),
  planned_0_5: z.number(),
  planned_0_7: z.number(),
  planned_1_0: z.number(),
});
export type PlanView = z.infer<typeof PlanView>;

export const AllocationPreviewView = z.object({
  allocation: z.array(z.number()),
  counts_0_5: z.number(),
  counts_0_7: z.number(),
  counts_1_0: z.number(),
  total_units: z.number(),
  expected_output: z.number(),
});
export type AllocationPreviewView = z.infer<typeof AllocationPreviewView>;
