// Mirrors migrations/ (indexes and foreign keys too): test/integration/schema-drift.test.ts fails when they differ.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { index, integer, primaryKey, real, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";

export const apexOrders = sqliteTable(
  "apex_orders",
  {
    id: integer("id").primaryKey(),
    uuid: text("uuid").notNull().default(""),
    invoice_number: text("invoice_number").notNull().default(""),
    total: text("total").notNull().default(""),
    order_date: text("order_date").notNull().default(""),
    order_status: text("order_status").notNull().default(""),
    buyer_company: text("buyer_company").notNull().default(""),
    buyer_company_id: integer("buyer_company_id"),
    seller_company: text("seller_company").notNull().default(""),
    ship_name: text("ship_name").notNull().default(""),
    ship_address: text("ship_address").notNull().default(""),
    ship_city: text("ship_city").notNull().default(""),
    ship_state: text("ship_state").notNull().default(""),
    payment_status: text("payment_status").notNull().default(""),
    items_count: integer("items_count").notNull().default(0),
    printed: integer("printed").notNull().default(0),
    print_timestamp: text("print_timestamp"),
    is_third_party: integer("is_third_party").notNull().default(0),
    apex_updated_at: text("apex_updated_at"),
    order_status_id: integer("order_status_id"),
    deal_flow_id: integer("deal_flow_id"),
    cancelled: integer("cancelled").notNull().default(0),
    excluded: integer("excluded").notNull().default(0),
    completed_at: text("completed_at"),
    completion_id: text("completion_id"),
    cached_at: text("cached_at")
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
    last_updated: text("last_updated")
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
  },
  (t) => [
    index("idx_apex_orders_status").on(t.order_status),
    index("idx_apex_orders_date").on(t.order_date),
    index("idx_apex_orders_buyer").on(t.buyer_company),
    index("idx_apex_orders_updated").on(t.apex_updated_at),
  ],
);

export const apexOrderItems = sqliteTable(
  "apex_order_items",
  {
    order_id: integer("order_id")
      .notNull()
      .references(() => apexOrders.id, { onDelete: "cascade" }),
    line_id: integer("line_id").notNull(),
    product_id: integer("product_id"),
    product_name: text("product_name").notNull(),
    quantity: integer("quantity").notNull(),
    batch_name: text("batch_name").notNull().default(""),
    apex_batch_id: integer("apex_batch_id"),
    unit_price: real("unit_price"),
  },
  (t) => [primaryKey({ columns: [t.order_id, t.line_id] })],
);

export const orderStatusHistory = sqliteTable(
  "order_status_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    order_id: integer("order_id")
      .notNull()
      .references(() => apexOrders.id, { onDelete: "cascade" }),
    old_status: text("old_status"),
    new_status: text("new_status").notNull(),
    changed_at: text("changed_at")
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
    changed_by: text("changed_by").notNull().default("system"),
  },
  (t) => [index("idx_order_status_history_order").on(t.order_id)],
);

/** The columns a packing line keeps in the archive when its order is completed; fresh builders per table. */
const packingLineColumns = () => ({
  id: integer("id").primaryKey({ autoIncrement: true }),
  order_id: integer("order_id").notNull(),
  product_name: text("product_name").notNull(),
  store_name: text("store_name").notNull(),
  ordered: integer("ordered").notNull(),
  packed: integer("packed").notNull().default(0),
  initials: text("initials").notNull().default(""),
  notes: text("notes").notNull().default(""),
  order_date: text("order_date").notNull(),
  invoice_number: text("invoice_number").notNull().default(""),
  batch_name: text("batch_name").notNull().default(""),
  compact_display_name: text("compact_display_name").notNull().default(""),
  delivery_date: text("delivery_date").notNull().default(""),
  delivery_notes: text("delivery_notes").notNull().default(""),
  internal_notes: text("internal_notes").notNull().default(""),
  strain: text("strain").notNull().default(""),
  grams_per_unit: real("grams_per_unit").notNull().default(0),
  verified_tag: text("verified_tag").notNull().default(""),
  verified_by: text("verified_by").notNull().default(""),
  verified_at: text("verified_at"),
});

export const packingItems = sqliteTable(
  "packing_items",
  {
    ...packingLineColumns(),
    is_new: integer("is_new").notNull().default(0),
    synced_packed: integer("synced_packed").notNull().default(0),
    synced_ordered: integer("synced_ordered").notNull().default(0),
    apex_decremented: integer("apex_decremented").notNull().default(0),
    version: integer("version").notNull().default(0),
    last_updated: text("last_updated")
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
    strain_key: text("strain_key").notNull().default(""),
    sku_key: text("sku_key").notNull().default(""),
    buyer_company: text("buyer_company").notNull().default(""),
    metrc_source: text("metrc_source").notNull().default(""),
  },
  (t) => [
    index("idx_packing_items_order").on(t.order_id),
    index("idx_packing_items_store").on(t.store_name),
    index("idx_packing_items_product").on(t.product_name),
    index("idx_packing_items_updated").on(t.last_updated),
    index("idx_packing_items_batch_name").on(t.batch_name),
    index("idx_packing_items_strain").on(t.strain_key),
    unique().on(t.order_id, t.product_name),
  ],
);

export const packingItemsArchive = sqliteTable(
  "packing_items_archive",
  {
    ...packingLineColumns(),
    archived_at: text("archived_at")
      .notNull()
      .$defaultFn(() => new Date().toISOString()),
    completion_date: text("completion_date").notNull().default(""),
    grams_fulfilled: real("grams_fulfilled").notNull().default(0),
  },
  (t) => [index("idx_packing_archive_order").on(t.order_id), index("idx_packing_archive_completed").on(t.completion_date)],
);

export const packingMetadata = sqliteTable("packing_metadata", {
  id: integer("id").primaryKey(),
  last_refresh_time: text("last_refresh_time").notNull(),
  filter_type: text("filter_type").notNull().default("active"),
  date_range_start: text("date_range_start"),
  date_range_end: text("date_range_end"),
  total_items: integer("total_items").notNull().default(0),
});

export const storeAliases = sqliteTable("store_aliases", {
  buyer_company: text("buyer_company").primaryKey(),
  display_name: text("display_name").notNull(),
  updated_at: text("updated_at").notNull(),
});

export const apexBatchMap = sqliteTable(
  "apex_batch_map",
  {
    apex_batch_id: integer("apex_batch_id").primaryKey(),
    product_id: integer("product_id"),
    product_name: text("product_name").notNull(),
    strain_normalized: text("strain_normalized").notNull(),
    sku_key: text("sku_key"),
    grams_per_unit: real("grams_per_unit"),
    pack_count: integer("pack_count"),
    metrc_number: text("metrc_number"),
    last_quantity_sent: integer("last_quantity_sent"),
    last_sent_at: text("last_sent_at"),
    refreshed_at: text("refreshed_at").notNull(),
  },
  (t) => [index("idx_apex_batch_map_strain").on(t.strain_normalized)],
);

export const syncState = sqliteTable("sync_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updated_at: text("updated_at").notNull(),
});
