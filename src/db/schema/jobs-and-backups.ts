// Mirrors migrations/ (indexes and foreign keys too): test/integration/schema-drift.test.ts fails when they differ.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const jobRuns = sqliteTable(
  "job_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    job: text("job").notNull(),
    started_at: text("started_at").notNull(),
    finished_at: text("finished_at"),
    outcome: text("outcome").notNull().default("running"),
    rows_processed: integer("rows_processed").notNull().default(0),
    detail: text("detail"),
  },
  (t) => [index("idx_job_runs_job").on(t.job, t.started_at)],
);

export const jobLeases = sqliteTable("job_leases", {
  job: text("job").primaryKey(),
  holder: text("holder").notNull(),
  lease_expires_at: integer("lease_expires_at").notNull(),
});

export const backups = sqliteTable(
  "backups",
  {
    id: text("id").primaryKey(),
    started_at: text("started_at").notNull(),
    finished_at: text("finished_at"),
    size_bytes: integer("size_bytes"),
    r2_key: text("r2_key"),
    tag: text("tag"),
    status: text("status").notNull(),
    error: text("error"),
    row_count: integer("row_count"),
    triggered_by: text("triggered_by").notNull().default("cron"),
    format_version: integer("format_version"),
    sha256: text("sha256"),
    table_counts: text("table_counts"),
    verified_at: text("verified_at"),
    verify_error: text("verify_error"),
    progress: text("progress"),
    /** Who started a manual run (migration 0150); null for cron. */
    started_by: text("started_by"),
  },
  (t) => [index("idx_backups_started").on(t.started_at)],
);

export const pushoverAlertLog = sqliteTable(
  "pushover_alert_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    target: text("target").notNull(),
    level: text("level").notNull(),
    sent_at: text("sent_at").notNull(),
    message: text("message"),
  },
  (t) => [index("idx_pushover_alert_log_target").on(t.target, t.level, t.sent_at)],
);
