-- Scheduled job runs (with a lease so a job never runs twice at once), backups and the
-- Pushover cooldown ledger.
CREATE TABLE job_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'success', 'failed', 'skipped')),
  rows_processed INTEGER NOT NULL DEFAULT 0,
  detail TEXT
);
CREATE INDEX idx_job_runs_job ON job_runs (job, started_at);

-- At most one row per job: the holder of its lease until lease_expires_at.
CREATE TABLE job_leases (
  job TEXT PRIMARY KEY NOT NULL,
  holder TEXT NOT NULL,
  lease_expires_at INTEGER NOT NULL
);

CREATE TABLE backups (
  id TEXT PRIMARY KEY NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  size_bytes INTEGER,
  r2_key TEXT,
  tag TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed')),
  error TEXT,
  row_count INTEGER
);
CREATE INDEX idx_backups_started ON backups (started_at);

CREATE TABLE pushover_alert_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  target TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('warning', 'critical', 'info', 'backup')),
  sent_at TEXT NOT NULL,
  message TEXT
);
CREATE INDEX idx_pushover_alert_log_target ON pushover_alert_log (target, level, sent_at);
