// Builders for the fake Apex Trading server's records, shaped like spec/apex-trading.md §1
// (ShippingOrder, ShippingOrderItem, ProductBatch), plus the demo data `npm start` serves.

/** Apex (Laravel) prints timestamps with microseconds: 2026-02-01T10:00:00.000000Z. */
export function apexTime(ms) {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export const DEAL_FLOWS = [
  {
    id: 1,
    name: "Wholesale",
    order_statuses: [
      { id: 1, name: "Draft | Pending" },
      { id: 7, name: "Invoice Finalized | Accepted" },
      { id: 8, name: "Order Packed | Pending Shipment" },
      { id: 9, name: "Shipped | In Transit" },
      { id: 10, name: "Delivered" },
      { id: 11, name: "Complete" },
      { id: 12, name: "Cancelled" },
    ],
  },
];

export function statusById(id) {
  for (const flow of DEAL_FLOWS) {
    const status = flow.order_statuses.find((s) => s.id === id);
    if (status) return { flow, status };
  }
  return null;
}

const UNIT = { id: "2", name: "Unit", alias: "ea", available_on_inventory_items: "1" };

/** A full ShippingOrderItem from the few fields a test cares about. */
export function makeItem(orderId, lineId, line, atMs) {
  const quantity = String(line.quantity ?? 1);
  return {
    id: lineId,
    order_id: orderId,
    operation_id: 3,
    sort_order: line.sort_order ?? 1,
    brand_id: 4,
    product_category_id: 9,
    product_type_id: 31,
    product_id: line.product_id ?? 500 + (lineId % 50),
    batch_id: line.batch_id ?? null,
    product_name: line.product_name,
    batch_name: line.batch_name ?? null,
    product_sku: line.product_sku ?? null,
    metrc_package_label: line.metrc_package_label ?? null,
    operation_license: "MP281909",
    order_quantity: quantity,
    order_unit_measurement_id: 2,
    order_unit_measurement: UNIT,
    inventory_quantity: quantity,
    unit_measurement: UNIT,
    units_per_package: line.units_per_package ?? null,
    units_per_case: null,
    gram_per_preroll: null,
    unit_size: null,
    order_price: line.order_price ?? "30.00",
    order_price_raw: line.order_price_raw ?? 3000,
    order_sample: false,
    note: null,
    created_at: apexTime(atMs),
    updated_at: apexTime(atMs),
  };
}

/** A full ShippingOrder; `lines` become items with ids `id * 10 + n`. */
export function makeOrder(spec, atMs) {
  const statusId = spec.order_status_id ?? 7;
  const found = statusById(statusId);
  const buyer = spec.buyer ?? "Green Shop";
  const created = spec.created_at_ms ?? atMs;
  const items = (spec.lines ?? []).map((line, i) => makeItem(spec.id, spec.id * 10 + i + 1, line, created));
  return {
    id: spec.id,
    uuid: `00000000-0000-4000-8000-${String(spec.id).padStart(12, "0")}`,
    invoice_number: spec.invoice_number ?? `INV-${spec.id}`,
    order_date: new Date(created).toISOString().slice(0, 10),
    created_at: apexTime(created),
    updated_at: apexTime(atMs),
    subtotal: "1200.00",
    subtotal_raw: 120000,
    total: spec.total ?? "1200.00",
    total_raw: 120000,
    cancelled: spec.cancelled ?? false,
    order_status_id: statusId,
    order_status: found
      ? {
          id: statusId,
          name: found.status.name,
          payment_percentage: 0,
          archived: false,
          position: 3,
          parent_status: { id: "2", name: "Finalized" },
        }
      : null,
    deal_flow_id: found?.flow.id ?? 1,
    operation_id: 3,
    seller_company_id: 10,
    buyer_id: spec.buyer_id ?? 55,
    buyer_company_id: spec.buyer_company_id ?? 99,
    buyer: { id: spec.buyer_id ?? 55, name: buyer, buyer_group: null },
    buyer_state_license: "MR281234",
    delivery_date: null,
    estimated_departure_date: null,
    manifest_number: null,
    shipping_method: null,
    ship_name: spec.ship_name ?? buyer,
    ship_line_one: spec.ship_line_one ?? "1 Main St",
    ship_city: spec.ship_city ?? "Portland",
    ship_state: spec.ship_state ?? "OR",
    ship_zip: "97201",
    buyer_note: null,
    payment_status: "unpaid",
    backorder: false,
    sales_reps: [{ name: "Sam Rep", phone: "555-0100", email: "sam@example.com" }],
    transporters: [],
    items,
  };
}

export function makeBatch(spec, atMs) {
  return {
    id: spec.id,
    uuid: `10000000-0000-4000-8000-${String(spec.id).padStart(12, "0")}`,
    name: spec.name ?? `B-${spec.id}`,
    product_id: spec.product_id,
    operation_id: 3,
    unlimited_quantity: false,
    quantity: spec.quantity ?? 0,
    lot_number: null,
    hold: false,
    back_order: false,
    archived: spec.archived ?? false,
    restricted: false,
    listing_price: "5.00",
    listing_price_raw: 500,
    cost_of_goods: null,
    production_date: null,
    test_date: null,
    storage_location: null,
    created_at: apexTime(atMs),
    updated_at: apexTime(atMs),
  };
}

export function makeProduct(spec, atMs) {
  return {
    id: spec.id,
    name: spec.name,
    sku: spec.sku ?? null,
    brand_id: 4,
    product_category_id: 9,
    created_at: apexTime(atMs),
    updated_at: apexTime(atMs),
  };
}

// The strains of the demo finished goods (scripts/seed/core.mjs), so demo lines map to packages.
export const DEMO_STRAINS = ["Blue Dream", "Northern Lights", "Granddaddy Purple", "Pineapple Express", "Gelato"];
/** The spec's example METRC label (apex-trading.md §1), a demo package too. */
const DEMO_LABEL = "1A406030000B1E2000014149";
export const DEMO_SKUS = ["0.5g Pre-Roll", "1g Pre-Roll", "0.5g Pre-Roll 6-Pack", "0.5g Pre-Roll 12-Pack"];
const DEMO_STORES = ["Green Shop", "Rose City Cannabis", "High Desert Dispensary", "Coastal Leaf", "Mountain Bud Co"];

/** Product names in the demo catalogue, e.g. "MoM - Blue Dream 0.5g Pre-Roll 6-Pack". */
export function demoProductName(strain, sku) {
  return `MoM - ${strain} ${sku}`;
}

/**
 * Demo catalogue (one product and one batch per strain and SKU) and a dozen open orders, some
 * placed in the last 24 hours. Deterministic so that reruns give the same data.
 */
export function seedDemo(fake, nowMs) {
  let productId = 501;
  let batchId = 7001;
  for (const strain of DEMO_STRAINS) {
    for (const sku of DEMO_SKUS) {
      fake.addProduct({ id: productId, name: demoProductName(strain, sku) });
      fake.addBatch({ id: batchId, product_id: productId, name: `${strain.slice(0, 2).toUpperCase()}-${batchId}`, quantity: 0 });
      productId += 1;
      batchId += 1;
    }
  }
  fake.addProduct({ id: 601, name: "MoM - Blue Dream 3.5g Flower" });
  const hour = 3_600_000;
  for (let n = 0; n < 12; n += 1) {
    const lines = [];
    for (let k = 0; k < 2 + (n % 3); k += 1) {
      const strain = DEMO_STRAINS[(n + k) % DEMO_STRAINS.length];
      const sku = DEMO_SKUS[(n * 2 + k) % DEMO_SKUS.length];
      lines.push({ product_name: demoProductName(strain, sku), quantity: 5 + ((n * 7 + k * 3) % 20) });
    }
    if (n % 4 === 0) lines.push({ product_name: "MoM - Blue Dream 3.5g Flower", quantity: 4 });
    if (n === 1) lines.push({ product_name: demoProductName("Blue Dream", "1g Pre-Roll"), quantity: 10, metrc_package_label: DEMO_LABEL });
    fake.addOrder({
      id: 12001 + n,
      invoice_number: `MoM-2026${String(n + 1).padStart(3, "0")}`,
      buyer: DEMO_STORES[n % DEMO_STORES.length],
      buyer_company_id: 90 + (n % DEMO_STORES.length),
      order_status_id: n === 11 ? 8 : 7,
      created_at_ms: nowMs - (n < 3 ? n * 5 * hour : (n + 1) * 24 * hour),
      lines,
    });
  }
}

/**
 * Adds `orders` orders of `linesPerOrder` pre-roll lines each (ids from `firstId`), for sync
 * tests and the benchmark.
 */
export function seedBulkOrders(fake, { orders, linesPerOrder = 5, firstId = 100_000 }) {
  for (let n = 0; n < orders; n += 1) {
    const lines = [];
    for (let k = 0; k < linesPerOrder; k += 1) {
      const strain = DEMO_STRAINS[k % DEMO_STRAINS.length];
      const sku = DEMO_SKUS[(n + k) % DEMO_SKUS.length];
      lines.push({
        product_name: `${demoProductName(strain, sku)}${k >= DEMO_STRAINS.length ? ` #${k}` : ""}`,
        quantity: 1 + ((n + k) % 30),
      });
    }
    fake.addOrder({ id: firstId + n, buyer: DEMO_STORES[n % DEMO_STORES.length], buyer_company_id: 90 + (n % DEMO_STORES.length), lines });
  }
}
