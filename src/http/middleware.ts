import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createDb } from "../db/client";
import type { AppEnv } from "../env";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Strict CSP for pages: only this origin's scripts, styles, images, sockets and workers. */
const PAGE_CSP = [
  "default-src 'self'",
  // WebAssembly compile only (the packing page's self-hosted barcode decoder); no eval of scripts.
  "script-src 'self' 'wasm-unsafe-eval'",
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

/** What every answer carries: never sniff a type, never be framed. */
const COMMON_HEADERS: [string, string][] = [["X-Content-Type-Options", "nosniff"]];

/**
 * JSON never renders, so its CSP forbids everything (which also forbids framing). Headers that only
 * matter to a browser rendering a page (HSTS, Referrer-Policy, COOP, CORP, Permissions-Policy) go
 * on pages: a browser learns HSTS from the first page it loads, and every header here costs each
 * of the many small API answers a call into the runtime and bytes on the wire.
 */
const API_HEADERS: [string, string][] = [...COMMON_HEADERS, ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"]];

const PAGE_HEADERS: [string, string][] = [
  ...COMMON_HEADERS,
  ["Content-Security-Policy", PAGE_CSP],
  ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"],
  ["Referrer-Policy", "same-origin"],
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["X-Frame-Options", "DENY"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  // The packing page may use this origin's camera to read METRC tags (scanner fallback).
  ["Permissions-Policy", "camera=(self), microphone=(), geolocation=()"],
];

/**
 * The id that ties a failure to its log line: the caller's `X-Request-Id`, else Cloudflare's
 * `CF-Ray`, else a fresh UUID. Made on first use, so requests that never log pay nothing.
 */
export function requestIdOf(c: Context<AppEnv>): string {
  let id = c.get("requestId");
  if (!id) {
    id = c.req.header("X-Request-Id")?.slice(0, 64) || c.req.header("CF-Ray") || crypto.randomUUID();
    c.set("requestId", id);
  }
  return id;
}

const tooLarge = (c: Context) => c.json({ error: "Request body is larger than 16 MB" }, 413);

/** Counts the bytes of a body sent without a length (chunked) and stops at the limit. */
const limitStreamedBody = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });

/**
 * Bodies over 16 MB are refused. A declared Content-Length decides at once; only a body without
 * one is counted as it streams. GET and HEAD bodies are never read, so they are not looked at.
 */
function bodyVerdict(c: Context): "fine" | "too-large" | "count-as-it-streams" {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD") return "fine";
  const declared = c.req.header("Content-Length");
  if (declared === undefined || c.req.header("Transfer-Encoding") !== undefined) return "count-as-it-streams";
  return Number(declared) > MAX_BODY_BYTES ? "too-large" : "fine";
}

/**
 * The one middleware (each layer costs every request a step of the chain): the db handle and the
 * body limit on the way in; on the way out the security headers (pages get the full set, JSON a
 * short one) and `no-store` on API answers that set no caching of their own. A request id goes
 * back when the caller sent one or the answer is a server error, the two cases where someone
 * will look for it.
 */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set("db", createDb(c.env.DB));
  const body = bodyVerdict(c);
  if (body === "too-large") c.res = tooLarge(c);
  else if (body === "fine") await next();
  else {
    // Hono's limiter answers its 413 as a Response; otherwise it passes on what the chain returned.
    const refused = await limitStreamedBody(c, next);
    if (refused instanceof Response) c.res = refused;
  }
  const res = c.res;
  // A WebSocket upgrade's 101 carries the runtime's own immutable headers. A 304 sends only what
  // updates the stored answer (ETag, Cache-Control; RFC 9110 §15.4.5): that answer has the rest.
  if (res.status === 101 || res.status === 304) return;
  const isApi = c.req.path.startsWith("/api/");
  const headers = res.headers;
  for (const [name, value] of isApi ? API_HEADERS : PAGE_HEADERS) headers.set(name, value);
  if (isApi && !headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
  if (res.status >= 500 || c.get("requestId") || c.req.header("X-Request-Id")) headers.set("X-Request-Id", requestIdOf(c));
};
