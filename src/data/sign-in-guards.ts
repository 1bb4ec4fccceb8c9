import { eq, lt, sql } from "drizzle-orm";
import { loginThrottle, usedLiveTickets } from "../db/schema";
import { FAILED_LOGIN_WINDOW_MS } from "../domain/login-backoff";
import type { Db } from "../env";

const GLOBAL = "global";

/** Epoch ms until which every sign-in is paused (0 when it is not). */
export async function signInPausedUntil(db: Db): Promise<number> {
  const row = await db.select({ until: loginThrottle.paused_until }).from(loginThrottle).where(eq(loginThrottle.scope, GLOBAL)).get();
  return row?.until ?? 0;
}

/**
 * Counts one failed sign-in in the current window (a window older than FAILED_LOGIN_WINDOW_MS
 * starts over), atomically, and returns the count so far.
 */
export async function countFailedSignIn(db: Db, nowMs: number): Promise<number> {
  const expired = nowMs - FAILED_LOGIN_WINDOW_MS;
  const row = await db
    .insert(loginThrottle)
    .values({ scope: GLOBAL, window_start: nowMs, failures: 1, paused_until: 0 })
    .onConflictDoUpdate({
      target: loginThrottle.scope,
      set: {
        failures: sql`CASE WHEN ${loginThrottle.window_start} < ${expired} THEN 1 ELSE ${loginThrottle.failures} + 1 END`,
        window_start: sql`CASE WHEN ${loginThrottle.window_start} < ${expired} THEN ${nowMs} ELSE ${loginThrottle.window_start} END`,
      },
    })
    .returning({ failures: loginThrottle.failures })
    .get();
  return row?.failures ?? 1;
}

/** Pauses sign-in until `untilMs`; a longer pause already set stays. */
export async function pauseSignIn(db: Db, untilMs: number): Promise<void> {
  await db
    .update(loginThrottle)
    .set({ paused_until: sql`MAX(${loginThrottle.paused_until}, ${untilMs})` })
    .where(eq(loginThrottle.scope, GLOBAL));
}

/** A successful sign-in clears the failed count and any pause. */
export async function clearFailedSignIns(db: Db): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.scope, GLOBAL));
}

/**
 * Marks a live ticket used; true only for the first request that presents it. Tickets whose
 * lifetime is over are dropped in the same batch, so the table holds a minute of tickets at most.
 */
export async function consumeLiveTicket(db: Db, jti: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
  const [, inserted] = await db.batch([
    db.delete(usedLiveTickets).where(lt(usedLiveTickets.expires_at, nowMs)),
    db.insert(usedLiveTickets).values({ jti, expires_at: expiresAtMs }).onConflictDoNothing().returning({ jti: usedLiveTickets.jti }),
  ]);
  return inserted.length === 1;
}
