-- Issue 18: who started a manual backup ("user:<name>", "key:<name>", "session" for the original
-- admin password); NULL for cron runs and for runs from before this column.
ALTER TABLE backups ADD COLUMN started_by TEXT;
