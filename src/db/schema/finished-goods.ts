// Mirrors migrations/ (indexes and foreign keys too): test/integration/schema-drift.test.ts fails when they differ.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { batches } from "./batches";

export const finishedGoods = sqliteTable(
  "finished_goods",
  {
    metrc_number: text("metrc_number").primaryKey(),
    strain: text("strain").notNull(),
    initial_grams: real("initial_grams").notNull(),
    current_grams: real("current_grams").notNull(),
    status: text("status").notNull().default("active"),
    created_date: text("created_date"),
    updated_date: text("updated_date"),
    notes: text("notes"),
    source_batch_id: text("source_batch_id").references(() => batches.id, { onDelete: "set null" }),
    grams_ordered: real("grams_ordered").notNull().default(0),
    grams_packed: real("grams_packed").notNull().default(0),
    grams_packed_lifetime: real("grams_packed_lifetime").notNull().default(0),
    grams_fulfilled: real("grams_fulfilled").notNull().default(0),
    sku_breakdown: text("sku_breakdown"),
    apex_auto_inventory: integer("apex_auto_inventory").notNull().default(0),
    apex_units: text("apex_units"),
    apex_sku_settings: text("apex_sku_settings"),
    processed_decrements: text("processed_decrements"),
    custom_skus: text("custom_skus"),
    physical_grams_override: real("physical_grams_override"),
  },
  (t) => [
    index("idx_finished_goods_status").on(t.status),
    index("idx_finished_goods_strain").on(t.strain),
    index("idx_finished_goods_source").on(t.source_batch_id),
  ],
);

export const finishedGoodsHistory = sqliteTable(
  "finished_goods_history",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    metrc_number: text("metrc_number").notNull(),
    timestamp: text("timestamp").notNull(),
    change_type: text("change_type").notNull(),
    current_grams: real("current_grams").notNull(),
    grams_ordered: real("grams_ordered").notNull().default(0),
    grams_packed: real("grams_packed").notNull().default(0),
    grams_fulfilled: real("grams_fulfilled").notNull().default(0),
    status: text("status"),
    details: text("details"),
  },
  (t) => [index("idx_history_metrc").on(t.metrc_number, t.timestamp), index("idx_history_timestamp").on(t.timestamp)],
);

export const wholesaleHolds = sqliteTable(
  "wholesale_holds",
  {
    id: text("id").primaryKey(),
    metrc_number: text("metrc_number")
      .notNull()
      .references(() => finishedGoods.metrc_number, { onDelete: "cascade" }),
    sku_name: text("sku_name").notNull(),
    sku_key: text("sku_key"),
    grams_per_unit: real("grams_per_unit"),
    quantity: integer("quantity").notNull(),
    created_date: text("created_date").notNull(),
    notes: text("notes"),
  },
  (t) => [
    index("idx_wholesale_holds_metrc").on(t.metrc_number),
    index("idx_wholesale_holds_sku").on(t.sku_name),
    index("idx_wholesale_holds_metrc_sku").on(t.metrc_number, t.sku_key),
  ],
);

export const skuCatalogue = sqliteTable("sku_catalogue", {
  sku_key: text("sku_key").primaryKey(),
  display_name: text("display_name").notNull().unique(),
  unit_size_grams: real("unit_size_grams").notNull(),
  pack_size: integer("pack_size").notNull(),
  grams_per_unit: real("grams_per_unit").notNull(),
  aliases: text("aliases"),
  sort_order: integer("sort_order").notNull().default(0),
});
