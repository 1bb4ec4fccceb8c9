-- Issue 16 item 5. The global failed sign-in count and the pause it has earned (one row, scope
-- 'global'; epoch milliseconds), and the live tickets already used (a ticket opens one socket).
CREATE TABLE login_throttle (
  scope TEXT PRIMARY KEY NOT NULL,
  window_start INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  paused_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE used_live_tickets (
  jti TEXT PRIMARY KEY NOT NULL,
  expires_at INTEGER NOT NULL
);
