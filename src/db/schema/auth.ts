// Mirrors migrations/ (indexes and foreign keys too): test/integration/schema-drift.test.ts fails when they differ.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    key_hash: text("key_hash").notNull().unique(),
    masked: text("masked").notNull(),
    created_at: text("created_at").notNull(),
    revoked_at: text("revoked_at"),
  },
  (t) => [index("idx_api_keys_active").on(t.revoked_at)],
);

export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  created_at: text("created_at").notNull(),
  expires_at: text("expires_at").notNull(),
  remember: integer("remember").notNull().default(0),
  revoked_at: text("revoked_at"),
  /** Migration 0140: the signed-in user (null: the original admin password) and the PIN device. */
  user_id: text("user_id"),
  device_id: text("device_id"),
});

export const passwordResetTokens = sqliteTable("password_reset_tokens", {
  token_hash: text("token_hash").primaryKey(),
  expires_at: text("expires_at").notNull(),
  used_at: text("used_at"),
});

export const rateLimitHits = sqliteTable(
  "rate_limit_hits",
  {
    bucket: text("bucket").notNull(),
    window_start: integer("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.window_start] })],
);

export const loginThrottle = sqliteTable("login_throttle", {
  scope: text("scope").primaryKey(),
  window_start: integer("window_start").notNull(),
  failures: integer("failures").notNull().default(0),
  paused_until: integer("paused_until").notNull().default(0),
});

export const usedLiveTickets = sqliteTable("used_live_tickets", {
  jti: text("jti").primaryKey(),
  expires_at: integer("expires_at").notNull(),
});
