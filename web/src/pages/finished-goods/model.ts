/** Types of the finished-goods API as the page reads them, and the page's pure rules (filtering, figures). */
import type { Summary } from "../../../../src/domain/package-summary";
import type { PackageView } from "../../../../src/domain/package-view";

export type Pkg = PackageView;
export type SkuInfo = { sku_key: string; display_name: string; grams_per_unit: number; pack_size: number };
export type FgList = {
  packages: Pkg[];
  total: number;
  summary: Summary;
  settings: { warning_grams: number; critical_grams: number; skus: SkuInfo[] };
};
type HistoryItem = {
  timestamp: string;
  change_type: string;
  grams_changed: number | null;
  current_grams: number;
  reason: string | null;
  source: string | null;
  status: string;
};
export type PackageHistory = { metrc_number: string; strain: string; history: HistoryItem[]; total_changes: number };

/** Every package, archived and orphaned too: filters run here, so typing never waits for the server. */
export const LIST_PATH = "/api/finished-goods?include_archived=true";
export const TOPICS = ["finished-goods"] as const;
export const pkgPath = (metrc: string, rest = "") => `/api/finished-goods/${encodeURIComponent(metrc)}${rest}`;

export type StatusFilter = "all" | "active" | "depleted" | "archived" | "orphaned";
export type Filters = { search: string; status: StatusFilter; showArchived: boolean; strain: string };

export const isLive = (p: Pick<Pkg, "status">) => p.status === "active" || p.status === "depleted";

/** Lower-cased search keys, built once per list rather than per keystroke. */
type Indexed = { pkg: Pkg; key: string };
export function indexPackages(packages: readonly Pkg[]): Indexed[] {
  return packages.map((pkg) => ({ pkg, key: `${pkg.metrc_number}\u0000${pkg.strain}`.toLowerCase() }));
}

export function filterPackages(index: readonly Indexed[], f: Filters): Pkg[] {
  const term = f.search.trim().toLowerCase();
  const out: Pkg[] = [];
  for (const { pkg, key } of index) {
    if (f.status === "all") {
      if (!f.showArchived && !isLive(pkg)) continue;
    } else if (pkg.status !== f.status) continue;
    if (f.strain && pkg.strain !== f.strain) continue;
    if (term && !key.includes(term)) continue;
    out.push(pkg);
  }
  return out;
}

export const shortMetrc = (metrc: string) => metrc.slice(-5);

/**
 * Order tracking as the card shows it (rules §5.2 canonical model: the buckets are disjoint):
 * reserved = every open order (awaiting packing + packed), available = the server's figure.
 */
export function orderFigures(p: Pkg) {
  return {
    reserved: p.grams_ordered + p.grams_packed,
    packed: p.grams_packed,
    awaiting: p.grams_ordered,
    holding: p.held_grams,
    afterOrders: p.available_grams,
  };
}

/** Grams used out of the total, from the effective balance (an override counts). */
export function usage(p: Pkg) {
  const total = Math.max(p.initial_grams, p.effective_grams);
  const used = Math.max(0, total - p.effective_grams);
  const pct = total > 0 ? (used / total) * 100 : 0;
  return { used, total, pct, band: pct < 50 ? "green" : pct < 80 ? "orange" : "red" };
}

export const UNIT_SIZES = ["0.5g", "1.0g", "6pack", "12pack", "0.7g", "0.8g"] as const;
export const UNIT_SIZE_LABELS: Record<(typeof UNIT_SIZES)[number], string> = {
  "0.5g": "0.5 g single",
  "1.0g": "1.0 g single",
  "6pack": "6-pack (3 g)",
  "12pack": "12-pack (6 g)",
  "0.7g": "0.7 g single",
  "0.8g": "0.8 g single",
};

export const STATUS_LABELS: Record<string, string> = { active: "Active", depleted: "Depleted", archived: "Archived", orphaned: "Orphaned" };

export function fmtGrams(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return `${n.toLocaleString("en-US", { maximumFractionDigits: 1 })} g`;
}

export const PACKAGE_CSV_HEADER = [
  "metrc_number",
  "strain",
  "status",
  "initial_grams",
  "current_grams",
  "physical_grams_override",
  "effective_grams",
  "grams_ordered",
  "grams_packed",
  "held_grams",
  "available_grams",
  "notes",
  "source_batch_id",
  "updated_date",
];
export function packageCsvRow(p: Pkg) {
  return [
    p.metrc_number,
    p.strain,
    p.status,
    p.initial_grams,
    p.current_grams,
    p.physical_grams_override,
    p.effective_grams,
    p.grams_ordered,
    p.grams_packed,
    p.held_grams,
    p.available_grams,
    p.notes,
    p.source_batch_id,
    p.updated_date,
  ];
}
