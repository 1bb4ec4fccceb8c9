/** Paper / cone stock per size (rules §6): totals, low-stock alerts and their dismissal, days remaining. */
import { normalizeSize, type PerSize, SIZES, type Size } from "./batch-sizes";

export const THRESHOLDS_KEY = "inventory_thresholds";
/** Thresholds are in boxes (gaps G-INV-2), 5 per size by default (gaps G-INV-1). */
export const DEFAULT_THRESHOLDS: PerSize<number> = { "0_5": 5, "0_7": 5, "1_0": 5 };
/** A dismissal lasts until the next change to that size's stock or 24 hours (rules §6). */
const DISMISSAL_MS = 24 * 3600 * 1000;
export const USAGE_WINDOW_DAYS = 30;
export const MAX_BOXES = 1_000_000;
export const MAX_PAPERS = 100_000_000;

export type StockRow = {
  size: string;
  boxes: number;
  individual_papers: number;
  low_threshold: number;
  last_updated: string | null;
  alert_dismissed_at: string | null;
};

type Alert = { size: Size; boxes: number; threshold: number; total_papers: number; dismissed: boolean };

/** "0_5" → "0.5g", as the update message prints it. */
export function sizeLabel(size: Size): string {
  return `${size.replace("_", ".")}g`;
}

export function totalPapers(boxes: number, individualPapers: number, perBox: number): number {
  return boxes * perBox + individualPapers;
}

function isLow(boxes: number, threshold: number): boolean {
  return boxes < threshold;
}

export function isDismissed(row: Pick<StockRow, "alert_dismissed_at" | "last_updated">, now: Date): boolean {
  if (!row.alert_dismissed_at) return false;
  const dismissedMs = Date.parse(row.alert_dismissed_at);
  if (!Number.isFinite(dismissedMs) || now.getTime() - dismissedMs >= DISMISSAL_MS) return false;
  return !(row.last_updated && Date.parse(row.last_updated) > dismissedMs);
}

/** Low sizes, split into those to show and those hidden by a live dismissal. */
export function alertsFor(rows: readonly StockRow[], perBox: PerSize<number>, now: Date): { alerts: Alert[]; dismissed: Alert[] } {
  const alerts: Alert[] = [];
  const dismissed: Alert[] = [];
  for (const row of rows) {
    const size = normalizeSize(row.size);
    if (!size || !isLow(row.boxes, row.low_threshold)) continue;
    const hidden = isDismissed(row, now);
    const alert = {
      size,
      boxes: row.boxes,
      threshold: row.low_threshold,
      total_papers: totalPapers(row.boxes, row.individual_papers, perBox[size]),
      dismissed: hidden,
    };
    (hidden ? dismissed : alerts).push(alert);
  }
  return { alerts, dismissed };
}

/** Papers on hand ÷ average papers used per work day over the window; null without usage (rules §6). */
export function daysRemaining(papersOnHand: number, papersUsedInWindow: number, workDaysInWindow: number): number | null {
  if (papersUsedInWindow <= 0) return null;
  const perDay = papersUsedInWindow / workDaysInWindow;
  return Math.round((papersOnHand / perDay) * 10) / 10;
}

/** The `GET /api/inventory/` answer (api.md §3) from stock rows, settings and recent usage. */
export function inventoryReport(
  rows: readonly StockRow[],
  perBox: PerSize<number>,
  usedInWindow: Record<string, number>,
  workDays: number,
  now: Date,
) {
  const bySize = new Map<Size, StockRow>();
  for (const row of rows) {
    const size = normalizeSize(row.size);
    if (size) bySize.set(size, row);
  }
  const perSize = <T>(pick: (row: StockRow | undefined, size: Size) => T) =>
    Object.fromEntries(SIZES.map((s) => [s, pick(bySize.get(s), s)])) as PerSize<T>;
  const papers = perSize((row, size) => (row ? totalPapers(row.boxes, row.individual_papers, perBox[size]) : 0));
  const { alerts, dismissed } = alertsFor([...bySize.values()], perBox, now);
  return {
    inventory: {
      current_boxes: perSize((row) => row?.boxes ?? 0),
      individual_papers: perSize((row) => row?.individual_papers ?? 0),
      papers_per_box: perBox,
      alert_thresholds: perSize((row, size) => row?.low_threshold ?? DEFAULT_THRESHOLDS[size]),
      last_updated: perSize((row) => row?.last_updated ?? null),
    },
    current_papers: papers,
    alerts,
    dismissed_alerts: dismissed,
    analytics: {
      predicted_days_remaining: perSize((_, size) => daysRemaining(papers[size], usedInWindow[size] ?? 0, workDays)),
      papers_used_last_30_days: perSize((_, size) => usedInWindow[size] ?? 0),
      work_days_in_window: workDays,
    },
  };
}
