// Mirrors migrations/0140_create_people.sql: test/integration/schema-drift.test.ts fails when they differ.
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  initials: text("initials").notNull(),
  role: text("role", { enum: ["admin", "lead", "floor", "viewer"] }).notNull(),
  password_hash: text("password_hash"),
  pin_hash: text("pin_hash"),
  active: integer("active").notNull().default(1),
  created_at: text("created_at").notNull(),
  updated_at: text("updated_at").notNull(),
});

export const devices = sqliteTable("devices", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  token_hash: text("token_hash").notNull().unique(),
  approved_by: text("approved_by").notNull(),
  created_at: text("created_at").notNull(),
  last_seen_at: text("last_seen_at"),
  revoked_at: text("revoked_at"),
});

export const pinLockouts = sqliteTable(
  "pin_lockouts",
  {
    device_id: text("device_id").notNull(),
    user_id: text("user_id").notNull(),
    failures: integer("failures").notNull().default(0),
    locked_until: integer("locked_until").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.device_id, t.user_id] })],
);

export const scopedApiKeys = sqliteTable("scoped_api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  key_hash: text("key_hash").notNull().unique(),
  masked: text("masked").notNull(),
  abilities: text("abilities").notNull(),
  created_at: text("created_at").notNull(),
  created_by: text("created_by").notNull(),
  revoked_at: text("revoked_at"),
  last_used_at: text("last_used_at"),
  last_used_ip: text("last_used_ip"),
});
