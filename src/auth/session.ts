import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { readConfig } from "../config";
import { insertSession, isSessionActive } from "../data/auth";
import type { AppEnv } from "../env";

const SESSION_COOKIE = "prt_session";
const ISSUER = "preroll-tracker";
const AUDIENCE = "preroll-tracker-web";
const REMEMBER_MS = 30 * 24 * 3600 * 1000;
/** A browser-session cookie still needs a server-side end: one working day and a half. */
const BROWSER_SESSION_MS = 36 * 3600 * 1000;

const Claims = z.object({ sid: z.string().min(1), iss: z.literal(ISSUER), aud: z.literal(AUDIENCE) });

function secretOf(c: Context<AppEnv>): Uint8Array {
  return new TextEncoder().encode(readConfig(c.env).SECRET_KEY);
}

/** Secure everywhere but plain-HTTP localhost, where browsers would drop the cookie. */
export function isLocalhost(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

/** `owner`: a named user's session (so writes carry who made them), with the device of a PIN sign-in; none for the original password. */
export async function startSession(
  c: Context<AppEnv>,
  remember: boolean,
  now = new Date(),
  owner?: { userId: string; deviceId?: string },
): Promise<void> {
  const sid = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + (remember ? REMEMBER_MS : BROWSER_SESSION_MS));
  await insertSession(c.var.db, { id: sid, expiresAt, remember, userId: owner?.userId, deviceId: owner?.deviceId }, now);
  const token = await new SignJWT({ sid })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(secretOf(c));
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: !isLocalhost(c),
    path: "/",
    ...(remember ? { maxAge: REMEMBER_MS / 1000 } : {}),
  });
}

/** The session id of a valid, unrevoked session cookie, or null. */
export async function readSession(c: Context<AppEnv>, now = new Date()): Promise<string | null> {
  const sid = await verifySessionToken(c, now);
  return sid !== null && (await isSessionActive(c.var.db, sid, now)) ? sid : null;
}

/** The session id a cookie's signed token names, before any check of the session row. */
export async function verifySessionToken(c: Context<AppEnv>, now = new Date()): Promise<string | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secretOf(c), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
    });
    const claims = Claims.safeParse(payload);
    return claims.success ? claims.data.sid : null;
  } catch {
    return null;
  }
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: !isLocalhost(c) });
}
