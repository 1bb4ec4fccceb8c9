import { z } from "zod";
import { RateMetricsView, RatePointView } from "./batch-views";

/** Answers of the batch endpoints not covered by the batch views themselves (api.md §2, §13.1). */

export const StatusSuccess = z.object({ status: z.literal("success") });
export const ArchiveAnswer = z.object({ status: z.literal("success"), action: z.enum(["archived", "unarchived"]) });
export const CreatedBatch = z.object({ ok: z.literal(true), id: z.string() });

export const RateHistoryView = z.object({
  batch_id: z.string(),
  strain: z.string(),
  stage: z.number().int(),
  rate_history: z.array(RatePointView),
  rate_metrics: RateMetricsView,
  cached_production_rate: z.number().nullable(),
});
export type RateHistoryView = z.infer<typeof RateHistoryView>;

export const RateProjectionView = z.discriminatedUnion("has_data", [
  z.object({
    strain_name: z.string(),
    has_data: z.literal(true),
    projected_rate: z.number(),
    confidence: z.number(),
    sample_size: z.number().int(),
    historical_rates: z.array(z.number()),
  }),
  z.object({ strain_name: z.string(), has_data: z.literal(false), message: z.string() }),
]);
export type RateProjectionView = z.infer<typeof RateProjectionView>;

const TodayFigures = {
  today_0_5: z.number(),
  today_0_7: z.number(),
  today_1_0: z.number(),
  today_total: z.number(),
};

/** `POST /api/update-progress/{id}`: the stored counts with progress figures and today's output. */
export const UpdateProgressView = z.object({
  status: z.literal("success"),
  message: z.string(),
  data: z.object({
    counts_0_5: z.number(),
    counts_0_7: z.number(),
    counts_1_0: z.number(),
    planned_0_5: z.number(),
    planned_0_7: z.number(),
    planned_1_0: z.number(),
    total_actual: z.number(),
    total_planned: z.number(),
    progress_0_5: z.number(),
    progress_0_7: z.number(),
    progress_1_0: z.number(),
    overall_progress: z.number(),
    ...TodayFigures,
  }),
});
export type UpdateProgressView = z.infer<typeof UpdateProgressView>;
