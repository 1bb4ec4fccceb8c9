-- How far a running backup has got (JSON: phase, tables done of total, rows, bytes), so the admin
-- page and GET /api/backups/{id} can show a long manual backup moving.
ALTER TABLE backups ADD COLUMN progress TEXT;
