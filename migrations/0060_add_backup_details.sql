-- What a backup run recorded beyond the original metadata: how it was started, the format it was
-- written in, the SHA-256 of its plaintext and its row count per table, and the last restore drill.
ALTER TABLE backups ADD COLUMN triggered_by TEXT NOT NULL DEFAULT 'cron' CHECK (triggered_by IN ('cron', 'manual'));
ALTER TABLE backups ADD COLUMN format_version INTEGER;
ALTER TABLE backups ADD COLUMN sha256 TEXT;
ALTER TABLE backups ADD COLUMN table_counts TEXT;
ALTER TABLE backups ADD COLUMN verified_at TEXT;
ALTER TABLE backups ADD COLUMN verify_error TEXT;
