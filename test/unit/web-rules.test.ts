import { describe, expect, it } from "vitest";
import { newerCounts, pendingFor, withPendingDeltas } from "../../web/src/data/counts";
import type { OutboxOp } from "../../web/src/data/outbox";
import { retryDelay } from "../../web/src/data/outbox";
import { currentNavHref } from "../../web/src/nav";
import { ALL_FIELDS, bodyOf, toInput } from "../../web/src/pages/batch-fields";

/** Pure rules of the floor PWA that decide what the floor sees and what is sent. */

const op = (over: Partial<OutboxOp>): OutboxOp => ({
  id: crypto.randomUUID(),
  seq: 1,
  method: "POST",
  path: "/api/batch/b1/count-deltas",
  label: "tap",
  topics: ["batches"],
  createdAt: "2026-12-03T00:00:00Z",
  attempts: 0,
  state: "queued",
  ...over,
});

describe("counts on the plan page", () => {
  it("adds every queued tap of this batch to the server's counts, and nothing of other batches or refused taps", () => {
    const ops = [
      op({ effect: { kind: "count-delta", batchId: "b1", size: "0_5", delta: 25 } }),
      op({ effect: { kind: "count-delta", batchId: "b1", size: "0_5", delta: 50 } }),
      op({ effect: { kind: "count-delta", batchId: "b1", size: "1_0", delta: -25 } }),
      op({ effect: { kind: "count-delta", batchId: "b2", size: "0_5", delta: 100 } }),
      op({ state: "refused", effect: { kind: "count-delta", batchId: "b1", size: "0_7", delta: 100 } }),
    ];
    expect(withPendingDeltas({ "0_5": 100, "0_7": 10, "1_0": 40 }, ops, "b1")).toEqual({ "0_5": 175, "0_7": 10, "1_0": 15 });
    expect(pendingFor(ops, "b1")).toBe(3);
    expect(pendingFor(ops, "b1", "0_5")).toBe(2);
  });

  it("keeps the copy with the higher version, so a late read never moves a count back", () => {
    const fresh = { counts: { "0_5": 150, "0_7": 0, "1_0": 0 }, version: 7 };
    const late = { counts: { "0_5": 125, "0_7": 0, "1_0": 0 }, version: 6 };
    expect(newerCounts(fresh, late)).toBe(fresh);
    expect(newerCounts(late, fresh)).toBe(fresh);
    expect(newerCounts(null, late)).toBe(late);
  });
});

describe("outbox retry delay", () => {
  it("grows from about a second to at most 30 s", () => {
    expect(retryDelay(1, () => 0)).toBe(1000);
    expect(retryDelay(1, () => 1)).toBe(2000);
    expect(retryDelay(3, () => 1)).toBe(8000);
    expect(retryDelay(20, () => 1)).toBe(30_000);
    expect(retryDelay(20, () => 0)).toBe(15_000);
  });
});

describe("navigation", () => {
  it("marks the item a path belongs to", () => {
    expect(currentNavHref("/admin")).toBe("/admin");
    expect(currentNavHref("/admin/batch/new")).toBe("/admin/batch/new");
    expect(currentNavHref("/admin/batch/abc/plan")).toBe("/admin");
    expect(currentNavHref("/admin/settings")).toBe("/admin/settings");
    expect(currentNavHref("/packing/history")).toBe("/packing");
    expect(currentNavHref("/nowhere")).toBeNull();
  });
});

describe("batch form body", () => {
  const values = (over: Record<string, string>): Record<string, string> => {
    const base: Record<string, string> = {};
    for (const f of ALL_FIELDS) base[f.name] = toInput(f, null);
    return { ...base, testing_status: "none", packaging_status: "available", ...over };
  };

  it("on create sends the filled fields with numbers as numbers and leaves empty ones out", () => {
    const body = bodyOf(
      values({ strain: "Gelato", input_grams: "1000", target_grams_each: "0.5", thc_percent: "21.5", is_infused: "1" }),
      null,
    );
    expect(body).toEqual({
      strain: "Gelato",
      input_grams: 1000,
      target_grams_each: 0.5,
      thc_percent: 21.5,
      is_infused: true,
      testing_status: "none",
      packaging_status: "available",
    });
  });

  it("on edit sends only what changed; a cleared optional field is null, a cleared count is 0", () => {
    const before = values({ strain: "Gelato", input_grams: "1000", thc_percent: "20", counts_0_5: "150", stage: "1" });
    const after = { ...before, thc_percent: "", counts_0_5: "", stage: "2" };
    expect(bodyOf(after, before)).toEqual({ thc_percent: null, counts_0_5: 0, stage: 2 });
    expect(bodyOf(before, before)).toEqual({});
  });

  it("test results: words are kept as notes and shown as words, JSON stays JSON, a cleared box is null", () => {
    const field = ALL_FIELDS.find((f) => f.name === "test_results");
    if (!field) throw new Error("no test_results field");
    const before = values({ strain: "Gelato", test_results: toInput(field, { notes: "THC 24.1 %, passed" }) });
    expect(before.test_results).toBe("THC 24.1 %, passed");
    expect(bodyOf({ ...before, test_results: "THC 25 %, passed" }, before)).toEqual({ test_results: { notes: "THC 25 %, passed" } });
    expect(bodyOf({ ...before, test_results: '{"thc": 24.1, "passed": true}' }, before)).toEqual({
      test_results: { thc: 24.1, passed: true },
    });
    expect(bodyOf({ ...before, test_results: "{not json" }, before)).toEqual({ test_results: { notes: "{not json" } });
    expect(bodyOf({ ...before, test_results: "  " }, before)).toEqual({ test_results: null });
    expect(toInput(field, { thc: 24.1, passed: true })).toBe('{\n  "thc": 24.1,\n  "passed": true\n}');
  });
});
