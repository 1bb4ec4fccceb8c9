-- Answers of writes sent with an Idempotency-Key: a retried request (a lost reply, an offline
-- outbox replaying) gets the stored answer instead of applying twice. The row is written in the
-- same D1 batch as the change it answers, so a key exists exactly when its change committed.
-- `fingerprint` is the SHA-256 of method, path and body: the same key with another request is refused.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at);
