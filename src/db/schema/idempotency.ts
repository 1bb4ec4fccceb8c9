// Mirrors migrations/0070_create_idempotency_keys.sql: test/integration/schema-drift.test.ts fails when they differ.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Stored answers of writes sent with an Idempotency-Key (status 0: claimed, answer not yet recorded). */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    key: text("key").primaryKey(),
    fingerprint: text("fingerprint").notNull(),
    status: integer("status").notNull(),
    body: text("body").notNull(),
    created_at: text("created_at").notNull(),
  },
  (t) => [index("idx_idempotency_keys_created_at").on(t.created_at)],
);
