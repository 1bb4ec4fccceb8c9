import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { readConfig } from "../config";
import { countRateLimitHit } from "../data/auth";
import { clearFailedSignIns, countFailedSignIn, pauseSignIn, signInPausedUntil } from "../data/sign-in-guards";
import { addressBucket } from "../domain/client-address";
import { pauseAfterFailures } from "../domain/login-backoff";
import type { AppEnv, OptionalSecrets } from "../env";

/** Per-address limits of api.md §0.4 (an IPv6 address counts per /64). */
const RATE_LIMITS = {
  login: 5,
  "forgot-password": 2,
  "reset-password": 5,
} as const;

const TOO_MANY_ATTEMPTS = "Too many attempts. Please wait a minute and try again.";
const SIGN_IN_PAUSED = "Too many failed sign-ins. Sign-in is paused for a short while; please try again later.";

/**
 * The caller's address as Cloudflare saw it. `X-Forwarded-For` and `X-Real-IP` are whatever the
 * caller wrote, so they are read only by a local `wrangler dev` (ENVIRONMENT=development), where
 * no Cloudflare edge sets CF-Connecting-IP; elsewhere a request without it counts as "unknown".
 */
export function clientIp(c: Context<AppEnv>): string {
  const edge = c.req.header("CF-Connecting-IP");
  if (edge) return edge;
  if (readConfig(c.env as Env & OptionalSecrets).ENVIRONMENT === "development") {
    const forwarded = c.req.header("X-Forwarded-For")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  return "unknown";
}

/** Counts this request against its per-minute window; the one over the limit gets a 429. */
export async function enforceRateLimit(c: Context<AppEnv>, name: keyof typeof RATE_LIMITS, now = Date.now()) {
  const windowStart = Math.floor(now / 60_000) * 60_000;
  const hits = await countRateLimitHit(c.var.db, `${name}:${addressBucket(clientIp(c))}`, windowStart);
  if (hits > RATE_LIMITS[name]) throw tooMany(TOO_MANY_ATTEMPTS, windowStart + 60_000 - now);
}

/** Refuses every sign-in while the global failed-login budget has paused it. */
export async function assertSignInOpen(c: Context<AppEnv>, now = Date.now()): Promise<void> {
  const until = await signInPausedUntil(c.var.db);
  if (until > now) throw tooMany(SIGN_IN_PAUSED, until - now);
}

/** Counts a failed sign-in against the global budget and pauses sign-in once it is spent. */
export async function recordFailedSignIn(c: Context<AppEnv>, now = Date.now()): Promise<void> {
  const failures = await countFailedSignIn(c.var.db, now);
  const pauseMs = pauseAfterFailures(failures);
  if (pauseMs > 0) await pauseSignIn(c.var.db, now + pauseMs);
}

export async function recordSuccessfulSignIn(c: Context<AppEnv>): Promise<void> {
  await clearFailedSignIns(c.var.db);
}

function tooMany(message: string, waitMs: number): HTTPException {
  return new HTTPException(429, {
    message,
    res: new Response(null, { headers: { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) } }),
  });
}
