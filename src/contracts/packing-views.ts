import { z } from "zod";
import { ApexRunSummary } from "./apex";
import { PackingLine } from "./packing";

/** Response schemas of the packing endpoints beside the packing list itself (api.md §13.2, pages.md §22, §25). */

export const PackingLineChanged = z.object({ success: z.literal(true), item: PackingLine });
/** A sync run now: what it did, as the Apex sync status reports runs. */
export const PackingRefreshed = ApexRunSummary.extend({ success: z.literal(true), last_refresh_time: z.string() });
export const OrderCompletedView = z.object({
  success: z.literal(true),
  order_id: z.number(),
  invoice_number: z.string(),
  archived_lines: z.number(),
  shipped: z.array(z.object({ metrc_number: z.string(), grams: z.number() })),
  /** Null when the status was not written back to Apex. */
  apex_status: z
    .union([z.object({ updated: z.literal(true), status: z.string() }), z.object({ updated: z.literal(false), error: z.string() })])
    .nullable(),
});

/** A completed line as archived. */
const ArchivedLine = z.object({
  id: z.number(),
  order_id: z.number(),
  product_name: z.string(),
  store_name: z.string(),
  ordered: z.number(),
  packed: z.number(),
  initials: z.string(),
  notes: z.string(),
  order_date: z.string(),
  invoice_number: z.string(),
  batch_name: z.string(),
  compact_display_name: z.string(),
  delivery_date: z.string(),
  delivery_notes: z.string(),
  internal_notes: z.string(),
  archived_at: z.string().nullable(),
  completion_date: z.string(),
  strain: z.string(),
  grams_per_unit: z.number(),
  grams_fulfilled: z.number(),
  verified_tag: z.string(),
  verified_by: z.string(),
  verified_at: z.string().nullable(),
});
export const PackingArchiveView = z.object({
  week: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  count: z.number(),
  /** Facility weeks, newest first. */
  weeks: z.array(z.object({ week: z.string(), count: z.number(), items: z.array(ArchivedLine) })),
});
export type PackingArchiveView = z.infer<typeof PackingArchiveView>;

const StoreAlias = z.object({ buyer_company: z.string(), display_name: z.string(), updated_at: z.string() });
export const StoreAliasesView = z.object({ aliases: z.array(StoreAlias), stores: z.array(z.string()) });
export const StoreAliasSaved = z.object({ success: z.literal(true), alias: StoreAlias });

export const PackingSettingsView = z.object({
  excluded_statuses: z.array(z.string()),
  excluded_products: z.array(z.string()),
  include_3rd_party_products: z.boolean(),
  auto_complete_statuses: z.array(z.string()),
  initial_sync_date: z.string(),
  apex_status_writeback: z.boolean(),
  apex_packed_status_name: z.string(),
  inventory_push_enabled: z.boolean(),
  seller_license_number: z.string(),
  apex_poll_interval_seconds: z.number(),
  apex_min_write_interval_seconds: z.number(),
});
export type PackingSettingsView = z.infer<typeof PackingSettingsView>;

export const OrdersView = z.object({
  count: z.number(),
  statuses: z.array(z.string()),
  orders: z.array(
    z.object({
      id: z.number(),
      invoice_number: z.string(),
      order_date: z.string(),
      order_status: z.string(),
      buyer_company: z.string(),
      ship_name: z.string(),
      ship_address: z.string(),
      ship_city: z.string(),
      ship_state: z.string(),
      payment_status: z.string(),
      items_count: z.number(),
      total: z.string(),
      excluded: z.boolean(),
      completed_at: z.string().nullable(),
      open_lines: z.number(),
    }),
  ),
});
export type OrdersView = z.infer<typeof OrdersView>;

const SizeKey = z.enum(["0_5", "0_7", "1_0"]);
export const RollTodayView = z.object({
  generated_at: z.string(),
  rows: z.array(
    z.object({
      strain_key: z.string(),
      strain: z.string(),
      size: SizeKey,
      earliest_due: z.string(),
      demand_prerolls: z.number(),
      covered_by_stock: z.number(),
      rolling: z.number(),
      to_make: z.number(),
      hours: z.number(),
    }),
  ),
  cones: z.array(z.object({ size: SizeKey, needed: z.number(), stock: z.number(), short: z.number() })),
  total_to_make: z.number(),
  total_hours: z.number(),
});
export type RollTodayView = z.infer<typeof RollTodayView>;
