import { describe, expect, it } from "vitest";
import { afterAttempt, isLocked, isValidPin, lockRemainingMs, NO_LOCK, PIN_LOCK_MS, type PinLock } from "../../src/domain/pin-lockout";

function wrong(times: number, start: PinLock = NO_LOCK, nowMs = 1_000): PinLock {
  let state = start;
  for (let i = 0; i < times; i++) state = afterAttempt(state, false, nowMs);
  return state;
}

describe("PIN lockout", () => {
  it("four wrong PINs do not lock", () => {
    const state = wrong(4);
    expect(state).toEqual({ failures: 4, lockedUntil: 0 });
    expect(isLocked(state, 1_000)).toBe(false);
  });

  it("the fifth wrong PIN locks for five minutes", () => {
    const state = wrong(5);
    expect(isLocked(state, 1_000)).toBe(true);
    expect(lockRemainingMs(state, 1_000)).toBe(PIN_LOCK_MS);
    expect(isLocked(state, 1_000 + PIN_LOCK_MS - 1)).toBe(true);
    expect(isLocked(state, 1_000 + PIN_LOCK_MS)).toBe(false);
    expect(lockRemainingMs(state, 1_000 + PIN_LOCK_MS + 5)).toBe(0);
  });

  it("a right PIN clears the count", () => {
    expect(afterAttempt(wrong(4), true, 1_000)).toEqual(NO_LOCK);
  });

  it("after a lock runs out, the count starts again from one", () => {
    const locked = wrong(5);
    const after = afterAttempt(locked, false, 1_000 + PIN_LOCK_MS + 1);
    expect(after).toEqual({ failures: 1, lockedUntil: 0 });
  });

  it("PINs are 4 to 6 digits", () => {
    expect(isValidPin("1234")).toBe(true);
    expect(isValidPin("123456")).toBe(true);
    expect(isValidPin("123")).toBe(false);
    expect(isValidPin("1234567")).toBe(false);
    expect(isValidPin("12a4")).toBe(false);
    expect(isValidPin(" 1234")).toBe(false);
  });
});
