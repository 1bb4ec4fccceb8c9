/**
 * Packing-list rules (rules §18.1, §18.3, §18.5): which orders show, what a line still needs, how
 * lines group by store or by product, and the weekly history.
 */

const DAY_MS = 24 * 3_600_000;

/** `is_new`: the order was placed less than 24 hours before `now` (data-model §2.3). */
export function isNewOrder(orderDate: string, now: Date): boolean {
  const placed = Date.parse(orderDate);
  if (Number.isNaN(placed)) return false;
  const age = now.getTime() - placed;
  return age >= 0 && age < DAY_MS;
}

/**
 * Until when every `is_new` computed at `now` stays as it is (ms since epoch; Infinity when no
 * order will flip): the first moment a new order turns 24 hours old or a future-dated one turns
 * new. A cached packing list is good until then, given the same data.
 */
export function newnessValidUntil(orderDates: Iterable<string>, now: Date): number {
  let until = Number.POSITIVE_INFINITY;
  const at = now.getTime();
  for (const date of orderDates) {
    const placed = Date.parse(date);
    if (Number.isNaN(placed)) continue;
    const flip = placed > at ? placed : placed + DAY_MS;
    if (flip > at && flip < until) until = flip;
  }
  return until;
}

/**
 * An Apex status is excluded when its name, or one of its "A | B" parts, equals an excluded
 * status, ignoring case (gaps G-PACK-8); a cancelled flag counts as "Cancelled".
 */
export function statusMatches(statusName: string, cancelled: boolean, statuses: readonly string[]): boolean {
  const wanted = new Set(statuses.map((s) => s.trim().toLowerCase()));
  if (cancelled && wanted.has("cancelled")) return true;
  const name = statusName.trim().toLowerCase();
  if (wanted.has(name)) return true;
  return name.split("|").some((part) => wanted.has(part.trim()));
}

export function needsPacking(line: { ordered: number; packed: number }): number {
  return Math.max(0, line.ordered - line.packed);
}

type PackedVerdict = { ok: true } | { ok: false; reason: string };

/** Packers enter the total packed (rules §18.3); more than ordered is refused. */
export function checkPacked(ordered: number, packed: number): PackedVerdict {
  if (packed > ordered) {
    return { ok: false, reason: `Cannot pack ${packed}: this line has only ${ordered} ordered` };
  }
  return { ok: true };
}

type ProductionLine = {
  id: number;
  strain_key: string;
  order_date: string;
  ordered: number;
  packed: number;
  grams_per_unit: number;
};

/**
 * `needs_production` (rules §18.3, gaps G-PACK-2): units that finished stock cannot cover. The
 * unpacked grams on the shelf per strain are claimed by the oldest lines first; what a line cannot
 * claim must still be made.
 */
export function assignNeedsProduction(
  lines: readonly ProductionLine[],
  shelfGramsByStrain: ReadonlyMap<string, number>,
): Map<number, number> {
  const pool = new Map(shelfGramsByStrain);
  const out = new Map<number, number>();
  const ordered = [...lines].sort((a, b) => a.order_date.localeCompare(b.order_date) || a.id - b.id);
  for (const line of ordered) {
    const units = needsPacking(line);
    if (units === 0 || line.grams_per_unit <= 0) {
      out.set(line.id, 0);
      continue;
    }
    const available = Math.max(0, pool.get(line.strain_key) ?? 0);
    const coverable = Math.min(units, Math.floor(available / line.grams_per_unit + 1e-9));
    pool.set(line.strain_key, available - coverable * line.grams_per_unit);
    out.set(line.id, units - coverable);
  }
  return out;
}

export type ViewLine = {
  id: number;
  order_id: number;
  invoice_number: string;
  order_date: string;
  store_name: string;
  strain: string;
  sku_key: string;
  compact_display_name: string;
  product_name: string;
  ordered: number;
  packed: number;
  needs_packing: number;
  needs_production: number;
  is_new: boolean;
};

type Totals = { ordered: number; packed: number; needs_packing: number; needs_production: number };

function totalsOf(lines: readonly ViewLine[]): Totals {
  const t: Totals = { ordered: 0, packed: 0, needs_packing: 0, needs_production: 0 };
  for (const l of lines) {
    t.ordered += l.ordered;
    t.packed += l.packed;
    t.needs_packing += l.needs_packing;
    t.needs_production += l.needs_production;
  }
  return t;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** By store (the default view, pages §22): store → order → lines, stores A–Z, newest orders first. */
export function groupByStore<L extends ViewLine>(lines: readonly L[]) {
  const stores = [...groupBy(lines, (l) => l.store_name)].sort(([a], [b]) => a.localeCompare(b));
  return stores.map(([store_name, storeLines]) => {
    const orders = [...groupBy(storeLines, (l) => String(l.order_id))]
      .map(([, orderLines]) => {
        const first = orderLines[0] as L;
        return {
          order_id: first.order_id,
          invoice_number: first.invoice_number,
          order_date: first.order_date,
          is_new: first.is_new,
          fully_packed: orderLines.every((l) => l.needs_packing === 0),
          ...totalsOf(orderLines),
          items: [...orderLines].sort((a, b) => a.compact_display_name.localeCompare(b.compact_display_name) || a.id - b.id),
        };
      })
      .sort((a, b) => b.order_date.localeCompare(a.order_date) || b.order_id - a.order_id);
    return { store_name, ...totalsOf(storeLines), orders };
  });
}

/** By product (pages §23): strain + SKU → per-store lines, for production planning. */
export function groupByProduct<L extends ViewLine>(lines: readonly L[]) {
  const products = [...groupBy(lines, (l) => `${l.strain.toLowerCase()}\u0000${l.sku_key}`)];
  return products
    .map(([, productLines]) => {
      const first = productLines[0] as L;
      return {
        strain: first.strain,
        sku_key: first.sku_key,
        compact_display_name: first.compact_display_name,
        ...totalsOf(productLines),
        stores: [...productLines].sort((a, b) => a.store_name.localeCompare(b.store_name) || a.order_date.localeCompare(b.order_date)),
      };
    })
    .sort((a, b) => a.strain.localeCompare(b.strain) || a.compact_display_name.localeCompare(b.compact_display_name));
}

/** Packing-list settings (data-model §2.12, decisions 4); stored under one settings key. */
export type PackingSettings = {
  excluded_statuses: string[];
  excluded_products: string[];
  include_3rd_party_products: boolean;
  auto_complete_statuses: string[];
  initial_sync_date: string;
  apex_status_writeback: boolean;
  apex_packed_status_name: string;
  inventory_push_enabled: boolean;
  /** The seller's licence number printed on packing lists and delivery sheets (METRC transport documents name the seller). */
  seller_license_number: string;
  /** How often the scheduled Apex order sync pulls (pages §26 "poll interval"); cron ticks every minute. */
  apex_poll_interval_seconds: number;
  /** Apex inventory writes are at least this far apart (rules §17.4 min_api_interval_seconds). */
  apex_min_write_interval_seconds: number;
};

/**
 * Safe bounds of the sync settings: the cron cannot poll faster than a minute and a list more
 * than 15 minutes old is not worth packing from; writes closer than 10 s only spend Apex credits.
 */
export const SYNC_INTERVAL_BOUNDS = {
  apex_poll_interval_seconds: { min: 60, max: 900 },
  apex_min_write_interval_seconds: { min: 10, max: 3600 },
} as const;

/** The scheduled sync's tick is due when the last pull started at least the poll interval ago (less cron jitter). */
export function isSyncDue(lastStartedAt: string | null, pollIntervalSeconds: number, now: Date): boolean {
  if (lastStartedAt === null) return true;
  const started = Date.parse(lastStartedAt);
  if (Number.isNaN(started)) return true;
  return now.getTime() - started >= pollIntervalSeconds * 1000 - CRON_JITTER_MS;
}
/** Cron ticks arrive a few seconds late or early; a tick this close to the interval counts as on time. */
const CRON_JITTER_MS = 10_000;

export const DEFAULT_PACKING_SETTINGS: PackingSettings = {
  excluded_statuses: ["Complete", "Cancelled", "Delivered"],
  excluded_products: ["3rd Party Products - 3rd Party Products"],
  include_3rd_party_products: false,
  auto_complete_statuses: ["Complete", "Delivered"],
  initial_sync_date: "2025-07-01T00:00:00Z",
  apex_status_writeback: false,
  apex_packed_status_name: "Order Packed | Pending Shipment",
  inventory_push_enabled: true,
  seller_license_number: "",
  apex_poll_interval_seconds: 60,
  apex_min_write_interval_seconds: 10,
};

/** Product names excluded by setting, and third-party products unless they are included. */
export function isExcludedProduct(
  productName: string,
  settings: Pick<PackingSettings, "excluded_products" | "include_3rd_party_products">,
): boolean {
  const name = productName.trim().toLowerCase();
  if (settings.excluded_products.some((p) => p.trim().toLowerCase() === name)) return true;
  return !settings.include_3rd_party_products && /\b3rd[\s-]party\b|\bthird[\s-]party\b/.test(name);
}

type CompletionLine = { product_name: string; ordered: number; packed: number; batch_name: string };
type CompletionVerdict = { ok: true } | { ok: false; reason: string };

/**
 * An order may be completed when every line is fully packed against a METRC package, or forced
 * (rules §18.5 [PROPOSED]); forcing ships what was packed and releases the rest.
 */
export function checkCompletion(invoice: string, lines: readonly CompletionLine[], force: boolean): CompletionVerdict {
  if (lines.length === 0) return { ok: false, reason: `Order ${invoice} has no open packing lines` };
  if (force) return { ok: true };
  const unpacked = lines.filter((l) => needsPacking(l) > 0).length;
  if (unpacked > 0) {
    return {
      ok: false,
      reason: `Order ${invoice} is not fully packed: ${unpacked} line(s) still need packing. Send "force": true to complete it anyway`,
    };
  }
  const unmapped = lines.filter((l) => l.packed > 0 && l.batch_name === "").map((l) => l.product_name);
  if (unmapped.length > 0) {
    return {
      ok: false,
      reason: `Order ${invoice} has packed lines without a METRC package (${unmapped.slice(0, 3).join(", ")}). Choose a package or send "force": true`,
    };
  }
  return { ok: true };
}

/**
 * Whether an order date falls in [from, to]; plain dates cover their whole day (UTC), so
 * from=2026-03-01&to=2026-03-01 is that one day.
 */
export function inDateRange(orderDate: string, from: string, to: string): boolean {
  const at = Date.parse(orderDate);
  if (Number.isNaN(at)) return false;
  const start = Date.parse(from.length === 10 ? `${from}T00:00:00.000Z` : from);
  const end = to.length === 10 ? Date.parse(`${to}T00:00:00.000Z`) + DAY_MS - 1 : Date.parse(to);
  return at >= start && at <= end;
}
