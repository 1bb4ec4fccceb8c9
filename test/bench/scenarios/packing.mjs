// The packing list with 1,000 open lines (200 orders of 5 lines at 20 stores).
// (a) GET /api/packing/items?view=by_store read again and again with no change between: the copy
//     keyed by the packing and finished-goods versions, in full (200) and as 304 to If-None-Match,
//     against hello-world, in the same rounds, so both throughputs and latencies print together;
// (b) the same list right after a change (no copy for it yet: D1 read, needs_production computed,
//     grouped and encoded; forced with a new query string per request, which takes the same path)
//     against the raw D1 read of the same 1,000 joined rows.
import { headerLua, measureInterleaved } from "../interleaved.mjs";

const ORDERS = 200;
const LINES_PER_ORDER = 5;
const FIRST_ORDER = 880_000;
const PATH = "/api/packing/items?view=by_store&filter=active";
const STRAINS = ["Blue Dream", "OG Kush", "Gelato", "Wedding Cake", "Runtz", "Sour Diesel", "Zkittlez", "Jack Herer"];
const SIZES = [
  ["0.5g Pre-Roll", "singles_0_5g", 0.5],
  ["1g Pre-Roll", "singles_1g", 1],
  ["0.5g Pre-Roll 6-Pack", "six_pack_0_5g", 3],
];
// The list's own query (data/packing.ts LINE_SELECT, open lines, oldest first), read raw.
const READ_FLOOR_SQL = `SELECT p.*, a.display_name AS store_alias, o.order_status AS order_status, o.excluded AS order_excluded
  FROM packing_items p LEFT JOIN apex_orders o ON o.id = p.order_id
  LEFT JOIN store_aliases a ON a.buyer_company = p.buyer_company AND p.buyer_company <> ''
  WHERE o.completed_at IS NULL ORDER BY p.order_date, p.id`;

const q = (s) => `'${String(s).replaceAll("'", "''")}'`;

function orderSql(n) {
  const id = FIRST_ORDER + n;
  // Dated days back, so no order is NEW and the copy's newness never runs out mid-run.
  const date = new Date(Date.UTC(2026, 0, 1 + (n % 60), 9, n % 60)).toISOString();
  const store = `Bench Store ${String(n % 20).padStart(2, "0")}`;
  const order = `INSERT OR IGNORE INTO apex_orders (id, invoice_number, order_date, order_status, buyer_company, ship_name, items_count)
    VALUES (${id}, 'BENCH-${id}', ${q(date)}, 'Submitted', ${q(store)}, ${q(store)}, ${LINES_PER_ORDER})`;
  const lines = Array.from({ length: LINES_PER_ORDER }, (_, k) => {
    const strain = STRAINS[(n + k) % STRAINS.length];
    const [size, sku, grams] = SIZES[(n * 3 + k) % SIZES.length];
    const product = `MoM - ${strain} ${size}`;
    const ordered = 6 + ((n + k) % 10) * 6;
    const packed = (n + k) % 4 === 0 ? ordered : 0;
    return `INSERT OR IGNORE INTO packing_items (id, order_id, product_name, store_name, ordered, packed, order_date, invoice_number,
      strain, strain_key, sku_key, grams_per_unit, compact_display_name, buyer_company, notes)
      VALUES (${id * 10 + k}, ${id}, ${q(product)}, ${q(store)}, ${ordered}, ${packed}, ${q(date)}, 'BENCH-${id}',
      ${q(strain)}, ${q(strain.toLowerCase())}, '${sku}', ${grams}, ${q(`${strain} ${size}`)}, ${q(store)}, 'bench line')`;
  });
  return [order, ...lines];
}

export async function run({ db, base, apiKey }) {
  const seed = Array.from({ length: ORDERS }, (_, n) => orderSql(n)).flat();
  for (let i = 0; i < seed.length; i += 100) await db.batch(seed.slice(i, i + 100).map((s) => db.prepare(s)));
  const auth = { "X-API-Key": apiKey };
  const first = await fetch(`${base}${PATH}`, { headers: auth });
  const etag = first.headers.get("ETag");
  const body = await first.text();
  const lines = JSON.parse(body).count;
  if (first.status !== 200 || !etag || lines < ORDERS * LINES_PER_ORDER)
    throw new Error(`packing list not ready: ${first.status}, ETag ${etag}, ${lines} lines`);
  const check = await fetch(`${base}${PATH}`, { headers: { ...auth, "If-None-Match": etag } });
  if (check.status !== 304) throw new Error(`If-None-Match answered ${check.status}, not 304`);

  const hello = { url: `${base}/__floor/hello`, lua: "" };
  const readFloor = { url: `${base}/__floor/read?q=${encodeURIComponent(READ_FLOOR_SQL)}`, lua: "" };
  const afterChange = `${headerLua(auth)}
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "${PATH}&v=" .. n)
end`;
  const scenarios = [
    {
      // No target: each answer copies the whole list (~850 KB for 1,000 lines) out of workerd.
      name: `GET ${PATH}, ${lines} lines, copy (200)`,
      url: `${base}${PATH}`,
      lua: headerLua(auth),
      floor: hello,
      floorName: "hello",
      target: null,
    },
    {
      name: `GET ${PATH}, ${lines} lines, If-None-Match (304)`,
      url: `${base}${PATH}`,
      lua: headerLua({ ...auth, "If-None-Match": etag }),
      floor: hello,
      floorName: "hello",
      target: 0.5,
    },
    {
      name: `GET ${PATH}, ${lines} lines, after a change (D1)`,
      url: base,
      lua: afterChange,
      floor: readFloor,
      floorName: "read",
      target: 0.5,
    },
  ];
  return measureInterleaved(scenarios, hello, { open_lines: lines, list_bytes: body.length });
}
