import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { generateToken, timingSafeEqualText } from "./crypto";
import { isLocalhost } from "./session";

const CSRF_COOKIE = "prt_csrf";

/** Double-submit token for the server-rendered forms (login, recovery, reset). */
export function csrfTokenFor(c: Context): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && existing.length >= 32) return existing;
  const token = generateToken(32);
  setCookie(c, CSRF_COOKIE, token, { httpOnly: true, sameSite: "Strict", secure: !isLocalhost(c), path: "/" });
  return token;
}

/** A form post must echo the cookie's token and, when the browser says where it came from, be same-origin. */
export function assertCsrf(c: Context, formToken: unknown): void {
  const cookie = getCookie(c, CSRF_COOKIE);
  const origin = c.req.header("Origin");
  const sameOrigin = !origin || origin === new URL(c.req.url).origin;
  const tokenOk = typeof formToken === "string" && !!cookie && timingSafeEqualText(formToken, cookie);
  if (!sameOrigin || !tokenOk) {
    throw new HTTPException(400, { message: "The form has expired. Reload the page and try again." });
  }
}
