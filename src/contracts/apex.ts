import { z } from "zod";

/** `GET /api/apex-sync-status` and `GET /api/apex/sync-status` (api.md §10, §13.2), for the web page. */
export const SyncStatusResponse = z.looseObject({
  last_sync_requested: z.string().nullable(),
  last_run: z.object({ started_at: z.string(), finished_at: z.string().nullable(), outcome: z.string() }).nullable(),
  last_success_at: z.string().nullable(),
  last_error: z.object({ at: z.string(), message: z.string() }).nullable(),
  failing: z.boolean(),
  consecutive_failures: z.number(),
  stale: z.boolean(),
  staleness_seconds: z.number().nullable(),
  alerted: z.boolean(),
  orders_cursor: z.string().nullable(),
  credits_used: z.object({ this_month: z.number(), requests_this_month: z.number(), last_run: z.number().nullable() }),
  inventory_push: z.looseObject({
    last_push_at: z.string().nullable(),
    last_pushed: z.array(z.object({ apex_batch_id: z.number(), quantity: z.number() })),
    last_error: z.string().nullable(),
    credits_used_month: z.number(),
  }),
});
export type SyncStatusResponse = z.infer<typeof SyncStatusResponse>;

export const BatchMapEntry = z.looseObject({
  apex_batch_id: z.number(),
  product_id: z.number().nullable(),
  product_name: z.string(),
  strain_normalized: z.string(),
  sku_key: z.string().nullable(),
  grams_per_unit: z.number().nullable(),
  pack_count: z.number().nullable(),
  last_quantity_sent: z.number().nullable(),
  last_sent_at: z.string().nullable(),
  refreshed_at: z.string(),
  is_push_target: z.boolean(),
});

/** `GET /api/apex/batch-map` and `POST /api/apex/batch-map/refresh` (the latter adds `skipped_products`). */
export const BatchMapResponse = z.looseObject({
  refreshed_at: z.string().nullable(),
  stale: z.boolean(),
  count: z.number(),
  entries: z.array(BatchMapEntry),
  unmatched_strains: z.array(z.string()),
});
export type BatchMapResponse = z.infer<typeof BatchMapResponse>;
