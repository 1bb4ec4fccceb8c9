import { z } from "zod";

/** What one order-sync run did (absent fields: the run ended before it got that far). */
export const ApexRunSummary = z.object({
  orders_fetched: z.number().optional(),
  orders_written: z.number().optional(),
  lines_written: z.number().optional(),
  auto_completed: z.number().optional(),
  requests: z.number().optional(),
  retries: z.number().optional(),
  waited_ms: z.number().optional(),
  credits: z.number().optional(),
});

/** `GET /api/apex-sync-status` and `GET /api/apex/sync-status` (api.md §10, §13.2), for the web page. */
export const SyncStatusResponse = z.object({
  last_sync_requested: z.string().nullable(),
  last_run: z.object({ started_at: z.string(), finished_at: z.string().nullable(), outcome: z.string() }).nullable(),
  last_success_at: z.string().nullable(),
  last_error: z.object({ at: z.string(), message: z.string() }).nullable(),
  failing: z.boolean(),
  consecutive_failures: z.number(),
  stale: z.boolean(),
  staleness_seconds: z.number().nullable(),
  last_run_summary: ApexRunSummary.nullable(),
  alerted: z.boolean(),
  orders_cursor: z.string().nullable(),
  credits_used: z.object({ this_month: z.number(), requests_this_month: z.number(), last_run: z.number().nullable() }),
  inventory_push: z.object({
    last_push_at: z.string().nullable(),
    last_pushed: z.array(z.object({ apex_batch_id: z.number(), quantity: z.number() })),
    last_error: z.string().nullable(),
    last_error_at: z.string().nullable(),
    /** The month (UTC, `YYYY-MM`) `credits_used_month` counts. */
    credits_month: z.string().nullable(),
    credits_used_month: z.number(),
  }),
});
export type SyncStatusResponse = z.infer<typeof SyncStatusResponse>;

export const BatchMapEntry = z.object({
  apex_batch_id: z.number(),
  product_id: z.number().nullable(),
  product_name: z.string(),
  strain_normalized: z.string(),
  sku_key: z.string().nullable(),
  grams_per_unit: z.number().nullable(),
  pack_count: z.number().nullable(),
  metrc_number: z.string().nullable(),
  last_quantity_sent: z.number().nullable(),
  last_sent_at: z.string().nullable(),
  refreshed_at: z.string(),
  is_push_target: z.boolean(),
});

/** `GET /api/apex/batch-map` and `POST /api/apex/batch-map/refresh` (the latter adds `skipped_products`). */
export const BatchMapResponse = z.object({
  refreshed_at: z.string().nullable(),
  stale: z.boolean(),
  count: z.number(),
  entries: z.array(BatchMapEntry),
  unmatched_strains: z.array(z.string()),
});
export type BatchMapResponse = z.infer<typeof BatchMapResponse>;
export const BatchMapRefreshed = BatchMapResponse.extend({ success: z.literal(true), skipped_products: z.array(z.string()) });

/** `POST /api/apex-sync-trigger`: the sync runs at once and its outcome rides along. */
export const SyncTriggered = z.object({
  success: z.literal(true),
  last_sync_requested: z.string(),
  sync: ApexRunSummary.extend({ outcome: z.string(), error: z.string().nullable() }),
});
export const ApexConnectionView = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), message: z.string().nullable() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
