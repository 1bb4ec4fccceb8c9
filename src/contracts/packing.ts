import { z } from "zod";
import { SYNC_INTERVAL_BOUNDS } from "../domain/packing";
import { normalizeScannedTag } from "./metrc-tag";

const DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const dateParam = (field: string) =>
  z
    .string()
    .max(40, `${field} must be a date like 2026-03-01`)
    .regex(DATE, `${field} must be a date like 2026-03-01`)
    .refine((v) => !Number.isNaN(Date.parse(v)), `${field} must be a date like 2026-03-01`);

export const Format = z.enum(["json", "csv"], { error: "format must be json or csv" }).default("json");

export const PackingItemsQuery = z
  .object({
    view: z.enum(["by_store", "by_product"], { error: "view must be by_store or by_product" }).default("by_store"),
    filter: z.enum(["active", "all", "date_range"], { error: "filter must be active, all or date_range" }).default("active"),
    from: dateParam("from").optional(),
    to: dateParam("to").optional(),
    format: Format,
  })
  .refine(
    (q) => q.filter !== "date_range" || (q.from !== undefined && q.to !== undefined),
    "from and to are required when filter is date_range",
  )
  .refine((q) => q.from === undefined || q.to === undefined || q.from.slice(0, 10) <= q.to.slice(0, 10), "from must not be after to");
export type PackingItemsQuery = z.infer<typeof PackingItemsQuery>;

/** Numeric path ids; anything else is "Invalid value for <name>". */
const pathId = (name: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `Invalid value for ${name}`)
    .transform(Number);
export const PackingItemParams = z.object({ id: pathId("id") });
export const OrderParams = z.object({ order_id: pathId("order_id") });

const text = (field: string, max: number) =>
  z.string({ error: `${field} must be text` }).max(max, `${field} must be at most ${max} characters`);

/** Fields a packer may change (api.md §13.2). `version` makes the write conditional. */
export const PatchPackingItemBody = z.strictObject(
  {
    packed: z
      .number({ error: "packed must be a whole number of units" })
      .min(0, "packed must not be negative")
      .max(1_000_000, "packed is too large")
      .int("packed must be a whole number of units")
      .optional(),
    initials: text("initials", 20).optional(),
    notes: text("notes", 2000).optional(),
    delivery_date: text("delivery_date", 100).optional(),
    delivery_notes: text("delivery_notes", 2000).optional(),
    internal_notes: text("internal_notes", 2000).optional(),
    batch_name: z
      .string({ error: "batch_name must be a METRC package number" })
      .max(64, "batch_name must be a METRC package number")
      .regex(/^[0-9A-Za-z]*$/, "batch_name must be a METRC package number")
      .optional(),
    version: z.number({ error: "version must be a whole number" }).int("version must be a whole number").min(0).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${String(issue.keys[0]).slice(0, 50)}` : undefined) },
);
export type PatchPackingItemBody = z.infer<typeof PatchPackingItemBody>;

export const CompleteOrderBody = z.strictObject(
  {
    force: z.boolean({ error: "force must be true or false" }).optional(),
    update_apex_status: z.boolean({ error: "update_apex_status must be true or false" }).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${String(issue.keys[0]).slice(0, 50)}` : undefined) },
);

export const PackingArchiveQuery = z.object({
  week: z
    .string()
    .max(10)
    .regex(/^\d{4}-W\d{2}$/, "week must look like 2026-W09")
    .optional(),
  format: Format,
});

export const StoreAliasBody = z.object({
  buyer_company: z
    .string({ error: "buyer_company is required" })
    .trim()
    .min(1, "buyer_company is required")
    .max(200, "buyer_company is too long"),
  display_name: z
    .string({ error: "display_name is required" })
    .trim()
    .min(1, "display_name is required")
    .max(200, "display_name is too long"),
});

export const StoreAliasParams = z.object({ buyer_company: z.string().min(1).max(200) });

/** A whole number of seconds within the setting's safe bounds (domain/packing.ts SYNC_INTERVAL_BOUNDS). */
function secondsSetting(name: keyof typeof SYNC_INTERVAL_BOUNDS) {
  const { min, max } = SYNC_INTERVAL_BOUNDS[name];
  const message = `${name} must be a whole number of seconds from ${min} to ${max}`;
  return z.number({ error: message }).int(message).min(min, message).max(max, message);
}

const statusList = z.array(z.string().trim().min(1).max(200)).max(50);
export const UpdatePackingSettingsBody = z.strictObject(
  {
    excluded_statuses: statusList.optional(),
    excluded_products: z.array(z.string().trim().min(1).max(500)).max(500).optional(),
    include_3rd_party_products: z.boolean().optional(),
    auto_complete_statuses: statusList.optional(),
    initial_sync_date: dateParam("initial_sync_date").optional(),
    apex_status_writeback: z.boolean().optional(),
    apex_packed_status_name: z.string().trim().min(1).max(200).optional(),
    inventory_push_enabled: z.boolean().optional(),
    seller_license_number: z.string().trim().max(100, "seller_license_number must be at most 100 characters").optional(),
    apex_poll_interval_seconds: secondsSetting("apex_poll_interval_seconds").optional(),
    apex_min_write_interval_seconds: secondsSetting("apex_min_write_interval_seconds").optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown setting: ${String(issue.keys[0]).slice(0, 50)}` : undefined) },
);

/** One packing line as the packing page receives it (stored fields plus what the rules compute). */
export const PackingLine = z.object({
  id: z.number(),
  order_id: z.number(),
  product_name: z.string(),
  compact_display_name: z.string(),
  /** The store's display name (its alias when one is set); `store_name_apex` is Apex's. */
  store_name: z.string(),
  store_name_apex: z.string(),
  buyer_company: z.string(),
  invoice_number: z.string(),
  order_date: z.string(),
  order_status: z.string().nullable(),
  order_excluded: z.boolean(),
  ordered: z.number(),
  packed: z.number(),
  needs_packing: z.number(),
  needs_production: z.number(),
  is_new: z.boolean(),
  initials: z.string(),
  notes: z.string(),
  delivery_date: z.string(),
  delivery_notes: z.string(),
  internal_notes: z.string(),
  batch_name: z.string(),
  metrc_source: z.enum(["", "apex", "fifo", "manual"]),
  strain: z.string(),
  strain_key: z.string(),
  sku_key: z.string(),
  grams_per_unit: z.number(),
  synced_packed: z.number(),
  synced_ordered: z.number(),
  apex_decremented: z.number(),
  version: z.number(),
  last_updated: z.string(),
  /** Scan-verify: the tag scanned, by whom, when; empty / null until verified. */
  verified_tag: z.string(),
  verified_by: z.string(),
  verified_at: z.string().nullable(),
});
export type PackingLine = z.infer<typeof PackingLine>;

const Totals = { ordered: z.number(), packed: z.number(), needs_packing: z.number(), needs_production: z.number() };

export const PackingItemsResponse = z.object({
  view: z.enum(["by_store", "by_product"]),
  filter: z.enum(["active", "all", "date_range"]),
  from: z.string().nullable(),
  to: z.string().nullable(),
  generated_at: z.string(),
  count: z.number(),
  stores: z
    .array(
      z.object({
        store_name: z.string(),
        ...Totals,
        orders: z.array(
          z.object({
            order_id: z.number(),
            invoice_number: z.string(),
            order_date: z.string(),
            is_new: z.boolean(),
            fully_packed: z.boolean(),
            ...Totals,
            items: z.array(PackingLine),
          }),
        ),
      }),
    )
    .optional(),
  products: z
    .array(z.object({ strain: z.string(), sku_key: z.string(), compact_display_name: z.string(), ...Totals, stores: z.array(PackingLine) }))
    .optional(),
});
export type PackingItemsResponse = z.infer<typeof PackingItemsResponse>;

/** A scan-verify: the tag the scanner read (normalised by the page; normalised again here) and who scanned. */
export const VerifyPackingItemBody = z.strictObject(
  {
    tag: z
      .string({ error: "tag must be the scanned METRC tag" })
      .max(100, "tag must be the scanned METRC tag")
      .transform((t) => normalizeScannedTag(t))
      .refine((t) => /^[0-9A-Z]{1,64}$/.test(t), "tag must be the scanned METRC tag"),
    by: text("by", 40).optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${String(issue.keys[0]).slice(0, 50)}` : undefined) },
);
export type VerifyPackingItemBody = z.input<typeof VerifyPackingItemBody>;

export const OrdersQuery = z.object({
  search: z.string().max(200, "search is too long").default(""),
  status: z.string().max(200, "status is too long").default(""),
  include_hidden: z.enum(["0", "1", "true", "false"], { error: "include_hidden must be true or false" }).default("false"),
});
