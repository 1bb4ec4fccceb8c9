-- Weight checks (rules §8), centrifuge learning data (data-model §1.11), snapshots (§1.10)
-- and achievements (§1.13).
CREATE TABLE weight_checks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  size TEXT NOT NULL CHECK (size IN ('0_5', '0_7', '1_0')),
  sample_weight REAL NOT NULL CHECK (sample_weight > 0),
  count_at_measurement INTEGER NOT NULL CHECK (count_at_measurement >= 0),
  avg_weight REAL NOT NULL,
  yield_percent REAL NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX idx_weight_checks_batch ON weight_checks (batch_id, size, recorded_at);

-- One production outcome per batch and size: the settings used and the result they gave.
CREATE TABLE centrifuge_outcomes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id TEXT NOT NULL,
  strain TEXT NOT NULL,
  size TEXT NOT NULL CHECK (size IN ('0_5', '0_7', '1_0')),
  machine TEXT,
  grind_size TEXT,
  rpm INTEGER,
  time_seconds INTEGER,
  cycles INTEGER,
  fill_gauge_cycle1 REAL,
  fill_gauge_cycle2 REAL,
  yield_percent REAL,
  rate REAL,
  harvest_date TEXT,
  recorded_at TEXT NOT NULL,
  processed_at TEXT,
  UNIQUE (batch_id, size)
);
CREATE INDEX idx_centrifuge_outcomes_strain ON centrifuge_outcomes (strain, size);
CREATE INDEX idx_centrifuge_outcomes_unprocessed ON centrifuge_outcomes (processed_at);

-- What the learning pass recommends per strain, size and grind (grind '' = any).
CREATE TABLE centrifuge_recommendations (
  strain TEXT NOT NULL,
  size TEXT NOT NULL CHECK (size IN ('0_5', '0_7', '1_0')),
  grind_size TEXT NOT NULL DEFAULT '',
  rpm INTEGER,
  time_seconds INTEGER,
  cycles INTEGER,
  fill_gauge_cycle1 REAL,
  fill_gauge_cycle2 REAL,
  confidence REAL NOT NULL DEFAULT 0 CHECK (confidence BETWEEN 0 AND 1),
  sample_size INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (strain, size, grind_size)
);

CREATE TABLE snapshots (
  timestamp TEXT PRIMARY KEY NOT NULL,
  files_processed TEXT NOT NULL,
  strain_count INTEGER NOT NULL DEFAULT 0,
  store_count INTEGER NOT NULL DEFAULT 0,
  stores TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL
);

CREATE TABLE snapshot_rows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  snapshot_ts TEXT NOT NULL REFERENCES snapshots (timestamp) ON DELETE CASCADE,
  store TEXT NOT NULL DEFAULT '',
  strain TEXT NOT NULL,
  total_inventory REAL NOT NULL DEFAULT 0,
  avg_sold_per_day REAL NOT NULL DEFAULT 0,
  days_until_stockout REAL,
  urgency TEXT NOT NULL DEFAULT 'low',
  priority_score REAL NOT NULL DEFAULT 0
);
CREATE INDEX idx_snapshot_rows_ts ON snapshot_rows (snapshot_ts, strain);

CREATE TABLE achievements_unlocked (
  key TEXT PRIMARY KEY NOT NULL,
  unlocked_at TEXT NOT NULL
);
