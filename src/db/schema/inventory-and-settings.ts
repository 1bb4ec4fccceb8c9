// Mirrors migrations/ (indexes and foreign keys too): test/integration/schema-drift.test.ts fails when they differ.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const inventory = sqliteTable("inventory", {
  size: text("size").primaryKey(),
  boxes: integer("boxes").notNull().default(0),
  individual_papers: integer("individual_papers").notNull().default(0),
  low_threshold: integer("low_threshold").notNull().default(5),
  last_updated: text("last_updated"),
  alert_dismissed_at: text("alert_dismissed_at"),
});

export const inventoryUsage = sqliteTable(
  "inventory_usage",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    size: text("size")
      .notNull()
      .references(() => inventory.size),
    timestamp: text("timestamp").notNull(),
    papers_used: integer("papers_used").notNull(),
    batch_id: text("batch_id"),
  },
  (t) => [
    index("idx_inventory_usage_size").on(t.size, t.timestamp),
    index("idx_inventory_usage_timestamp").on(t.timestamp),
    index("idx_inventory_usage_batch").on(t.batch_id),
  ],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updated_at: text("updated_at").notNull(),
});
