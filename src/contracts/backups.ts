import { z } from "zod";

export const ListBackupsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** started_at of the last row of the previous page. */
  before: z
    .string()
    .max(40)
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/)
    .optional(),
});

export const BackupIdParams = z.object({ id: z.string().min(1).max(100) });

/** Response schemas of the backup API. */
const BackupProgress = z.object({
  phase: z.string(),
  tables_done: z.number(),
  tables_total: z.number(),
  rows: z.number(),
  bytes: z.number(),
  updated_at: z.string(),
});
export const BackupRunView = z.object({
  id: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  size_bytes: z.number().nullable(),
  r2_key: z.string().nullable(),
  tag: z.string(),
  status: z.string(),
  error: z.string().nullable(),
  row_count: z.number().nullable(),
  triggered_by: z.string(),
  /** Who started a manual run: "user:<name>", "key:<name>" or "session" (the original admin); null for cron. */
  started_by: z.string().nullable(),
  format_version: z.number(),
  sha256: z.string().nullable(),
  table_counts: z.record(z.string(), z.number()).nullable(),
  verified_at: z.string().nullable(),
  verify_error: z.string().nullable(),
  progress: BackupProgress.nullable(),
});
export type BackupRunView = z.infer<typeof BackupRunView>;
export const BackupListView = z.object({
  /** `stored`: whether storage still holds the file. */
  backups: z.array(BackupRunView.extend({ stored: z.boolean() })),
  retention: z.object({ keep_all_hours: z.number(), daily_days: z.number(), weekly_days: z.number(), manual_max: z.number() }),
  stored_count: z.number(),
  next_before: z.string().nullable(),
});
export const BackupStarted = z.object({ id: z.string(), tag: z.string(), r2_key: z.string(), status: z.literal("running") });
/** The restore drill's report: the whole file decrypted and checked, nothing written. */
export const BackupVerified = z.object({
  id: z.string(),
  tag: z.string(),
  r2_key: z.string().nullable(),
  ok: z.literal(true),
  backup_id: z.string(),
  created_at: z.string(),
  tables: z.number(),
  row_count: z.number(),
  table_counts: z.record(z.string(), z.number()),
  sha256: z.string(),
  size_bytes: z.number(),
  plaintext_bytes: z.number(),
  chunks: z.number(),
  schema_matches_database: z.boolean(),
  schema_note: z.string().nullable(),
});
