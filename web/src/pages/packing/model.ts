import type { PackingItemsResponse, PackingLine } from "../../../../src/contracts/packing";
import { ORIGINAL_ADMIN_ID } from "../../../../src/domain/abilities";

/** Shapes and small pure helpers of the packing page. */

export type Line = PackingLine & {
  grams_per_unit?: number;
  strain?: string;
  strain_key?: string;
  order_status?: string | null;
  store_name_apex?: string;
  order_excluded?: boolean;
};
export type Order = NonNullable<PackingItemsResponse["stores"]>[number]["orders"][number] & { items: Line[] };
type Store = NonNullable<PackingItemsResponse["stores"]>[number] & { orders: Order[] };
export type ItemsAnswer = PackingItemsResponse & { stores?: Store[] };

export type Filter = { kind: "active" | "all" | "date_range"; from: string; to: string };

export function itemsPath(view: "by_store" | "by_product", filter: Filter, format: "json" | "csv" = "json"): string {
  const q = new URLSearchParams({ view, filter: filter.kind });
  if (filter.kind === "date_range") {
    q.set("from", filter.from);
    q.set("to", filter.to);
  }
  if (format === "csv") q.set("format", "csv");
  return `/api/packing/items?${q}`;
}

/** A line counts as verified when the tag scanned is the package it now points at. */
export function isVerified(line: Pick<Line, "batch_name" | "verified_tag">): boolean {
  return line.batch_name !== "" && line.verified_tag !== "" && line.verified_tag.toUpperCase() === line.batch_name.toUpperCase();
}

export function isPacked(line: Pick<Line, "ordered" | "packed">): boolean {
  return line.packed >= line.ordered;
}

type OrderProgress = {
  lines: number;
  packedLines: number;
  verifiedLines: number;
  units: number;
  packedUnits: number;
  ready: boolean;
};

/** Progress of an order: lines packed and verified, units packed; ready when every line is both. */
export function orderProgress(lines: readonly Line[]): OrderProgress {
  const packedLines = lines.filter(isPacked).length;
  const verifiedLines = lines.filter(isVerified).length;
  const units = lines.reduce((s, l) => s + l.ordered, 0);
  const packedUnits = lines.reduce((s, l) => s + Math.min(l.packed, l.ordered), 0);
  return {
    lines: lines.length,
    packedLines,
    verifiedLines,
    units,
    packedUnits,
    ready: lines.length > 0 && packedLines === lines.length && verifiedLines === lines.length,
  };
}

/** A finished-goods package as the picker needs it (from GET /api/finished-goods). */
export type PackageOption = { metrc_number: string; strain: string; available_grams: number; created_date: string; status: string };

/** Same spelling rule as the server's normalizeStrain, enough to match a line's strain to packages. */
function strainKey(strain: string): string {
  return strain
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Packages a line may use: active, same strain, oldest first (FIFO); the suggestion is the oldest
 * one holding the grams the line still needs.
 */
export function packagesFor(line: Pick<Line, "strain" | "compact_display_name">, packages: readonly PackageOption[], gramsNeeded: number) {
  const key = strainKey(line.strain || line.compact_display_name);
  const options = packages
    .filter((p) => p.status === "active" && strainKey(p.strain) === key)
    .sort((a, b) => a.created_date.localeCompare(b.created_date) || a.metrc_number.localeCompare(b.metrc_number));
  const suggested = options.find((p) => p.available_grams >= gramsNeeded) ?? options[0] ?? null;
  return { options, suggested: suggested?.metrc_number ?? null };
}

export function matchesSearch(term: string, ...fields: (string | null | undefined)[]): boolean {
  if (!term) return true;
  const t = term.toLowerCase();
  return fields.some((f) => (f ?? "").toLowerCase().includes(t));
}

/** The by-store answer with one line replaced by a newer copy of it (same id), totals left to the refetch. */
export function withItem(data: ItemsAnswer, item: Line): ItemsAnswer {
  if (!data.stores) return data;
  return {
    ...data,
    stores: data.stores.map((s) => ({
      ...s,
      orders: s.orders.map((o) =>
        o.items.some((l) => l.id === item.id) ? { ...o, items: o.items.map((l) => (l.id === item.id ? { ...l, ...item } : l)) } : o,
      ),
    })),
  };
}

/**
 * The initials lines are packed under: a named person signed in packs as themselves (the server
 * records their initials whatever is typed), so theirs are shown and fixed; otherwise (the shared
 * admin password, an API key) the initials typed on this device.
 */
export function packerInitials(
  signedIn: { id: string; initials: string } | null | undefined,
  typed: string,
): { initials: string; fixed: boolean } {
  if (signedIn && signedIn.id !== ORIGINAL_ADMIN_ID && signedIn.initials) return { initials: signedIn.initials, fixed: true };
  return { initials: typed, fixed: false };
}
