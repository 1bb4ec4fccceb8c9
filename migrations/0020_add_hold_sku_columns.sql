-- Holds keep the canonical SKU key and the grams one unit weighs at the time of the hold, so the
-- grams a hold takes out of a package (rules §13) are one SQL sum, even for custom SKUs.
-- Rows imported without them fall back to the catalogue by display name.
ALTER TABLE wholesale_holds ADD COLUMN sku_key TEXT;
ALTER TABLE wholesale_holds ADD COLUMN grams_per_unit REAL CHECK (grams_per_unit IS NULL OR grams_per_unit > 0);
CREATE INDEX idx_wholesale_holds_metrc_sku ON wholesale_holds (metrc_number, sku_key);
