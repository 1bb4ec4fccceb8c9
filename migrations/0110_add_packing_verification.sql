-- Scan-verify (issue 14): who verified a packing line, when, and which METRC tag they scanned.
-- Kept on the line and carried into the archive so history and exports can show it.
ALTER TABLE packing_items ADD COLUMN verified_tag TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items ADD COLUMN verified_at TEXT;

ALTER TABLE packing_items_archive ADD COLUMN verified_tag TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items_archive ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';
ALTER TABLE packing_items_archive ADD COLUMN verified_at TEXT;
