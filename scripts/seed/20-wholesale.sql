-- Demo wholesale holds on the demo packages of the core seed, and Pushover notifications switched on
-- with placeholder keys: under `npm start` they go to the local fake Pushover (PUSHOVER_API_URL).
INSERT OR IGNORE INTO wholesale_holds (id, metrc_number, sku_name, sku_key, grams_per_unit, quantity, created_date, notes)
VALUES
  ('hold-demo-0001', '1A406030000B1E2000014149', '0.5g Singles', 'singles_0_5g', 0.5, 50, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours'), 'Wholesale order #456 – Green Leaf Dispensary'),
  ('hold-demo-0002', '1A4060300000DEMO00000010', '1.0g Singles', 'singles_1g', 1.0, 30, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hours'), 'Sample pack for Harbor Collective');

INSERT OR IGNORE INTO event_log (ts, actor, action, target, details)
VALUES
  (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-2 hours'), 'system', 'hold_created', 'hold-demo-0001', '{"metrc_number":"1A406030000B1E2000014149","sku":"singles_0_5g","quantity":50,"source":"seed"}'),
  (strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-1 hours'), 'system', 'hold_created', 'hold-demo-0002', '{"metrc_number":"1A4060300000DEMO00000010","sku":"singles_1g","quantity":30,"source":"seed"}');

INSERT OR IGNORE INTO settings (key, value, updated_at)
VALUES ('pushover', '{"enabled":true,"user_key":"uDemoUserKey0000000000000000key","app_token":"aDemoAppToken000000000000000000","warning_grams":500,"critical_grams":50,"cooldown_hours":24}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
