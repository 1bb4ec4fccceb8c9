/** The paper-inventory API's answer (api.md §3) as the page reads it. */
import { SIZE_KEYS, type SizeKey } from "../../format";

type PerSize<T> = Record<SizeKey, T>;
type Alert = { size: SizeKey; boxes: number; threshold: number; total_papers: number; dismissed: boolean };
export type InventoryReport = {
  inventory: {
    current_boxes: PerSize<number>;
    individual_papers: PerSize<number>;
    papers_per_box: PerSize<number>;
    alert_thresholds: PerSize<number>;
    last_updated: PerSize<string | null>;
  };
  current_papers: PerSize<number>;
  alerts: Alert[];
  dismissed_alerts: Alert[];
  analytics: { predicted_days_remaining: PerSize<number | null>; papers_used_last_30_days: PerSize<number>; work_days_in_window: number };
};

export const INVENTORY_PATH = "/api/inventory";
export const TOPICS = ["inventory"] as const;
export { SIZE_KEYS, type SizeKey };

export const isLow = (r: InventoryReport, size: SizeKey) => r.inventory.current_boxes[size] < r.inventory.alert_thresholds[size];

/** The row a server refusal names ("Row 3, column boxes: …"), if any. */
export function rowOfError(message: string): number | null {
  const match = /^Row (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

/** Current stock in the upload's own format, so an export can be edited and uploaded back. */
export function stockCsvRows(r: InventoryReport) {
  return SIZE_KEYS.map((s) => [s, r.inventory.current_boxes[s], r.inventory.individual_papers[s], r.inventory.alert_thresholds[s]]);
}
export const STOCK_CSV_HEADER = ["size", "boxes", "individual_papers", "low_threshold"];
