import { describe, expect, it } from "vitest";
import {
  alertsFor,
  daysRemaining,
  inventoryReport,
  isDismissed,
  type StockRow,
  sizeLabel,
  totalPapers,
} from "../../src/domain/paper-inventory";

const PER_BOX = { "0_5": 1000, "0_7": 900, "1_0": 1000 };
const NOW = new Date("2026-03-02T12:00:00Z"); // a Monday
const row = (over: Partial<StockRow> = {}): StockRow => ({
  size: "0_5",
  boxes: 3,
  individual_papers: 250,
  low_threshold: 5,
  last_updated: "2026-03-01T08:00:00Z",
  alert_dismissed_at: null,
  ...over,
});

describe("paper totals (rules §6)", () => {
  it.each([
    [12, 347, 1000, 12347],
    [15, 250, 1000, 15250],
    [8, 0, 900, 7200],
  ])("%d boxes × %d per box + %d loose", (boxes, loose, perBox, total) => {
    expect(totalPapers(boxes, loose, perBox)).toBe(total);
  });

  it("labels sizes as the update message does", () => {
    expect(sizeLabel("0_5")).toBe("0.5g");
    expect(sizeLabel("1_0")).toBe("1.0g");
  });
});

describe("low-stock alerts and dismissal", () => {
  it("a size is low when boxes < threshold", () => {
    const { alerts } = alertsFor([row({ boxes: 5 }), row({ size: "0_7", boxes: 4 })], PER_BOX, NOW);
    expect(alerts).toEqual([{ size: "0_7", boxes: 4, threshold: 5, total_papers: 3850, dismissed: false }]);
  });

  it.each([
    ["dismissed an hour ago, no change since", "2026-03-02T11:00:00Z", "2026-03-01T08:00:00Z", true],
    ["dismissed 25 hours ago", "2026-03-01T11:00:00Z", "2026-02-28T08:00:00Z", false],
    ["stock changed after the dismissal", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", false],
  ])("%s → hidden: %s", (_, dismissedAt, lastUpdated, hidden) => {
    expect(isDismissed({ alert_dismissed_at: dismissedAt, last_updated: lastUpdated }, NOW)).toBe(hidden);
  });

  it("a dismissed low size moves to dismissed_alerts and comes back once the dismissal lapses", () => {
    const dismissed = row({ alert_dismissed_at: "2026-03-02T11:00:00Z" });
    expect(alertsFor([dismissed], PER_BOX, NOW)).toMatchObject({ alerts: [], dismissed: [{ size: "0_5", dismissed: true }] });
    expect(alertsFor([dismissed], PER_BOX, new Date("2026-03-03T11:00:01Z")).alerts).toHaveLength(1);
  });
});

describe("days remaining", () => {
  it.each([
    [10000, 2000, 20, 100],
    [7200, 4400, 22, 36],
    [500, 0, 22, null],
  ])("%d papers, %d used over %d work days → %s", (papers, used, days, expected) => {
    expect(daysRemaining(papers, used, days)).toBe(expected);
  });
});

describe("the GET /api/inventory/ answer", () => {
  it("has the documented nesting", () => {
    const rows = [
      row({ boxes: 10, individual_papers: 0 }),
      row({ size: "0_7", boxes: 8, individual_papers: 0 }),
      row({ size: "1_0", boxes: 12, individual_papers: 0 }),
    ];
    const out = inventoryReport(rows, PER_BOX, { "0_5": 4400 }, 22, NOW);
    expect(out.inventory.current_boxes).toEqual({ "0_5": 10, "0_7": 8, "1_0": 12 });
    expect(out.current_papers).toEqual({ "0_5": 10000, "0_7": 7200, "1_0": 12000 });
    expect(out.alerts).toEqual([]);
    expect(out.analytics.predicted_days_remaining).toEqual({ "0_5": 50, "0_7": null, "1_0": null });
  });
});
