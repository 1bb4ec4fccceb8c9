import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batchEditRefusal } from "../../src/domain/abilities";
import { type ClaimedOperator, operatorClaimIssue, packerInitials, QUEUED_WRITE_WINDOW_MS } from "../../src/domain/operators";
import { watchIdle } from "../../web/src/idle";

const NOW = Date.parse("2026-12-03T10:00:00Z");
const operator = (over: Partial<ClaimedOperator> = {}): ClaimedOperator => ({
  id: "u1",
  name: "Ana",
  active: true,
  role: "floor",
  lastSignInOnDevice: new Date(NOW - 3600_000).toISOString(),
  ...over,
});

describe("a write sent for another operator (operatorClaimIssue)", () => {
  it("is accepted from a device session for an active operator who signed in there recently and may do it", () => {
    expect(operatorClaimIssue({ deviceId: "d1" }, operator(), "write:counts", NOW)).toBeNull();
    expect(
      operatorClaimIssue(
        { deviceId: "d1" },
        operator({ lastSignInOnDevice: new Date(NOW - QUEUED_WRITE_WINDOW_MS).toISOString() }),
        "write:counts",
        NOW,
      ),
    ).toBeNull();
  });

  it("is refused without a device, for unknown, deactivated, never or long-ago signed-in operators, and beyond their role", () => {
    expect(operatorClaimIssue({ deviceId: null }, operator(), "write:counts", NOW)).toMatch(/Only a shared floor device/);
    expect(operatorClaimIssue({ deviceId: "d1" }, null, "write:counts", NOW)).toMatch(/unknown/);
    expect(operatorClaimIssue({ deviceId: "d1" }, operator({ active: false }), "write:counts", NOW)).toMatch(/deactivated/);
    expect(operatorClaimIssue({ deviceId: "d1" }, operator({ lastSignInOnDevice: null }), "write:counts", NOW)).toMatch(/not signed in/);
    const old = new Date(NOW - QUEUED_WRITE_WINDOW_MS - 1).toISOString();
    expect(operatorClaimIssue({ deviceId: "d1" }, operator({ lastSignInOnDevice: old }), "write:counts", NOW)).toMatch(/not signed in/);
    expect(operatorClaimIssue({ deviceId: "d1" }, operator({ lastSignInOnDevice: "garbage" }), "write:counts", NOW)).toMatch(
      /not signed in/,
    );
    expect(operatorClaimIssue({ deviceId: "d1" }, operator(), "write:production", NOW)).toMatch(/needs "write:production"/);
    expect(operatorClaimIssue({ deviceId: "d1" }, operator({ role: "viewer" }), "write:counts", NOW)).toMatch(/may not/);
  });
});

describe("packer initials (packerInitials)", () => {
  it("are the signed-in person's whenever an edit records packing, whatever was typed", () => {
    expect(packerInitials({ packed: 5, initials: "ZZ" }, { initials: "AB" })).toEqual({ packed: 5, initials: "AB" });
    expect(packerInitials({ packed: 5 }, { initials: "AB" })).toEqual({ packed: 5, initials: "AB" });
    expect(packerInitials({ initials: "ZZ" }, { initials: "AB" })).toEqual({ initials: "AB" });
  });

  it("leave other edits and anonymous callers alone", () => {
    expect(packerInitials({ packed: undefined, initials: undefined }, { initials: "AB" })).toEqual({
      packed: undefined,
      initials: undefined,
    });
    expect(packerInitials({ packed: 5, initials: "ZZ" }, null)).toEqual({ packed: 5, initials: "ZZ" });
  });
});

describe("idle timeout of a shared tablet (watchIdle)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires once after the idle time, and each touch or key starts the time again", () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    watchIdle({ ms: 120_000, onIdle, target, isOnline: () => true });
    vi.advanceTimersByTime(100_000);
    target.dispatchEvent(new Event("pointerdown"));
    vi.advanceTimersByTime(100_000);
    target.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(119_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    target.dispatchEvent(new Event("pointerdown"));
    vi.advanceTimersByTime(500_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("offline waits for the network to sign out; activity meanwhile keeps the session", () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    let online = false;
    watchIdle({ ms: 1000, onIdle, target, isOnline: () => online });
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
    target.dispatchEvent(new Event("touchstart"));
    online = true;
    target.dispatchEvent(new Event("online"));
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("stops watching when asked", () => {
    const target = new EventTarget();
    const onIdle = vi.fn();
    const stop = watchIdle({ ms: 1000, onIdle, target, isOnline: () => true });
    stop();
    vi.advanceTimersByTime(5000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe("per-field abilities of a batch edit (batchEditRefusal)", () => {
  const floor = ["read", "write:counts", "write:packing"] as const;
  const stored = { stage: 1, strain: "OG", is_infused: 0, source_materials: '[{"m":"1A"}]', notes: null };

  it("lets the stage and counts through, and fields sent with their stored values", () => {
    expect(batchEditRefusal(floor, stored, { stage: 2, counts_0_5: 9, counts_1_0: 1 })).toBeNull();
    expect(batchEditRefusal(floor, stored, { strain: "OG", is_infused: false, source_materials: [{ m: "1A" }], stage: 3 })).toBeNull();
  });

  it("names every other changed field, unless the caller has write:production", () => {
    expect(batchEditRefusal(floor, stored, { strain: "Kush", is_infused: true, stage: 2 })).toMatch(
      /^Forbidden: changing strain, is_infused needs the "write:production" ability/,
    );
    expect(batchEditRefusal(floor, stored, { notes: "x" })).toMatch(/changing notes/);
    expect(batchEditRefusal([...floor, "write:production"], stored, { strain: "Kush" })).toBeNull();
  });
});
