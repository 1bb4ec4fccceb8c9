/**
 * The global failed sign-in budget. The per-address limit stops one machine;
 * a botnet guessing from thousands of addresses is stopped by counting every failed sign-in of
 * the deployment. Within a window the first GLOBAL_FAILED_LOGIN_BUDGET failures cost nothing
 * more; each failure past it pauses all sign-ins for twice as long as the one before, up to
 * MAX_PAUSE_MS. A successful sign-in clears the count.
 */
export const FAILED_LOGIN_WINDOW_MS = 60 * 60_000;
export const GLOBAL_FAILED_LOGIN_BUDGET = 20;
const FIRST_PAUSE_MS = 2_000;
export const MAX_PAUSE_MS = 15 * 60_000;

/** How long sign-in pauses after the `failures`-th failure of the window (0 within the budget). */
export function pauseAfterFailures(failures: number): number {
  const excess = failures - GLOBAL_FAILED_LOGIN_BUDGET;
  if (excess <= 0) return 0;
  // 2^20 × 2 s is far past the cap; stopping there keeps the number exact.
  return Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.min(excess - 1, 20));
}
