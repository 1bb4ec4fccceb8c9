import { describe, expect, it } from "vitest";
import {
  appendRatePoint,
  parseRateHistory,
  productionRate,
  RATE_HISTORY_LIMIT,
  type RatePoint,
  rateMetrics,
  rateProjection,
  rateTrend,
  smoothedRate,
  workHours,
} from "../../src/domain/rates";

const T0 = Date.parse("2026-02-26T08:00:00.000Z");
const point = (hours: number, rate: number, total = 0): RatePoint => ({
  timestamp: new Date(T0 + hours * 3_600_000).toISOString(),
  rate,
  total_count: total,
});

describe("productionRate", () => {
  it("gives the documented 480 pre-rolls in 4 h → 120 per hour", () => {
    expect(productionRate(480, 4, 2)).toBe(120);
  });

  it.each([
    [480, 4, 1, null],
    [0, 4, 2, null],
    [480, 0, 2, null],
    [100, 3, 3, 33.3],
  ])("%i pre-rolls in %s h at stage %i → %s (N/A before stage 2 or without pre-rolls or time)", (count, hours, stage, expected) => {
    expect(productionRate(count, hours, stage)).toBe(expected);
  });
});

describe("workHours", () => {
  it("adds the open session up to now to the closed hours", () => {
    expect(workHours(2.5, new Date(T0).toISOString(), new Date(T0 + 1.5 * 3_600_000))).toBe(4);
    expect(workHours(2.5, null, new Date(T0))).toBe(2.5);
  });
});

describe("rate history", () => {
  it("keeps the newest 500 snapshots", () => {
    const full = Array.from({ length: RATE_HISTORY_LIMIT }, (_, i) => point(i, i));
    const next = appendRatePoint(full, point(999, 1));
    expect(next).toHaveLength(RATE_HISTORY_LIMIT);
    expect(next[0]?.rate).toBe(1);
    expect(next.at(-1)?.rate).toBe(1);
  });

  it("reads stored history tolerantly", () => {
    expect(parseRateHistory([point(0, 10), { rate: "x" }, null, 3])).toEqual([point(0, 10)]);
    expect(parseRateHistory("not an array")).toEqual([]);
  });
});

describe("rate metrics", () => {
  it("reports current, average, peak, smoothed, trend, confidence and sample count", () => {
    const history = [point(0, 40, 40), point(1, 44, 88), point(2, 48, 144)];
    expect(rateMetrics(history)).toEqual({
      current_rate: 48,
      average_rate: 44,
      peak_rate: 48,
      // EMA α = 0.3: 40 → 41.2 → 43.24
      smoothed_rate: 43.2,
      trend: "increasing",
      confidence: 0.3,
      sample_count: 3,
    });
  });

  it("is empty-handed without history", () => {
    expect(rateMetrics([])).toEqual({
      current_rate: null,
      average_rate: null,
      peak_rate: null,
      smoothed_rate: null,
      trend: "stable",
      confidence: 0,
      sample_count: 0,
    });
  });

  it.each([
    [[50, 55, 60, 65], "increasing"],
    [[65, 60, 55, 50], "decreasing"],
    [[50, 50.5, 50, 50.5], "stable"],
    [[50], "stable"],
  ] as const)("trend of %j per hour is %s (threshold: 5 percent of the mean per hour)", (rates, trend) => {
    expect(rateTrend(rates.map((r, i) => point(i, r)))).toBe(trend);
  });

  it("smooths a late spike", () => {
    expect(smoothedRate([40, 40, 40, 140])).toBe(70);
  });
});

describe("rateProjection", () => {
  it("weights recent batches more: the documented rates 42.0, 45.5, 48.2, 52.1", () => {
    // api.md shows projected_rate 48.5 and confidence 0.85 but no formula. rules.md §4.3 documents a
    // weighted mean with weights 1..n: (42 + 91 + 144.6 + 208.4) / 10 = 48.6, and confidence
    // min(1, n/5) × (1 − CV) = 0.8 × (1 − 3.698 / 46.95) = 0.737 → 0.74; we test the formula.
    expect(rateProjection([42.0, 45.5, 48.2, 52.1])).toEqual({
      projected_rate: 48.6,
      confidence: 0.74,
      sample_size: 4,
      historical_rates: [42.0, 45.5, 48.2, 52.1],
    });
  });

  it("uses the last 10 batches and full confidence for 5 equal rates", () => {
    expect(rateProjection([50, 50, 50, 50, 50])).toMatchObject({ projected_rate: 50, confidence: 1, sample_size: 5 });
    expect(rateProjection(Array.from({ length: 14 }, (_, i) => i + 1))?.historical_rates).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it("has no projection without data", () => {
    expect(rateProjection([])).toBeNull();
  });
});
