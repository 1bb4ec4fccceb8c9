import { z } from "zod";
import { AuditRowView } from "./batch-views";
import { queryInt } from "./centrifuge";

/** Query schemas of api §10 and §13.1 reports. */

export const AuditQuery = z.object({
  limit: queryInt("limit", 1, 5000).default(500),
  /** Continue after this row: its `ts`, and its `id` to break ties. */
  before: z.string().trim().min(1).max(64).optional(),
  before_id: queryInt("before_id", 0, Number.MAX_SAFE_INTEGER).optional(),
  /** Only this batch's rows (its id). Without filters the answer is the original's. */
  batch: z.string({ error: "batch must be text" }).trim().min(1, "batch must not be empty").max(100, "batch is too long").optional(),
  /** Only this field, e.g. counts_0_5. */
  field: z.string({ error: "field must be text" }).trim().min(1, "field must not be empty").max(100, "field is too long").optional(),
  /** Only the changes of one user or one API key, by id (the original key's id too): who did what. */
  user: z.string({ error: "user must be text" }).trim().min(1, "user must not be empty").max(64, "user is too long").optional(),
  key: z.string({ error: "key must be text" }).trim().min(1, "key must not be empty").max(64, "key is too long").optional(),
});

export const ProductionHistoryQuery = z.object({ days: queryInt("days", 1, 90).default(7) });

export const StatsQuery = z.object({ period: z.enum(["week", "month", "quarter", "year", "all"]).default("month") });

/** Response schemas of the reports (api.md §13.1, §13.3). */
const SizeCounts = { "0_5": z.number(), "0_7": z.number(), "1_0": z.number() };
const DayProduction = z.object({ date: z.string(), total: z.number(), ...SizeCounts });
const PeriodProduction = z.object({ period: z.string(), total: z.number(), ...SizeCounts });

export const OverviewView = z.object({
  /** Active batches per stage name. */
  stage_counts: z.record(z.string(), z.number()),
  production_stats: z.object({ today_total: z.number(), today_0_5: z.number(), today_0_7: z.number(), today_1_0: z.number() }),
  priority_batches: z.array(z.object({ strain: z.string(), stage: z.string(), days_in_stage: z.number(), reason: z.string() })),
  total_active: z.number(),
});
export type OverviewView = z.infer<typeof OverviewView>;

/** The audit trail, newest first: a bare array, as the original answered. */
export const AuditPageView = z.array(AuditRowView);

export const ProductionHistoryView = z.object({ days: z.number(), daily_production: z.array(DayProduction) });

export const BackupStatusView = z.object({
  last_backup: z.string().nullable(),
  backup_count: z.number(),
  backup_size_mb: z.number().nullable(),
  status: z.string(),
  next_scheduled: z.string(),
  last_backup_time: z.string().nullable(),
  last_backup_size_bytes: z.number().nullable(),
  local_backup_count: z.number(),
  remote_backup_count: z.number(),
  last_remote_tag: z.string().nullable(),
  last_status: z.string(),
  last_error: z.string().nullable(),
});

export const AchievementsView = z.object({
  achievements: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      tier: z.string(),
      rarity: z.string(),
      target: z.number(),
      tier_color: z.string(),
      rarity_color: z.string(),
      unlocked: z.boolean(),
      progress: z.number(),
      unlocked_at: z.string().nullable(),
    }),
  ),
  unlocked_count: z.number(),
  total: z.number(),
});
export type AchievementsView = z.infer<typeof AchievementsView>;

export const StatsView = z.object({
  summary: z.object({
    total_batches_completed: z.number(),
    total_pre_rolls: z.number(),
    average_production_rate: z.number().nullable(),
    active_batches: z.number(),
    by_size: z.object(SizeCounts),
  }),
  period: z.enum(["week", "month", "quarter", "year", "all"]),
  days: z.number(),
  daily: z.array(DayProduction),
  weekly: z.array(PeriodProduction),
  monthly: z.array(PeriodProduction),
  strain_performance: z.array(
    z.object({
      strain: z.string(),
      batches: z.number(),
      completed_batches: z.number(),
      pre_rolls: z.number(),
      average_rate: z.number().nullable(),
    }),
  ),
  rate_trend: z.array(z.object({ batch_id: z.string(), strain: z.string(), finished_at: z.string().nullable(), rate: z.number() })),
});
export type StatsView = z.infer<typeof StatsView>;
