-- Finished goods by METRC package (data-model §1.3), their history (§1.4), wholesale holds (§1.8)
-- and the SKU catalogue (§1.14).
CREATE TABLE finished_goods (
  metrc_number TEXT PRIMARY KEY NOT NULL CHECK (length(metrc_number) BETWEEN 1 AND 64),
  strain TEXT NOT NULL,
  initial_grams REAL NOT NULL CHECK (initial_grams >= 0),
  current_grams REAL NOT NULL CHECK (current_grams >= 0),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'depleted', 'archived', 'orphaned')),
  created_date TEXT,
  updated_date TEXT,
  notes TEXT,
  source_batch_id TEXT REFERENCES batches (id) ON DELETE SET NULL,
  grams_ordered REAL NOT NULL DEFAULT 0 CHECK (grams_ordered >= 0),
  grams_packed REAL NOT NULL DEFAULT 0 CHECK (grams_packed >= 0),
  grams_packed_lifetime REAL NOT NULL DEFAULT 0 CHECK (grams_packed_lifetime >= 0),
  grams_fulfilled REAL NOT NULL DEFAULT 0 CHECK (grams_fulfilled >= 0),
  sku_breakdown TEXT,
  apex_auto_inventory INTEGER NOT NULL DEFAULT 0 CHECK (apex_auto_inventory IN (0, 1)),
  apex_units TEXT,
  apex_sku_settings TEXT,
  processed_decrements TEXT,
  custom_skus TEXT,
  physical_grams_override REAL CHECK (physical_grams_override IS NULL OR physical_grams_override >= 0)
);
CREATE INDEX idx_finished_goods_status ON finished_goods (status);
CREATE INDEX idx_finished_goods_strain ON finished_goods (strain);
CREATE INDEX idx_finished_goods_source ON finished_goods (source_batch_id);

-- One row per change to a package; no foreign key so history outlives a deleted package.
CREATE TABLE finished_goods_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  metrc_number TEXT NOT NULL,
  timestamp TEXT NOT NULL,
  change_type TEXT NOT NULL,
  current_grams REAL NOT NULL,
  grams_ordered REAL NOT NULL DEFAULT 0,
  grams_packed REAL NOT NULL DEFAULT 0,
  grams_fulfilled REAL NOT NULL DEFAULT 0,
  status TEXT,
  details TEXT
);
CREATE INDEX idx_history_metrc ON finished_goods_history (metrc_number, timestamp);
CREATE INDEX idx_history_timestamp ON finished_goods_history (timestamp);

CREATE TABLE wholesale_holds (
  id TEXT PRIMARY KEY NOT NULL,
  metrc_number TEXT NOT NULL REFERENCES finished_goods (metrc_number) ON DELETE CASCADE,
  sku_name TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  created_date TEXT NOT NULL,
  notes TEXT
);
CREATE INDEX idx_wholesale_holds_metrc ON wholesale_holds (metrc_number);
CREATE INDEX idx_wholesale_holds_sku ON wholesale_holds (sku_name);

-- Canonical SKU keys with their display names (gaps G-SKU-1); packages may add custom SKUs.
CREATE TABLE sku_catalogue (
  sku_key TEXT PRIMARY KEY NOT NULL,
  display_name TEXT NOT NULL UNIQUE,
  unit_size_grams REAL NOT NULL CHECK (unit_size_grams > 0),
  pack_size INTEGER NOT NULL CHECK (pack_size > 0),
  grams_per_unit REAL NOT NULL CHECK (grams_per_unit > 0),
  aliases TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sku_catalogue (sku_key, display_name, unit_size_grams, pack_size, grams_per_unit, aliases, sort_order) VALUES
  ('singles_0_5g', '0.5g Singles', 0.5, 1, 0.5, '["0.5g","0_5"]', 1),
  ('singles_1g', '1.0g Singles', 1.0, 1, 1.0, '["singles_1_0g","1.0g","1g","1_0"]', 2),
  ('magnetic_box_6pk', '0.5g 6-Pack (Magnetic Box)', 0.5, 6, 3.0, '["box_0_5g_6pk","6pack","6-Pack Magnetic Box"]', 3),
  ('magnetic_box_12pk', '0.5g 12-Pack (Magnetic Box)', 0.5, 12, 6.0, '["box_0_5g_12pk","12pack","12-Pack Magnetic Box"]', 4);
