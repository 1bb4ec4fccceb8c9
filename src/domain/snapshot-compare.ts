import { toCsv } from "./csv";
import { type CsvMapping, type Metrics, type SnapshotRow, URGENCY_RANK } from "./snapshots";

/** Comparing two snapshots, the insights drawn from it, and CSV export (rules §14). */

type ComparisonStatus = "new" | "removed" | "updated" | "unchanged";

type Comparison = {
  strain: string;
  status: ComparisonStatus;
  old: Metrics | null;
  new: Metrics | null;
  changes: { inventory_delta: number; sold_per_day_delta: number; urgency_change: -1 | 0 | 1 };
};

function metricsOf(row: SnapshotRow): Metrics {
  return {
    total_inventory: row.total_inventory,
    avg_sold_per_day: row.avg_sold_per_day,
    days_until_stockout: row.days_until_stockout,
    urgency: row.urgency,
    priority_score: row.priority_score,
  };
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Per strain (case-insensitive): new, removed, updated or unchanged; deltas are new − old. */
export function compareSnapshots(older: readonly SnapshotRow[], newer: readonly SnapshotRow[]): Comparison[] {
  const oldBy = new Map(older.map((r) => [r.strain.toLowerCase(), r]));
  const newBy = new Map(newer.map((r) => [r.strain.toLowerCase(), r]));
  const keys = [...new Set([...oldBy.keys(), ...newBy.keys()])];
  const out: Comparison[] = keys.map((key) => {
    const o = oldBy.get(key);
    const n = newBy.get(key);
    const before = o ? metricsOf(o) : null;
    const after = n ? metricsOf(n) : null;
    const rankDelta = URGENCY_RANK[after?.urgency ?? "low"] - URGENCY_RANK[before?.urgency ?? "low"];
    const changed =
      !!before &&
      !!after &&
      (before.total_inventory !== after.total_inventory ||
        before.avg_sold_per_day !== after.avg_sold_per_day ||
        before.urgency !== after.urgency);
    return {
      strain: n?.strain ?? o?.strain ?? key,
      status: !before ? "new" : !after ? "removed" : changed ? "updated" : "unchanged",
      old: before,
      new: after,
      changes: {
        inventory_delta: round2((after?.total_inventory ?? 0) - (before?.total_inventory ?? 0)),
        sold_per_day_delta: round2((after?.avg_sold_per_day ?? 0) - (before?.avg_sold_per_day ?? 0)),
        urgency_change: before && after ? (Math.sign(rankDelta) as -1 | 0 | 1) : 0,
      },
    };
  });
  return out.sort((a, b) => a.strain.localeCompare(b.strain));
}

type Insight = { type: "danger" | "success" | "info" | "warning"; title: string; message: string };

const MAX_NAMES = 10;

function names(list: readonly Comparison[]): string {
  const shown = list.slice(0, MAX_NAMES).map((c) => c.strain);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

/** The api's two insight kinds plus their mirror images. */
export function insightsOf(comparisons: readonly Comparison[]): Insight[] {
  const insights: Insight[] = [];
  const worse = comparisons.filter((c) => c.changes.urgency_change > 0);
  const better = comparisons.filter((c) => c.changes.urgency_change < 0);
  const added = comparisons.filter((c) => c.status === "new");
  const removed = comparisons.filter((c) => c.status === "removed");
  if (worse.length)
    insights.push({ type: "danger", title: "Urgency Increased", message: `${worse.length} strain(s) now more urgent: ${names(worse)}` });
  if (better.length)
    insights.push({ type: "success", title: "Urgency Decreased", message: `${better.length} strain(s) now less urgent: ${names(better)}` });
  if (added.length)
    insights.push({ type: "info", title: "New Strains", message: `${added.length} new strain(s) appeared: ${names(added)}` });
  if (removed.length)
    insights.push({
      type: "warning",
      title: "Strains Removed",
      message: `${removed.length} strain(s) no longer reported: ${names(removed)}`,
    });
  return insights;
}

/**
 * Per-store rows in the upload layout of `mapping` (sales expressed per 1 day), followed by the
 * computed columns; uploading the export again gives the same snapshot.
 */
export function snapshotCsv(rows: readonly SnapshotRow[], mapping: CsvMapping): string {
  const header = [
    mapping.store,
    mapping.strain,
    mapping.on_hand,
    mapping.units_sold,
    mapping.period_days,
    "Days Until Stockout",
    "Urgency",
    "Priority Score",
  ];
  return toCsv(
    header,
    rows.map((r) => [r.store, r.strain, r.total_inventory, r.avg_sold_per_day, 1, r.days_until_stockout, r.urgency, r.priority_score]),
  );
}

export function exportFileName(timestamp: string): string {
  return `snapshot-${timestamp.replace(/[:.]/g, "-")}.csv`;
}
