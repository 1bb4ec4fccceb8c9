-- Production batches (spec data-model §1.1) and their per-field audit trail (§1.2).
CREATE TABLE batches (
  id TEXT PRIMARY KEY NOT NULL,
  strain TEXT NOT NULL,
  input_grams REAL NOT NULL CHECK (input_grams >= 0),
  target_grams_each REAL NOT NULL CHECK (target_grams_each >= 0),
  produced INTEGER NOT NULL DEFAULT 0 CHECK (produced >= 0),
  grams_used REAL NOT NULL DEFAULT 0 CHECK (grams_used >= 0),
  grams_ground REAL NOT NULL DEFAULT 0 CHECK (grams_ground >= 0),
  stage INTEGER NOT NULL DEFAULT 0 CHECK (stage BETWEEN 0 AND 7),
  display_order INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
  harvest_date TEXT,
  bay_number TEXT,
  grind_size TEXT CHECK (grind_size IS NULL OR grind_size IN ('fine', 'medium', 'coarse')),
  paper_size_override TEXT CHECK (paper_size_override IS NULL OR paper_size_override IN ('0_5', '0_7', '1_0')),
  is_infused INTEGER NOT NULL DEFAULT 0 CHECK (is_infused IN (0, 1)),
  source_materials TEXT,
  counts_0_5 INTEGER NOT NULL DEFAULT 0 CHECK (counts_0_5 >= 0),
  counts_0_7 INTEGER NOT NULL DEFAULT 0 CHECK (counts_0_7 >= 0),
  counts_1_0 INTEGER NOT NULL DEFAULT 0 CHECK (counts_1_0 >= 0),
  planned_0_5 INTEGER NOT NULL DEFAULT 0 CHECK (planned_0_5 >= 0),
  planned_0_7 INTEGER NOT NULL DEFAULT 0 CHECK (planned_0_7 >= 0),
  planned_1_0 INTEGER NOT NULL DEFAULT 0 CHECK (planned_1_0 >= 0),
  plan_use_grams REAL NOT NULL DEFAULT 0 CHECK (plan_use_grams >= 0),
  labels_printed INTEGER NOT NULL DEFAULT 0 CHECK (labels_printed >= 0),
  _last_inventory_consumed_0_5 INTEGER NOT NULL DEFAULT 0,
  _last_inventory_consumed_0_7 INTEGER NOT NULL DEFAULT 0,
  _last_inventory_consumed_1_0 INTEGER NOT NULL DEFAULT 0,
  production_start_time TEXT,
  production_end_time TEXT,
  production_duration_hours REAL,
  production_sessions TEXT,
  current_session_start TEXT,
  total_work_hours REAL NOT NULL DEFAULT 0,
  cached_production_rate REAL,
  rate_calculation_time TEXT,
  rate_history TEXT,
  rate_metrics TEXT,
  last_rate_update TEXT,
  thc_percent REAL CHECK (thc_percent IS NULL OR thc_percent BETWEEN 0 AND 100),
  thca_percent REAL CHECK (thca_percent IS NULL OR thca_percent BETWEEN 0 AND 100),
  tac_percent REAL CHECK (tac_percent IS NULL OR tac_percent BETWEEN 0 AND 100),
  cbd_percent REAL CHECK (cbd_percent IS NULL OR cbd_percent BETWEEN 0 AND 100),
  origin_metrc_number TEXT,
  new_metrc_created INTEGER NOT NULL DEFAULT 0 CHECK (new_metrc_created IN (0, 1)),
  new_metrc_number TEXT,
  metrc_transferred INTEGER NOT NULL DEFAULT 0 CHECK (metrc_transferred IN (0, 1)),
  metrc_batch_created INTEGER NOT NULL DEFAULT 0 CHECK (metrc_batch_created IN (0, 1)),
  centrifuge_rpm INTEGER CHECK (centrifuge_rpm IS NULL OR centrifuge_rpm BETWEEN 500 AND 2500),
  centrifuge_time_seconds INTEGER CHECK (centrifuge_time_seconds IS NULL OR centrifuge_time_seconds BETWEEN 1 AND 90),
  centrifuge_cycles INTEGER CHECK (centrifuge_cycles IS NULL OR centrifuge_cycles BETWEEN 1 AND 3),
  centrifuge_fill_gauge_cycle1 REAL CHECK (centrifuge_fill_gauge_cycle1 IS NULL OR centrifuge_fill_gauge_cycle1 BETWEEN 1 AND 12),
  centrifuge_fill_gauge_cycle2 REAL CHECK (centrifuge_fill_gauge_cycle2 IS NULL OR centrifuge_fill_gauge_cycle2 BETWEEN 1 AND 12),
  centrifuge_machine TEXT CHECK (centrifuge_machine IS NULL OR centrifuge_machine IN ('silver_bullet', 'lab_geek')),
  centrifuge_settings_by_size TEXT,
  testing_status TEXT NOT NULL DEFAULT 'none' CHECK (testing_status IN ('none', 'sample_created', 'sample_sent', 'results_received', 'test_passed', 'test_failed')),
  test_package_id TEXT,
  testing_lab TEXT,
  test_date TEXT,
  test_results TEXT,
  testing_notes TEXT,
  packaging_status TEXT NOT NULL DEFAULT 'available' CHECK (packaging_status IN ('available', 'waiting_materials', 'waiting_containers', 'blocked_other')),
  packaging_blocker_type TEXT,
  packaging_notes TEXT,
  packaging_blocked_since TEXT,
  packaged_singles INTEGER NOT NULL DEFAULT 0 CHECK (packaged_singles >= 0),
  packaged_6_packs INTEGER NOT NULL DEFAULT 0 CHECK (packaged_6_packs >= 0),
  packaged_12_packs INTEGER NOT NULL DEFAULT 0 CHECK (packaged_12_packs >= 0),
  loose_tupperware INTEGER NOT NULL DEFAULT 0 CHECK (loose_tupperware >= 0),
  weight_log_0_5 TEXT,
  weight_log_0_7 TEXT,
  weight_log_1_0 TEXT,
  running_yield_0_5 REAL NOT NULL DEFAULT 0,
  running_yield_0_7 REAL NOT NULL DEFAULT 0,
  running_yield_1_0 REAL NOT NULL DEFAULT 0,
  last_weight_check_count_0_5 INTEGER NOT NULL DEFAULT 0,
  last_weight_check_count_0_7 INTEGER NOT NULL DEFAULT 0,
  last_weight_check_count_1_0 INTEGER NOT NULL DEFAULT 0,
  last_weight_check_date_0_5 TEXT,
  last_weight_check_date_0_7 TEXT,
  last_weight_check_date_1_0 TEXT,
  final_weight_0_5 REAL NOT NULL DEFAULT 0,
  final_weight_0_7 REAL NOT NULL DEFAULT 0,
  final_weight_1_0 REAL NOT NULL DEFAULT 0,
  stage_entered_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_batches_strain ON batches (strain);
CREATE INDEX idx_batches_stage ON batches (stage);
CREATE INDEX idx_batches_archived ON batches (archived, display_order);
CREATE INDEX idx_batches_metrc_number ON batches (new_metrc_number);

-- One row per changed batch field; no foreign key so history outlives a deleted batch.
-- actor says who changed it: "session", "api_key" or "system".
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch TEXT NOT NULL,
  strain TEXT NOT NULL,
  ts TEXT NOT NULL,
  field TEXT NOT NULL,
  old TEXT,
  new TEXT,
  actor TEXT NOT NULL DEFAULT 'system'
);
CREATE INDEX idx_audit_batch ON audit_log (batch);
CREATE INDEX idx_audit_timestamp ON audit_log (ts);
CREATE INDEX idx_audit_field_ts ON audit_log (field, ts);

-- Changes outside batch fields (settings, holds, key regeneration, password and recovery events),
-- gaps G-AUDIT-1. actor: "session", "api_key" or "system".
CREATE TABLE event_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts TEXT NOT NULL,
  actor TEXT NOT NULL DEFAULT 'system',
  action TEXT NOT NULL,
  target TEXT,
  details TEXT
);
CREATE INDEX idx_event_log_ts ON event_log (ts);
CREATE INDEX idx_event_log_action ON event_log (action, ts);
