/**
 * Order intake (rules §18.1): Apex shipping orders become cached orders, their items and packing
 * lines — one line per (order, product), pre-roll products only.
 */
import { isExcludedProduct, isNewOrder, type PackingSettings, statusMatches } from "./packing";
import { parseProductName } from "./product-name";

type IntakeItem = {
  id: number;
  product_id?: number | null | undefined;
  batch_id?: number | null | undefined;
  product_name: string;
  batch_name: string | null;
  metrc_package_label: string | null;
  order_quantity: number;
  order_price?: string | number | null | undefined;
};

export type IntakeOrder = {
  id: number;
  uuid: string | null;
  invoice_number: string | null;
  order_date: string | null;
  created_at: string | null;
  updated_at: string;
  total?: string | number | null | undefined;
  cancelled: boolean;
  order_status_id?: number | null | undefined;
  order_status?: { id: number; name: string } | null | undefined;
  deal_flow_id?: number | null | undefined;
  buyer_company_id?: number | null | undefined;
  buyer?: { name: string | null } | null | undefined;
  ship_name: string | null;
  ship_line_one: string | null;
  ship_city: string | null;
  ship_state: string | null;
  payment_status: string | null;
  items?: IntakeItem[] | undefined;
};

/**
 * Every incremental pull reaches this far behind the newest `updated_at` seen, for clock skew and
 * late commits. [A7] used 15 minutes at a slower cadence; at one pull a minute that would bill each
 * changed order about 15 times (Apex charges per returned item), so 2 minutes.
 */
const SYNC_OVERLAP_MS = 2 * 60_000;

/** Statuses that mean the order will not ship: its lines stop reserving grams. */
const CANCELLED_STATUSES = ["Cancelled", "Canceled", "Void", "Voided"];

function orderStatusName(order: IntakeOrder): string {
  if (order.cancelled) return order.order_status?.name ?? "Cancelled";
  return order.order_status?.name ?? "";
}

/** Ship-to name first, the buyer company otherwise (rules §18.1). */
function storeNameOf(order: IntakeOrder): string {
  return (order.ship_name?.trim() || order.buyer?.name?.trim() || "Unknown store").slice(0, 200);
}

/** When the order was placed: `created_at` (a timestamp, needed for `is_new`), else `order_date`. */
function placedAt(order: IntakeOrder): string {
  const at = Date.parse(order.created_at ?? "");
  if (!Number.isNaN(at)) return new Date(at).toISOString();
  const day = Date.parse(order.order_date ?? "");
  return Number.isNaN(day) ? "" : new Date(day).toISOString();
}

export function toOrderRow(order: IntakeOrder) {
  return {
    id: order.id,
    uuid: order.uuid ?? "",
    invoice_number: order.invoice_number ?? "",
    total: order.total === null || order.total === undefined ? "" : String(order.total),
    order_date: order.order_date ?? placedAt(order).slice(0, 10),
    order_status: orderStatusName(order),
    order_status_id: order.order_status_id ?? order.order_status?.id ?? null,
    deal_flow_id: order.deal_flow_id ?? null,
    cancelled: statusMatches(orderStatusName(order), order.cancelled, CANCELLED_STATUSES) ? 1 : 0,
    buyer_company: order.buyer?.name ?? "",
    buyer_company_id: order.buyer_company_id ?? null,
    ship_name: order.ship_name ?? "",
    ship_address: order.ship_line_one ?? "",
    ship_city: order.ship_city ?? "",
    ship_state: order.ship_state ?? "",
    payment_status: order.payment_status ?? "",
    items_count: order.items?.length ?? 0,
    apex_updated_at: order.updated_at,
  };
}
export type OrderRow = ReturnType<typeof toOrderRow>;

/** Ordered units are whole: Apex may send "20" or "20.00". */
function units(quantity: number): number {
  return Math.min(1_000_000, Math.max(0, Math.round(quantity)));
}

export function toItemRows(order: IntakeOrder) {
  return (order.items ?? []).map((item) => ({
    order_id: order.id,
    line_id: item.id,
    product_id: item.product_id ?? null,
    product_name: item.product_name,
    quantity: units(item.order_quantity),
    batch_name: item.metrc_package_label ?? item.batch_name ?? "",
    apex_batch_id: item.batch_id ?? null,
    unit_price: item.order_price === null || item.order_price === undefined ? null : Number(item.order_price) || null,
  }));
}
export type ItemRow = ReturnType<typeof toItemRows>[number];

export type LineRow = {
  order_id: number;
  product_name: string;
  store_name: string;
  buyer_company: string;
  ordered: number;
  order_date: string;
  invoice_number: string;
  /** The METRC tag Apex put on the item, if any (gaps G-PACK-1). */
  apex_label: string;
  is_new: 0 | 1;
  strain: string;
  strain_key: string;
  sku_key: string;
  grams_per_unit: number;
  compact_display_name: string;
};

/** Packing lines of one order; two items with the same product name make one line (UNIQUE). */
export function toPackingLines(order: IntakeOrder, settings: PackingSettings, now: Date): LineRow[] {
  const byName = new Map<string, LineRow>();
  const placed = placedAt(order);
  for (const item of order.items ?? []) {
    if (isExcludedProduct(item.product_name, settings)) continue;
    const parsed = parseProductName(item.product_name);
    if (!parsed.isPreRoll || parsed.skuKey === null || parsed.gramsPerUnit === null) continue;
    const existing = byName.get(item.product_name);
    const label = (item.metrc_package_label ?? "").trim();
    if (existing) {
      existing.ordered = units(existing.ordered + item.order_quantity);
      if (!existing.apex_label && label) existing.apex_label = label;
      continue;
    }
    byName.set(item.product_name, {
      order_id: order.id,
      product_name: item.product_name,
      store_name: storeNameOf(order),
      buyer_company: order.buyer?.name ?? "",
      ordered: units(item.order_quantity),
      order_date: placed,
      invoice_number: order.invoice_number ?? "",
      apex_label: label,
      is_new: isNewOrder(placed, now) ? 1 : 0,
      strain: parsed.strain,
      strain_key: parsed.strainKey,
      sku_key: parsed.skuKey,
      grams_per_unit: parsed.gramsPerUnit,
      compact_display_name: parsed.compactDisplayName,
    });
  }
  return [...byName.values()];
}

/** The next `updated_at_from`: the newest `updated_at` seen, never moving backwards. */
export function nextCursor(previous: string | null, orders: readonly Pick<IntakeOrder, "updated_at">[]): string | null {
  let best = previous ? Date.parse(previous) : Number.NEGATIVE_INFINITY;
  for (const o of orders) {
    const at = Date.parse(o.updated_at);
    if (!Number.isNaN(at) && at > best) best = at;
  }
  return Number.isFinite(best) ? new Date(best).toISOString() : null;
}

/** Where the next pull starts: the cursor minus the overlap, or the initial sync date. */
export function windowStart(cursor: string | null, initialSyncDate: string): string {
  if (!cursor) return initialSyncDate;
  return new Date(Date.parse(cursor) - SYNC_OVERLAP_MS).toISOString();
}
