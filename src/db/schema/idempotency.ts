// Keep in step with migrations/0070_create_idempotency_keys.sql.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Stored answers of writes sent with an Idempotency-Key (status 0: claimed, answer not yet recorded). */
export const idempotencyKeys = sqliteTable("idempotency_keys", {
  key: text("key").primaryKey(),
  fingerprint: text("fingerprint").notNull(),
  status: integer("status").notNull(),
  body: text("body").notNull(),
  created_at: text("created_at").notNull(),
});
