// Batch endpoints with 200 active batches (the demo seed's 12 plus 188 more).
// (a) GET /api/data read again and again (the dashboards' steady state): the copy keyed by the batch
//     clock, answered in full and as 304 to If-None-Match — against hello-world;
// (b) GET /api/data after a write (the copy is gone, so D1 is read; forced with Cache-Control: no-cache,
//     which takes the same path) — against the raw D1 read of the same rows;
// (c) POST /api/batch/{id}/counts with a rising count on every request (audit row, paper consumption,
//     rate snapshot, clock stamp) — against the single-row atomic UPDATE;
// (d) POST /api/batch/{id}/count-deltas +1 with a fresh Idempotency-Key per request (the plan page's
//     tap: key claimed and answer stored in the same D1 batch) — against the same UPDATE; afterwards the
//     count must have risen by exactly the number of applied keys (no lost or doubled update).
import { headerLua, keyedDeltaLua, measureInterleaved } from "../interleaved.mjs";

const EXTRA_BATCHES = 188;
const READ_FLOOR_SQL = "SELECT * FROM batches WHERE archived = 0 ORDER BY display_order";

function seedSql(i) {
  const id = `bench-batch-${String(i).padStart(3, "0")}`;
  const stage = i % 8;
  const counts = stage >= 2 ? [100 + i, 50 + i, 80 + i] : [0, 0, 0];
  return `INSERT OR IGNORE INTO batches (id, strain, input_grams, target_grams_each, grams_ground, stage, display_order,
    counts_0_5, counts_0_7, counts_1_0, _last_inventory_consumed_0_5, _last_inventory_consumed_0_7, _last_inventory_consumed_1_0,
    planned_0_5, planned_0_7, planned_1_0, harvest_date, bay_number, grind_size, thc_percent, centrifuge_rpm, centrifuge_time_seconds,
    centrifuge_cycles, centrifuge_fill_gauge_cycle1, centrifuge_fill_gauge_cycle2, centrifuge_machine, testing_status, cached_production_rate,
    production_sessions, stage_entered_at)
    VALUES ('${id}', 'Bench Strain ${i % 17}', 1000, 0.5, ${stage >= 1 ? 1000 : 300}, ${stage}, ${100 + i},
    ${counts[0]}, ${counts[1]}, ${counts[2]}, ${counts[0]}, ${counts[1]}, ${counts[2]}, 800, 428, 300, '2026-01-15', 'Bay ${1 + (i % 4)}', 'medium',
    ${18 + (i % 7)}, 2100, 15, 2, 8, 6, 'silver_bullet', '${stage >= 4 ? "sample_sent" : "none"}', ${stage >= 2 ? 40 + (i % 20) : "NULL"},
    '[{"start":"2026-01-20T08:00:00.000Z","end":"2026-01-20T12:00:00.000Z"}]', '2026-01-21T08:00:00.000Z')`;
}

export async function run({ db, base, apiKey }) {
  await db.batch(Array.from({ length: EXTRA_BATCHES }, (_, i) => db.prepare(seedSql(i + 1))));
  const active = await db.prepare("SELECT count(*) AS n FROM batches WHERE archived = 0").first("n");
  await db.prepare("UPDATE inventory SET boxes = 100000").run();
  const auth = { "X-API-Key": apiKey };
  const first = await fetch(`${base}/api/data`, { headers: auth });
  const etag = first.headers.get("ETag");
  const rows = (await first.json()).length;

  const hello = { url: `${base}/__floor/hello`, lua: "" };
  const readFloor = { url: `${base}/__floor/read?q=${encodeURIComponent(READ_FLOOR_SQL)}`, lua: "" };
  const writeFloor = { url: `${base}/__floor/write`, lua: 'wrk.method = "POST"' };
  const counts = `wrk.method = "POST"\n${headerLua({ ...auth, "Content-Type": "application/json" })}
n = 100000
request = function()
  n = n + 1
  return wrk.format(nil, "/api/batch/demo-batch-03/counts", nil, '{"counts_0_5":' .. n .. '}')
end`;
  const deltas = keyedDeltaLua(auth, "bench");
  const scenarios = [
    {
      name: `GET /api/data, ${rows} batches, copy (200)`,
      url: `${base}/api/data`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET /api/data, ${rows} batches, If-None-Match (304)`,
      url: `${base}/api/data`,
      lua: headerLua({ ...auth, "If-None-Match": etag }),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET /api/data, ${rows} batches, after a write (D1)`,
      url: `${base}/api/data`,
      lua: headerLua({ ...auth, "Cache-Control": "no-cache" }),
      floor: readFloor,
      floorName: "read",
      target: 0.7,
    },
    // Reference, no target: the least any API-key request keyed by the batch clock costs (key check + clock).
    {
      name: "GET /api/batches/last-updated (key + clock only)",
      url: `${base}/api/batches/last-updated`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: null,
    },
    { name: "POST /api/batch/{id}/counts, rising", url: base, lua: counts, floor: writeFloor, floorName: "write", target: 0.5 },
    { name: "POST /api/batch/{id}/count-deltas +1, keyed", url: base, lua: deltas, floor: writeFloor, floorName: "write", target: 0.5 },
  ];
  const countBefore = await db.prepare("SELECT counts_0_5 AS n FROM batches WHERE id = 'demo-batch-04'").first("n");
  const keysBefore = await db.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE status = 200").first("n");
  const rowsOut = measureInterleaved(scenarios, hello, { active_batches: active });
  const countAfter = await db.prepare("SELECT counts_0_5 AS n FROM batches WHERE id = 'demo-batch-04'").first("n");
  const keysAfter = await db.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE status = 200").first("n");
  const applied = keysAfter - keysBefore;
  const rose = countAfter - countBefore;
  rowsOut.push({
    name: "count-deltas exactness",
    applied_keys: applied,
    count_rise: rose,
    lost_or_doubled: rose - applied,
    met: rose === applied,
  });
  return rowsOut;
}
