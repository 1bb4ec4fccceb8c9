/** PIN lockout, so a 4-digit PIN cannot be guessed on a tablet: 5 wrong PINs lock that operator on that device for 5 minutes. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MS = 5 * 60_000;

export type PinLock = { failures: number; lockedUntil: number };

export const NO_LOCK: PinLock = { failures: 0, lockedUntil: 0 };

export function isLocked(state: PinLock, nowMs: number): boolean {
  return state.lockedUntil > nowMs;
}

/** Milliseconds until the lock ends (0 when not locked). */
export function lockRemainingMs(state: PinLock, nowMs: number): number {
  return Math.max(0, state.lockedUntil - nowMs);
}

/**
 * The state after one attempt that was not refused for a lock. A right PIN clears the count; the
 * fifth wrong one in a row locks and starts a fresh count for after the lock.
 */
export function afterAttempt(state: PinLock, correct: boolean, nowMs: number): PinLock {
  if (correct) return NO_LOCK;
  // A lock that has run out starts the count again.
  const failures = (state.lockedUntil !== 0 && state.lockedUntil <= nowMs ? 0 : state.failures) + 1;
  if (failures >= PIN_MAX_FAILURES) return { failures: 0, lockedUntil: nowMs + PIN_LOCK_MS };
  return { failures, lockedUntil: 0 };
}

/** 4–6 digits. */
export function isValidPin(pin: string): boolean {
  return /^\d{4,6}$/.test(pin);
}
