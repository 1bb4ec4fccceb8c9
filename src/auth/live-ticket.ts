import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { readConfig } from "../config";
import { findActiveApiKeys, isSessionActive } from "../data/auth";
import { isScopedKeyIdActive } from "../data/people";
import { consumeLiveTicket } from "../data/sign-in-guards";
import type { Db, OptionalSecrets, Principal } from "../env";

/**
 * A short-lived ticket lets a client that cannot set headers on a WebSocket (a browser's
 * `new WebSocket()` with an API key, a kiosk) open `/api/live?ticket=…`. It is a JWT signed with
 * SECRET_KEY, with its own audience so neither a session cookie nor a ticket can stand in for
 * the other. It only opens a socket; it grants nothing else. It opens one socket only (its id is
 * recorded when used) and is bound to the session or key that asked for it: it stops working when
 * that session is signed out or that key replaced, and the socket it opened is closed then.
 */
export const LIVE_TICKET_TTL_SECONDS = 60;
export const INVALID_TICKET = "Invalid or expired ticket";

const ISSUER = "preroll-tracker";
const AUDIENCE = "preroll-tracker-live";
const MAX_TICKET_CHARS = 1024;

const Claims = z.object({
  kind: z.enum(["session", "api_key"]),
  sub: z.string().min(1).max(100),
  jti: z.string().min(1).max(100),
  exp: z.number(),
  iss: z.literal(ISSUER),
  aud: z.literal(AUDIENCE),
});
type TicketClaims = { principal: Principal; jti: string; expiresAtMs: number };

function secretOf(env: Env & OptionalSecrets): Uint8Array {
  return new TextEncoder().encode(readConfig(env).SECRET_KEY);
}

function subjectOf(principal: Principal): string {
  return principal.kind === "session" ? principal.sessionId : principal.keyId;
}

export async function issueLiveTicket(env: Env & OptionalSecrets, principal: Principal, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ kind: principal.kind })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(subjectOf(principal))
    .setJti(crypto.randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + LIVE_TICKET_TTL_SECONDS)
    .sign(secretOf(env));
}

/** The ticket's claims, or null when it is forged, expired or malformed. Does not use it up. */
async function verifyLiveTicket(env: Env & OptionalSecrets, ticket: string, now = new Date()): Promise<TicketClaims | null> {
  if (ticket.length === 0 || ticket.length > MAX_TICKET_CHARS) return null;
  try {
    const { payload } = await jwtVerify(ticket, secretOf(env), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["exp", "iat", "jti", "sub"],
    });
    const claims = Claims.safeParse(payload);
    if (!claims.success) return null;
    const { kind, sub, jti, exp } = claims.data;
    const principal: Principal = kind === "session" ? { kind, sessionId: sub } : { kind, keyId: sub };
    return { principal, jti, expiresAtMs: exp * 1000 };
  } catch {
    return null;
  }
}

/**
 * The principal a ticket opens a socket for, or null: the ticket must verify, its session or key
 * must still be active, and it must not have been used before (the first use records it).
 */
export async function redeemLiveTicket(env: Env & OptionalSecrets, db: Db, ticket: string, now = new Date()): Promise<Principal | null> {
  const claims = await verifyLiveTicket(env, ticket, now);
  if (!claims) return null;
  const { principal } = claims;
  const active =
    principal.kind === "session"
      ? await isSessionActive(db, principal.sessionId, now)
      : (await findActiveApiKeys(db)).some((key) => key.id === principal.keyId) || (await isScopedKeyIdActive(db, principal.keyId));
  if (!active) return null;
  return (await consumeLiveTicket(db, claims.jti, claims.expiresAtMs, now.getTime())) ? principal : null;
}
