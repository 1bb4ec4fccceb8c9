-- Issue 18: named users with roles, trusted floor devices with PIN sign-in, scoped API keys.
-- The original admin password stays in settings; the user 'admin' stands for it (its sessions
-- carry no user_id). Users are deactivated, never deleted, so history keeps their names.
CREATE TABLE users (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  initials TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'lead', 'floor', 'viewer')),
  password_hash TEXT,
  pin_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO users (id, name, initials, role, created_at, updated_at)
VALUES ('admin', 'Admin', 'AD', 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- A tablet an admin approved once; the clear token lives only in its HttpOnly cookie.
CREATE TABLE devices (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  approved_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT
);

-- Wrong PINs per operator per device (epoch milliseconds), for the 5-strike lockout.
CREATE TABLE pin_lockouts (
  device_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (device_id, user_id)
);

-- Named keys with abilities (JSON array). The original single key stays in api_keys with every ability.
CREATE TABLE scoped_api_keys (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  key_hash TEXT NOT NULL UNIQUE,
  masked TEXT NOT NULL,
  abilities TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT,
  last_used_ip TEXT
);

-- NULL user_id: the original admin password's session.
ALTER TABLE sessions ADD COLUMN user_id TEXT;
ALTER TABLE sessions ADD COLUMN device_id TEXT;
