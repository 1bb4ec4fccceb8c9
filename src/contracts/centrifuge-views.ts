import { z } from "zod";

/** Response schemas of the centrifuge tools and recommendations (api.md §6–7). */

const MachineKey = z.enum(["silver_bullet", "lab_geek"]);
const ImpulseZone = z.enum(["light", "moderate", "optimal", "heavy"]);
const ZoneRange = z.object({ impulse_min: z.number(), impulse_max: z.number() });
const ImpulseZones = z.object({ light: ZoneRange, moderate: ZoneRange, optimal: ZoneRange, heavy: ZoneRange });

export const GForceView = z.object({
  success: z.literal(true),
  rpm: z.number(),
  centrifuge_type: MachineKey,
  g_force: z.number(),
  radius_inches: z.number(),
  safety_zone: z.enum(["below_range", "optimal", "safe", "caution", "danger"]),
});
export const MachineCompareView = z.object({
  success: z.literal(true),
  source: z.object({ centrifuge: MachineKey, rpm: z.number(), g_force: z.number() }),
  /** Per other machine: the rpm giving the same g-force. */
  equivalent: z.partialRecord(MachineKey, z.object({ rpm: z.number(), g_force: z.number() })),
});
export const CurveView = z.object({
  success: z.literal(true),
  centrifuge: MachineKey,
  data: z.array(z.object({ rpm: z.number(), g_force: z.number() })),
});
export const SettingsGuideView = z.object({
  success: z.literal(true),
  /** The asked-for material's ranges. */
  recommendations: z.record(z.string(), z.object({ rpm_range: z.array(z.number()), time_range: z.array(z.number()), cycles: z.number() })),
  safety_zones: z.object({
    safe: z.object({ max_rpm: z.number() }),
    caution: z.object({ max_rpm: z.number() }),
    danger: z.object({ max_rpm: z.number() }),
  }),
  centrifuges: z.record(MachineKey, z.object({ name: z.string(), radius_inches: z.number(), max_rpm: z.number(), min_rpm: z.number() })),
});
export const ImpulseView = z.object({
  success: z.literal(true),
  data: z.object({ g_force: z.number(), impulse_newton_seconds: z.number(), impulse_zone: ImpulseZone, impulse_zones: ImpulseZones }),
});
const MatchCommon = { target_impulse: z.number(), time_seconds: z.number(), achieved_impulse: z.number(), g_force: z.number() };
export const TargetMatchView = z.object({
  success: z.literal(true),
  data: z.discriminatedUnion("adjust_mode", [
    z.object({ adjust_mode: z.literal("rpm"), recommended_rpm: z.number(), ...MatchCommon }),
    z.object({ adjust_mode: z.literal("time"), rpm: z.number(), recommended_time_seconds: z.number(), ...MatchCommon }),
  ]),
});
export const BatchWeightsView = z.object({
  success: z.literal(true),
  rpm: z.number(),
  time_seconds: z.number(),
  centrifuge_type: MachineKey,
  g_force: z.number(),
  data: z.array(z.object({ weight_grams: z.number(), impulse_newton_seconds: z.number(), impulse_zone: ImpulseZone })),
});
export const ImpulseZonesView = z.object({ success: z.literal(true), data: ImpulseZones });

/** A learned setting: null where the history holds no value for it. */
const ModelView = z.object({
  rpm: z.number().nullable(),
  time_seconds: z.number().nullable(),
  cycles: z.number().nullable(),
  fill_gauge_cycle1: z.number().nullable(),
  fill_gauge_cycle2: z.number().nullable(),
  confidence: z.number(),
  sample_size: z.number(),
});
const TimelineEntry = z.object({
  batch_number: z.number(),
  batch_id: z.string(),
  rpm: z.number().nullable(),
  time_seconds: z.number().nullable(),
  fill_gauge: z.number().nullable(),
  yield_percent: z.number().nullable(),
  recorded_at: z.string(),
});
export const StrainTrendsView = z.discriminatedUnion("has_data", [
  z.object({ strain: z.string(), has_data: z.literal(false), message: z.string(), timeline: z.array(TimelineEntry) }),
  z.object({
    strain: z.string(),
    has_data: z.literal(true),
    timeline: z.array(TimelineEntry),
    trend_analysis: z.object({ rpm_trend: z.string(), optimal_rpm: z.number().nullable() }),
    recommendation: ModelView,
  }),
]);
export type StrainTrendsView = z.infer<typeof StrainTrendsView>;
export const UnifiedRecommendationsView = z.object({
  strain: z.string(),
  has_data: z.boolean(),
  priority_mode: z.enum(["weight", "count"]),
  temporal: z.boolean(),
  sizes: z.object({ "0_5": ModelView.nullable(), "0_7": ModelView.nullable(), "1_0": ModelView.nullable() }),
  overall: z
    .object({
      rpm: z.number().nullable(),
      time_seconds: z.number().nullable(),
      cycles: z.number().nullable(),
      fill_gauge_cycle1: z.number().nullable(),
      confidence: z.number(),
    })
    .nullable(),
  /** Why there is nothing yet (only when has_data is false). */
  message: z.string().optional(),
});
export type UnifiedRecommendationsView = z.infer<typeof UnifiedRecommendationsView>;
export const CentrifugeHistoryView = z.object({
  strain: z.string(),
  history: z.array(
    z.object({ batch: z.string(), ts: z.string(), field: z.string(), old: z.string().nullable(), new: z.string().nullable() }),
  ),
  total_changes: z.number(),
});
