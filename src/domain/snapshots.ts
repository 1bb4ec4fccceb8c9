import { parseCsv, unguardCell } from "./csv";
/**
 * Store inventory snapshots (rules §14, decisions 6, gaps G-SNAP-1): store CSV files are read
 * through a configurable column mapping and combined per strain into stock-out forecasts.
 */

/**
 * Which CSV header holds each field. Headers match case-insensitively, and spaces, underscores
 * and dashes count as the same. Default layout (one row per product per store):
 *
 *     Store,Product,On Hand,Units Sold,Period Days
 *     Store A,Blue Dream,120,90,30
 *
 * `store` and `period_days` may be absent: the store is then the file name without `.csv`,
 * the period `default_period_days`.
 */
export type CsvMapping = {
  store: string;
  strain: string;
  on_hand: string;
  units_sold: string;
  period_days: string;
  default_period_days: number;
};

export const DEFAULT_CSV_MAPPING: CsvMapping = {
  store: "Store",
  strain: "Product",
  on_hand: "On Hand",
  units_sold: "Units Sold",
  period_days: "Period Days",
  default_period_days: 30,
};

export type Urgency = "critical" | "high" | "medium" | "low";
export const URGENCY_RANK: Record<Urgency, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export type StoreRow = { store: string; strain: string; on_hand: number; units_sold: number; period_days: number };

export type Metrics = {
  total_inventory: number;
  avg_sold_per_day: number;
  days_until_stockout: number | null;
  urgency: Urgency;
  priority_score: number;
};

export type SnapshotRow = Metrics & { store: string; strain: string };

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_NAME = 200;
const MAX_NUMBER = 1e9;

function headerKey(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

function parseCount(raw: string, column: string, line: number): Parsed<number> {
  const text = raw.trim();
  if (text === "") return { ok: true, value: 0 };
  if (!/^\d+(\.\d+)?$/.test(text))
    return { ok: false, reason: `line ${line}: ${column} "${text.slice(0, 40)}" is not a non-negative number` };
  const value = Number(text);
  if (value > MAX_NUMBER) return { ok: false, reason: `line ${line}: ${column} is too large` };
  return { ok: true, value };
}

function storeFromFileName(name: string): string {
  return (
    name
      .replace(/\.csv$/i, "")
      .trim()
      .slice(0, MAX_NAME) || "Store"
  );
}

/** One store file → rows; any problem is reported as "<file> line N: …" and nothing is kept. */
export function parseStoreFile(fileName: string, text: string, mapping: CsvMapping): Parsed<StoreRow[]> {
  const fail = (reason: string): Parsed<StoreRow[]> => ({ ok: false, reason: `${fileName} ${reason}` });
  const csv = parseCsv(text);
  if (!csv.ok) return fail(csv.reason);
  // Cells guarded against formulas by this app's own export are read back as they were.
  const [header, ...records] = csv.records.map((r) => ({ line: r.line, fields: r.fields.map(unguardCell) }));
  if (!header) return fail("line 1: the file is empty");
  const index = new Map<string, number>();
  header.fields.forEach((h, i) => {
    if (!index.has(headerKey(h))) index.set(headerKey(h), i);
  });
  const column = (name: string) => index.get(headerKey(name));
  const cols = { strain: column(mapping.strain), onHand: column(mapping.on_hand), sold: column(mapping.units_sold) };
  for (const [key, name] of [
    ["strain", mapping.strain],
    ["onHand", mapping.on_hand],
    ["sold", mapping.units_sold],
  ] as const) {
    if (cols[key] === undefined) return fail(`line ${header.line}: missing column "${name}"`);
  }
  const storeCol = column(mapping.store);
  const periodCol = column(mapping.period_days);
  const rows: StoreRow[] = [];
  for (const { line, fields } of records) {
    if (fields.length !== header.fields.length)
      return fail(`line ${line}: expected ${header.fields.length} fields, found ${fields.length}`);
    const at = (i: number | undefined) => (i === undefined ? "" : (fields[i] ?? ""));
    const strain = at(cols.strain).trim();
    if (strain === "") return fail(`line ${line}: ${mapping.strain} is empty`);
    const store = at(storeCol).trim() || storeFromFileName(fileName);
    if (strain.length > MAX_NAME || store.length > MAX_NAME) return fail(`line ${line}: a name is longer than ${MAX_NAME} characters`);
    const onHand = parseCount(at(cols.onHand), mapping.on_hand, line);
    if (!onHand.ok) return fail(onHand.reason);
    const sold = parseCount(at(cols.sold), mapping.units_sold, line);
    if (!sold.ok) return fail(sold.reason);
    let period = mapping.default_period_days;
    if (periodCol !== undefined && at(periodCol).trim() !== "") {
      const p = parseCount(at(periodCol), mapping.period_days, line);
      if (!p.ok) return fail(p.reason);
      if (p.value <= 0) return fail(`line ${line}: ${mapping.period_days} must be greater than 0`);
      period = p.value;
    }
    rows.push({ store, strain, on_hand: onHand.value, units_sold: sold.value, period_days: period });
  }
  return { ok: true, value: rows };
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * days = inventory / sold per day (450 / 12.5 = 36); urgency < 7 critical, < 14 high, < 30 medium,
 * else low; no sales → low with null days; priority = round(sold/day × 100 / max(days, 1)).
 */
export function stockMetrics(inventory: number, soldPerDay: number): Metrics {
  // Sales per day are kept to 2 decimals and the forecast is made from that figure, so an
  // exported snapshot (which carries the rounded figure) re-imports to exactly the same numbers.
  const perDay = round(soldPerDay, 2);
  const days = perDay > 0 ? round(inventory / perDay, 1) : null;
  const urgency: Urgency = days === null ? "low" : days < 7 ? "critical" : days < 14 ? "high" : days < 30 ? "medium" : "low";
  return {
    total_inventory: round(inventory, 2),
    avg_sold_per_day: perDay,
    days_until_stockout: days,
    urgency,
    priority_score: days === null ? 0 : Math.round((perDay * 100) / Math.max(days, 1)),
  };
}

function byStrain(a: { strain: string; store: string }, b: { strain: string; store: string }): number {
  const s = a.strain.localeCompare(b.strain);
  return s !== 0 ? s : a.store.localeCompare(b.store);
}

/**
 * Per store and strain (strain spellings merged case-insensitively, first spelling kept), then
 * combined across stores per strain (store '').
 */
export function buildSnapshot(rows: readonly StoreRow[]) {
  const perStore = new Map<string, { store: string; strain: string; inventory: number; perDay: number }>();
  const spelling = new Map<string, string>();
  for (const row of rows) {
    const strainKey = row.strain.toLowerCase();
    if (!spelling.has(strainKey)) spelling.set(strainKey, row.strain);
    const key = `${row.store.toLowerCase()}\u0000${strainKey}`;
    const entry = perStore.get(key) ?? { store: row.store, strain: spelling.get(strainKey) ?? row.strain, inventory: 0, perDay: 0 };
    entry.inventory += row.on_hand;
    entry.perDay += row.units_sold / row.period_days;
    perStore.set(key, entry);
  }
  const byStore: SnapshotRow[] = [...perStore.values()]
    .map((e) => ({ store: e.store, strain: e.strain, ...stockMetrics(e.inventory, e.perDay) }))
    .sort(byStrain);
  // Combined from the stores' rounded figures, which is also what an export carries.
  const combinedTotals = new Map<string, { strain: string; inventory: number; perDay: number }>();
  for (const r of byStore) {
    const c = combinedTotals.get(r.strain.toLowerCase()) ?? { strain: r.strain, inventory: 0, perDay: 0 };
    c.inventory += r.total_inventory;
    c.perDay += r.avg_sold_per_day;
    combinedTotals.set(r.strain.toLowerCase(), c);
  }
  const combined: SnapshotRow[] = [...combinedTotals.values()]
    .map((c) => ({ store: "", strain: c.strain, ...stockMetrics(c.inventory, c.perDay) }))
    .sort(byStrain);
  const stores = [...new Set(byStore.map((r) => r.store))].sort((a, b) => a.localeCompare(b));
  return { byStore, combined, stores };
}

/** Only the fields the API shows for a combined row. */
export function publicRow(row: SnapshotRow) {
  const { store: _store, ...rest } = row;
  return rest;
}
