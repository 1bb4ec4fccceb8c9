import { describe, expect, it } from "vitest";
import {
  cooldownStart,
  DEFAULT_PUSHOVER,
  levelFor,
  lowStockMessage,
  maskUserKey,
  resolvePushover,
  stockByStrain,
  testMessage,
} from "../../src/domain/low-stock";

describe("low-stock levels (rules §9, gaps G-PUSH-1)", () => {
  const thresholds = { warning_grams: 500, critical_grams: 50 };
  it.each([
    [600, null],
    [500, null],
    [499.9, "warning"],
    [50, "warning"],
    [49.9, "critical"],
    [0, "critical"],
  ])("%d g → %s", (grams, level) => {
    expect(levelFor(grams, thresholds)).toBe(level);
  });

  it("sums available grams per strain across packages; over-committed packages count as 0", () => {
    expect(
      stockByStrain([
        { strain: "Blue Dream", available_grams: 300 },
        { strain: "Blue Dream", available_grams: 150.5 },
        { strain: "OG Kush", available_grams: -20 },
      ]),
    ).toEqual([
      { strain: "Blue Dream", available_grams: 450.5, packages: 2 },
      { strain: "OG Kush", available_grams: 0, packages: 1 },
    ]);
  });

  it("words the message as proposed and raises priority for critical", () => {
    expect(lowStockMessage({ strain: "Blue Dream", available_grams: 420, packages: 2 }, "warning", thresholds)).toEqual({
      title: "PreRollTracker – Low stock (warning)",
      message: "Blue Dream: 420 g available across 2 package(s) (threshold 500 g)",
      priority: 0,
    });
    expect(lowStockMessage({ strain: "OG Kush", available_grams: 12.345, packages: 1 }, "critical", thresholds).priority).toBe(1);
    expect(testMessage("critical")).toMatchObject({ message: "Test critical notification", priority: 1 });
  });

  it("masks the user key", () => {
    expect(maskUserKey("uQiRzpo4DXghDmr9QzzfQukey")).toBe("u****key");
    expect(maskUserKey("short")).toBe("****");
    expect(maskUserKey(null)).toBe("");
  });

  it("falls back to defaults field by field", () => {
    expect(resolvePushover({ warning_grams: 400, cooldown_hours: 0, enabled: "yes" })).toEqual({ ...DEFAULT_PUSHOVER, warning_grams: 400 });
  });

  it("opens the cooldown window cooldown_hours back", () => {
    expect(cooldownStart(new Date("2026-03-02T12:00:00Z"), 24).toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });
});
