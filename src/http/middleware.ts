import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Strict CSP for pages: only this origin's scripts, styles, images, sockets and workers. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "manifest-src 'self'",
  "worker-src 'self'",
].join("; ");

const COMMON_HEADERS: [string, string][] = [
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "same-origin"],
  ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
];

/** JSON never renders: nothing may load from it and nothing may frame it. */
const API_HEADERS: [string, string][] = [...COMMON_HEADERS, ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"]];

const PAGE_HEADERS: [string, string][] = [
  ...COMMON_HEADERS,
  ["Content-Security-Policy", PAGE_CSP],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Permissions-Policy", "camera=(), microphone=(), geolocation=()"],
];

/**
 * One middleware for what every request needs: a request id, the db handle, and on the way out the
 * security headers (pages get the full set, JSON a short one: each header costs a call into the
 * runtime) and `no-store` on API answers that set no caching of their own.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const requestId = c.req.header("X-Request-Id")?.slice(0, 64) || crypto.randomUUID();
  c.set("requestId", requestId);
  c.set("db", createDb(c.env.DB));
  await next();
  // A WebSocket upgrade's 101 carries the runtime's own immutable headers.
  if (c.res.status === 101) return;
  const isApi = c.req.path.startsWith("/api/");
  const headers = c.res.headers;
  for (const [name, value] of isApi ? API_HEADERS : PAGE_HEADERS) headers.set(name, value);
  headers.set("X-Request-Id", requestId);
  if (isApi && !headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
};

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => c.json({ error: "Request body is larger than 16 MB" }, 413),
});
