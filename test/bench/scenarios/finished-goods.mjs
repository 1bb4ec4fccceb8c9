// Finished goods with 500 packages.
// (a) GET /api/finished-goods/ read again and again with no change between: the copy keyed by the
//     finished-goods clock, answered in full and as 304 to If-None-Match — against hello-world;
// (b) the same list right after a change (no copy for it yet, so D1 is read and the page rebuilt;
//     forced with a new query string per request, which takes the same path) — against the raw D1
//     read of the same rows;
// (c) POST /api/finished-goods/{metrc}/deduct (guarded UPDATE + history row in one batch, clock
//     stamp, background low-stock check) — against the single-row atomic UPDATE.
import { headerLua, measureInterleaved } from "../interleaved.mjs";

const PACKAGES = 500;
const DEDUCT_METRC = "1A4060300000BENCH0000000";
const READ_FLOOR_SQL = "SELECT * FROM finished_goods WHERE status IN ('active', 'depleted') ORDER BY strain, created_date, metrc_number";
const STRAINS = [
  "Blue Dream",
  "OG Kush",
  "Gelato",
  "Wedding Cake",
  "Runtz",
  "Sour Diesel",
  "Gorilla Glue",
  "Zkittlez",
  "Jack Herer",
  "Northern Lights",
];

function packageSql(i) {
  const metrc = `1A4060300000BNCH${String(i).padStart(8, "0")}`;
  const initial = 500 + (i % 9) * 100;
  const current = initial - (i % 7) * 20;
  const ordered = (i % 5) * 10;
  const packed = (i % 3) * 5;
  const settings = i % 10 === 0 ? `'{"magnetic_box_12pk":{"excluded":true}}'` : "NULL";
  return `INSERT OR IGNORE INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date, notes,
    grams_ordered, grams_packed, grams_packed_lifetime, grams_fulfilled, apex_auto_inventory, apex_sku_settings)
    VALUES ('${metrc}', '${STRAINS[i % STRAINS.length]}', ${initial}, ${current}, 'active', '2026-02-${String(1 + (i % 27)).padStart(2, "0")}T10:00:00.000Z',
    '2026-02-28T14:30:00.000Z', 'Bench package ${i}', ${ordered}, ${packed}, ${packed}, 0, ${i % 2}, ${settings})`;
}

function holdSql(i) {
  return `INSERT OR IGNORE INTO wholesale_holds (id, metrc_number, sku_name, sku_key, grams_per_unit, quantity, created_date, notes)
    VALUES ('hold-bench-${i}', '1A4060300000BNCH${String(i).padStart(8, "0")}', '0.5g Singles', 'singles_0_5g', 0.5, 20, '2026-02-28T10:00:00.000Z', 'Bench hold')`;
}

export async function run({ db, base, apiKey }) {
  const existing = await db.prepare("SELECT count(*) AS n FROM finished_goods WHERE status IN ('active', 'depleted')").first("n");
  const extra = Math.max(0, PACKAGES - existing - 1);
  const seed = [
    ...Array.from({ length: extra }, (_, i) => packageSql(i + 1)),
    ...Array.from({ length: 40 }, (_, i) => holdSql((i + 1) * 7)),
    `INSERT OR IGNORE INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date)
      VALUES ('${DEDUCT_METRC}', 'Bench Deduct', 5000000, 5000000, 'active', '2026-02-01T10:00:00.000Z', '2026-02-01T10:00:00.000Z')`,
  ];
  for (let i = 0; i < seed.length; i += 100) await db.batch(seed.slice(i, i + 100).map((s) => db.prepare(s)));
  const live = await db.prepare("SELECT count(*) AS n FROM finished_goods WHERE status IN ('active', 'depleted')").first("n");
  const auth = { "X-API-Key": apiKey };
  // One write through the app moves the finished-goods clock, so the list is served from its copy.
  await fetch(`${base}/api/finished-goods/${DEDUCT_METRC}/deduct`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: '{"grams":1}',
  });
  const first = await fetch(`${base}/api/finished-goods/`, { headers: auth });
  const etag = first.headers.get("ETag");
  const body = await first.text();
  const rows = JSON.parse(body).packages.length;

  const hello = { url: `${base}/__floor/hello`, lua: "" };
  const readFloor = { url: `${base}/__floor/read?q=${encodeURIComponent(READ_FLOOR_SQL)}`, lua: "" };
  const writeFloor = { url: `${base}/__floor/write`, lua: 'wrk.method = "POST"' };
  const afterChange = `${headerLua(auth)}
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/api/finished-goods/?v=" .. n)
end`;
  const deduct = `wrk.method = "POST"\nwrk.body = '{"grams":0.001}'\n${headerLua({ ...auth, "Content-Type": "application/json" })}`;
  const scenarios = [
    // Reference, no target: what every keyed request pays before the handler (API-key lookup in D1 and
    // the clock read from the hub). The copy cannot be faster than this.
    {
      name: "GET /api/finished-goods/last-updated (key lookup + clock only)",
      url: `${base}/api/finished-goods/last-updated`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: null,
    },
    {
      name: `GET /api/finished-goods/, ${rows} packages, copy (200)`,
      url: `${base}/api/finished-goods/`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET /api/finished-goods/, ${rows} packages, If-None-Match (304)`,
      url: `${base}/api/finished-goods/`,
      lua: headerLua({ ...auth, "If-None-Match": etag }),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET /api/finished-goods/, ${rows} packages, after a change (D1)`,
      url: base,
      lua: afterChange,
      floor: readFloor,
      floorName: "read",
      target: 0.7,
    },
    {
      name: "POST /api/finished-goods/{metrc}/deduct",
      url: `${base}/api/finished-goods/${DEDUCT_METRC}/deduct`,
      lua: deduct,
      floor: writeFloor,
      floorName: "write",
      target: 0.5,
    },
  ];
  return measureInterleaved(scenarios, hello, { live_packages: live, list_bytes: body.length });
}
