import { z } from "zod";

/** Request schemas of api §9. */

const Timestamp = z.string().trim().min(1).max(64);

export const TimestampParam = z.object({ timestamp: Timestamp });

export const CompareBody = z.object({
  timestamp1: Timestamp,
  timestamp2: Timestamp,
  store_filter: z.string().trim().max(200).optional(),
});

export const InsightsBody = z.object({ timestamp1: Timestamp, timestamp2: Timestamp });

export const ExportBody = z.object({ timestamp: Timestamp });

const Header = z.string().trim().min(1, "column names must not be empty").max(100, "column names are at most 100 characters");

/** The column mapping of decisions 6; every field must be given when it is changed. */
export const CsvMappingBody = z
  .object({
    store: Header,
    strain: Header,
    on_hand: Header,
    units_sold: Header,
    period_days: Header,
    default_period_days: z
      .number()
      .gt(0, "default_period_days must be greater than 0")
      .max(3650, "default_period_days must be at most 3650"),
  })
  .strict();

/** Response schemas (api §9). */
const Urgency = z.enum(["critical", "high", "medium", "low"]);
const Metrics = {
  total_inventory: z.number(),
  avg_sold_per_day: z.number(),
  days_until_stockout: z.number().nullable(),
  urgency: Urgency,
  priority_score: z.number(),
};
const StrainMetrics = z.object({ strain: z.string(), ...Metrics });
/** A snapshot: per strain over all stores, the stores, and per store and strain (`timestamp` null before the first upload). */
export const SnapshotView = z.object({
  timestamp: z.string().nullable(),
  files_processed: z.array(z.string()),
  data: z.object({
    combined: z.array(StrainMetrics),
    stores: z.array(z.string()),
    by_store: z.array(StrainMetrics.extend({ store: z.string() })),
  }),
});
export type SnapshotView = z.infer<typeof SnapshotView>;
export const SnapshotUploaded = z.object({
  success: z.literal(true),
  strain_count: z.number(),
  store_count: z.number(),
  timestamp: z.string(),
  files_processed: z.array(z.string()),
});
export const SnapshotHistoryView = z.object({
  snapshots: z.array(
    z.object({ timestamp: z.string(), files_processed: z.array(z.string()), strain_count: z.number(), store_count: z.number() }),
  ),
});
export const CsvMappingAnswer = z.object({ mapping: CsvMappingBody, default: CsvMappingBody });
export const ComparisonsView = z.object({
  comparisons: z.array(
    z.object({
      strain: z.string(),
      status: z.enum(["new", "removed", "updated", "unchanged"]),
      old: z.object(Metrics).nullable(),
      new: z.object(Metrics).nullable(),
      changes: z.object({
        inventory_delta: z.number(),
        sold_per_day_delta: z.number(),
        urgency_change: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
      }),
    }),
  ),
});
export type ComparisonsView = z.infer<typeof ComparisonsView>;
export const InsightsView = z.object({
  insights: z.array(z.object({ type: z.enum(["danger", "success", "info", "warning"]), title: z.string(), message: z.string() })),
});
/** The CSV travels inside JSON, with the file name to save it as. */
export const SnapshotCsvView = z.object({ csv: z.string(), filename: z.string() });
