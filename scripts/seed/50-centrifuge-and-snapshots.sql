-- Demo data for the centrifuge and snapshot pages. Four archived Sour Diesel batches with centrifuge settings and weight-check
-- yields, so the learning pass (cron every 5 minutes) has history to learn from and the trends page
-- a timeline; and one store snapshot built from two stores, as an upload of
-- test/fixtures/snapshots/store-a.csv and store-b.csv would make it.
INSERT OR IGNORE INTO batches (id, strain, input_grams, target_grams_each, stage, archived, grind_size, counts_0_5, counts_1_0,
  centrifuge_rpm, centrifuge_time_seconds, centrifuge_cycles, centrifuge_fill_gauge_cycle1, centrifuge_fill_gauge_cycle2, centrifuge_machine,
  running_yield_0_5, running_yield_1_0, last_weight_check_count_0_5, last_weight_check_count_1_0, cached_production_rate,
  production_start_time, production_end_time)
VALUES
  ('demo-sd-1', 'Sour Diesel', 1000, 0.5, 7, 1, 'medium', 800, 300, 2000, 15, 2, 8, 6, 'silver_bullet', 92.5, 93.0, 800, 300, 96,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-60 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-59 days')),
  ('demo-sd-2', 'Sour Diesel', 1000, 0.5, 7, 1, 'medium', 780, 310, 2100, 15, 2, 8, 6, 'silver_bullet', 94.0, 94.5, 780, 310, 104,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-45 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-44 days')),
  ('demo-sd-3', 'Sour Diesel', 1000, 0.5, 7, 1, 'fine', 820, 290, 2200, 16, 2, 7, 6, 'silver_bullet', 96.5, 95.5, 820, 290, 112,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-29 days')),
  ('demo-sd-4', 'Sour Diesel', 1000, 0.5, 7, 1, 'fine', 810, 305, 2250, 16, 2, 7, 5, 'silver_bullet', 97.0, 96.0, 810, 305, 118,
    strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-15 days'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-14 days'));

INSERT OR IGNORE INTO snapshots (timestamp, files_processed, strain_count, store_count, stores, created_at)
VALUES ('2026-02-28T10:00:00.000Z', '["store-a.csv","store-b.csv"]', 4, 2, '["Store A","store-b"]', '2026-02-28T10:00:00.000Z');

INSERT INTO snapshot_rows (snapshot_ts, store, strain, total_inventory, avg_sold_per_day, days_until_stockout, urgency, priority_score)
SELECT * FROM (VALUES
  ('2026-02-28T10:00:00.000Z', 'Store A', 'Blue Dream', 300, 7.5, 40, 'low', 19),
  ('2026-02-28T10:00:00.000Z', 'Store A', 'Gelato, Reserve', 100, 1, 100, 'low', 1),
  ('2026-02-28T10:00:00.000Z', 'Store A', 'OG Kush', 40, 3, 13.3, 'high', 23),
  ('2026-02-28T10:00:00.000Z', 'store-b', 'Blue Dream', 150, 5, 30, 'low', 17),
  ('2026-02-28T10:00:00.000Z', 'store-b', 'OG Kush', 20, 1, 20, 'medium', 5),
  ('2026-02-28T10:00:00.000Z', 'store-b', 'Wedding Cake', 500, 0, NULL, 'low', 0),
  ('2026-02-28T10:00:00.000Z', '', 'Blue Dream', 450, 12.5, 36, 'low', 35),
  ('2026-02-28T10:00:00.000Z', '', 'Gelato, Reserve', 100, 1, 100, 'low', 1),
  ('2026-02-28T10:00:00.000Z', '', 'OG Kush', 60, 4, 15, 'medium', 27),
  ('2026-02-28T10:00:00.000Z', '', 'Wedding Cake', 500, 0, NULL, 'low', 0))
WHERE NOT EXISTS (SELECT 1 FROM snapshot_rows WHERE snapshot_ts = '2026-02-28T10:00:00.000Z');
