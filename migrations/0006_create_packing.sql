-- Packing side (data-model §2): Apex orders and their lines, the packing list, its archive,
-- store aliases, the strain → Apex batch mapping and sync state.
CREATE TABLE apex_orders (
  id INTEGER PRIMARY KEY NOT NULL,
  uuid TEXT NOT NULL DEFAULT '',
  invoice_number TEXT NOT NULL DEFAULT '',
  total TEXT NOT NULL DEFAULT '',
  order_date TEXT NOT NULL DEFAULT '',
  order_status TEXT NOT NULL DEFAULT '',
  buyer_company TEXT NOT NULL DEFAULT '',
  buyer_company_id INTEGER,
  seller_company TEXT NOT NULL DEFAULT '',
  ship_name TEXT NOT NULL DEFAULT '',
  ship_address TEXT NOT NULL DEFAULT '',
  ship_city TEXT NOT NULL DEFAULT '',
  ship_state TEXT NOT NULL DEFAULT '',
  payment_status TEXT NOT NULL DEFAULT '',
  items_count INTEGER NOT NULL DEFAULT 0,
  printed INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1)),
  print_timestamp TEXT,
  is_third_party INTEGER NOT NULL DEFAULT 0 CHECK (is_third_party IN (0, 1)),
  apex_updated_at TEXT,
  cached_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_apex_orders_status ON apex_orders (order_status);
CREATE INDEX idx_apex_orders_date ON apex_orders (order_date);
CREATE INDEX idx_apex_orders_buyer ON apex_orders (buyer_company);

CREATE TABLE apex_order_items (
  order_id INTEGER NOT NULL REFERENCES apex_orders (id) ON DELETE CASCADE,
  line_id INTEGER NOT NULL,
  product_id INTEGER,
  product_name TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity >= 0),
  batch_name TEXT NOT NULL DEFAULT '',
  apex_batch_id INTEGER,
  unit_price REAL,
  PRIMARY KEY (order_id, line_id)
);

CREATE TABLE order_status_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL REFERENCES apex_orders (id) ON DELETE CASCADE,
  old_status TEXT,
  new_status TEXT NOT NULL,
  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  changed_by TEXT NOT NULL DEFAULT 'system'
);
CREATE INDEX idx_order_status_history_order ON order_status_history (order_id);

CREATE TABLE packing_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL,
  product_name TEXT NOT NULL,
  store_name TEXT NOT NULL,
  ordered INTEGER NOT NULL CHECK (ordered >= 0),
  packed INTEGER NOT NULL DEFAULT 0 CHECK (packed >= 0),
  initials TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  order_date TEXT NOT NULL,
  invoice_number TEXT NOT NULL DEFAULT '',
  batch_name TEXT NOT NULL DEFAULT '',
  is_new INTEGER NOT NULL DEFAULT 0 CHECK (is_new IN (0, 1)),
  synced_packed INTEGER NOT NULL DEFAULT 0,
  synced_ordered INTEGER NOT NULL DEFAULT 0,
  delivery_date TEXT NOT NULL DEFAULT '',
  delivery_notes TEXT NOT NULL DEFAULT '',
  internal_notes TEXT NOT NULL DEFAULT '',
  apex_decremented INTEGER NOT NULL DEFAULT 0 CHECK (apex_decremented IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 0,
  last_updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (order_id, product_name)
);
CREATE INDEX idx_packing_items_order ON packing_items (order_id);
CREATE INDEX idx_packing_items_store ON packing_items (store_name);
CREATE INDEX idx_packing_items_product ON packing_items (product_name);
CREATE INDEX idx_packing_items_updated ON packing_items (last_updated);

CREATE TABLE packing_items_archive (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL,
  product_name TEXT NOT NULL,
  store_name TEXT NOT NULL,
  ordered INTEGER NOT NULL,
  packed INTEGER NOT NULL DEFAULT 0,
  initials TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  order_date TEXT NOT NULL,
  invoice_number TEXT NOT NULL DEFAULT '',
  batch_name TEXT NOT NULL DEFAULT '',
  compact_display_name TEXT NOT NULL DEFAULT '',
  delivery_date TEXT NOT NULL DEFAULT '',
  delivery_notes TEXT NOT NULL DEFAULT '',
  internal_notes TEXT NOT NULL DEFAULT '',
  archived_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  completion_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_packing_archive_order ON packing_items_archive (order_id);
CREATE INDEX idx_packing_archive_completed ON packing_items_archive (completion_date);

-- Single-row packing-list state.
CREATE TABLE packing_metadata (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_refresh_time TEXT NOT NULL,
  filter_type TEXT NOT NULL DEFAULT 'active' CHECK (filter_type IN ('active', 'date_range')),
  date_range_start TEXT,
  date_range_end TEXT,
  total_items INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE store_aliases (
  buyer_company TEXT PRIMARY KEY NOT NULL,
  display_name TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE apex_batch_map (
  apex_batch_id INTEGER PRIMARY KEY NOT NULL,
  product_id INTEGER,
  product_name TEXT NOT NULL,
  strain_normalized TEXT NOT NULL,
  sku_key TEXT,
  grams_per_unit REAL,
  pack_count INTEGER,
  metrc_number TEXT,
  last_quantity_sent INTEGER,
  last_sent_at TEXT,
  refreshed_at TEXT NOT NULL
);
CREATE INDEX idx_apex_batch_map_strain ON apex_batch_map (strain_normalized);

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
