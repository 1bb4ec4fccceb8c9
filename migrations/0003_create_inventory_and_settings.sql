-- Paper / cone stock per size (data-model §1.5), its consumption log (§1.6) and settings (§1.7).
CREATE TABLE inventory (
  size TEXT PRIMARY KEY NOT NULL CHECK (size IN ('0_5', '0_7', '1_0')),
  boxes INTEGER NOT NULL DEFAULT 0 CHECK (boxes >= 0),
  individual_papers INTEGER NOT NULL DEFAULT 0 CHECK (individual_papers >= 0),
  low_threshold INTEGER NOT NULL DEFAULT 5 CHECK (low_threshold >= 0),
  last_updated TEXT,
  alert_dismissed_at TEXT
);
INSERT INTO inventory (size) VALUES ('0_5'), ('0_7'), ('1_0');

CREATE TABLE inventory_usage (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  size TEXT NOT NULL REFERENCES inventory (size),
  timestamp TEXT NOT NULL,
  papers_used INTEGER NOT NULL,
  batch_id TEXT
);
CREATE INDEX idx_inventory_usage_size ON inventory_usage (size, timestamp);
CREATE INDEX idx_inventory_usage_timestamp ON inventory_usage (timestamp);
CREATE INDEX idx_inventory_usage_batch ON inventory_usage (batch_id);

-- JSON-encoded values keyed by name.
CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
