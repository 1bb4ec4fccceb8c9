// Generated from migrations/ once; keep in step with new migrations by hand.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const inventory = sqliteTable("inventory", {
  size: text("size").primaryKey(),
  boxes: integer("boxes").notNull().default(0),
  individual_papers: integer("individual_papers").notNull().default(0),
  low_threshold: integer("low_threshold").notNull().default(5),
  last_updated: text("last_updated"),
  alert_dismissed_at: text("alert_dismissed_at"),
});

export const inventoryUsage = sqliteTable("inventory_usage", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  size: text("size").notNull(),
  timestamp: text("timestamp").notNull(),
  papers_used: integer("papers_used").notNull(),
  batch_id: text("batch_id"),
});

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updated_at: text("updated_at").notNull(),
});
