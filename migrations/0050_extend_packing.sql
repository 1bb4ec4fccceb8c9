-- Packing lines keep what the product parser read (rules §18.2) and where their METRC package came
-- from (gaps G-PACK-1: the Apex line's label, a FIFO suggestion by strain, or a packer's override,
-- which a later sync must never overwrite). Orders completed here carry a completion marker so that
-- their lines are not re-imported and a second completion moves no grams.
ALTER TABLE packing_items ADD COLUMN strain TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN strain_key TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN sku_key TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN grams_per_unit REAL NOT NULL DEFAULT 0 CHECK (grams_per_unit >= 0);
ALTER TABLE packing_items ADD COLUMN compact_display_name TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN buyer_company TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN metrc_source TEXT NOT NULL DEFAULT '' CHECK (metrc_source IN ('', 'apex', 'fifo', 'manual'));
CREATE INDEX idx_packing_items_batch_name ON packing_items (batch_name);
CREATE INDEX idx_packing_items_strain ON packing_items (strain_key);

ALTER TABLE apex_orders ADD COLUMN order_status_id INTEGER;
ALTER TABLE apex_orders ADD COLUMN deal_flow_id INTEGER;
ALTER TABLE apex_orders ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1));
-- 1 when the order's status is in the excluded statuses (Complete, Cancelled, Delivered by default):
-- its lines leave the active view and reserve no grams.
ALTER TABLE apex_orders ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1));
ALTER TABLE apex_orders ADD COLUMN completed_at TEXT;
ALTER TABLE apex_orders ADD COLUMN completion_id TEXT;
CREATE INDEX idx_apex_orders_updated ON apex_orders (apex_updated_at);

ALTER TABLE packing_items_archive ADD COLUMN strain TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items_archive ADD COLUMN grams_per_unit REAL NOT NULL DEFAULT 0;
ALTER TABLE packing_items_archive ADD COLUMN grams_fulfilled REAL NOT NULL DEFAULT 0;
