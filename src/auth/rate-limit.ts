import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { countRateLimitHit } from "../data/auth";
import type { AppEnv } from "../env";

/** Per-IP limits of api.md §0.4. */
export const RATE_LIMITS = {
  login: 5,
  "forgot-password": 2,
  "reset-password": 5,
} as const;

export function clientIp(c: Context): string {
  return (
    c.req.header("CF-Connecting-IP") ?? c.req.header("X-Real-IP") ?? c.req.header("X-Forwarded-For")?.split(",")[0]?.trim() ?? "unknown"
  );
}

/** Counts this request against its per-minute window; the one over the limit gets a 429. */
export async function enforceRateLimit(c: Context<AppEnv>, name: keyof typeof RATE_LIMITS, now = Date.now()) {
  const windowStart = Math.floor(now / 60_000) * 60_000;
  const hits = await countRateLimitHit(c.var.db, `${name}:${clientIp(c)}`, windowStart);
  if (hits > RATE_LIMITS[name]) {
    const retryAfter = Math.ceil((windowStart + 60_000 - now) / 1000);
    throw new HTTPException(429, {
      message: "Too many attempts. Please wait a minute and try again.",
      res: new Response(null, { headers: { "Retry-After": String(retryAfter) } }),
    });
  }
}
