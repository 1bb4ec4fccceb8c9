-- Row version for batch edits that read before they write (PUT, plan, centrifuge): every batch write
-- bumps it, and a read-then-write only applies while the version it read is still current.
ALTER TABLE batches ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
