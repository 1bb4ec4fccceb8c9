/** Shapes of the snapshot API (api.md §9) as the recommendations page reads them. */
type Urgency = "critical" | "high" | "medium" | "low";
type Metrics = {
  total_inventory: number;
  avg_sold_per_day: number;
  days_until_stockout: number | null;
  urgency: Urgency;
  priority_score: number;
};
export type SnapshotRow = Metrics & { strain: string; store?: string };
export type Snapshot = {
  timestamp: string | null;
  files_processed: string[];
  data: { combined: SnapshotRow[]; stores: string[]; by_store: (SnapshotRow & { store: string })[] };
};
export type HistoryItem = { timestamp: string; files_processed: string[]; strain_count: number; store_count: number };
export type Comparison = {
  strain: string;
  status: "new" | "removed" | "updated" | "unchanged";
  old: Metrics | null;
  new: Metrics | null;
  changes: { inventory_delta: number; sold_per_day_delta: number; urgency_change: -1 | 0 | 1 };
};
export type Insight = { type: "danger" | "success" | "info" | "warning"; title: string; message: string };
export type UploadAnswer = { success: true; strain_count: number; store_count: number; timestamp: string; files_processed: string[] };

const URGENCY_LABEL: Record<Urgency, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

export function UrgencyBadge(props: { urgency: Urgency }) {
  return <span class={`badge badge-${props.urgency}`}>{URGENCY_LABEL[props.urgency]}</span>;
}

export const fmtDays = (d: number | null) => (d === null ? "No sales" : String(d));
