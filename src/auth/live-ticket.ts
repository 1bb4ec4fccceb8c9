import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { readConfig } from "../config";
import type { OptionalSecrets } from "../env";

/**
 * A short-lived ticket lets a client that cannot set headers on a WebSocket (a browser's
 * `new WebSocket()` with an API key, a kiosk) open `/api/live?ticket=…`. It is a JWT signed with
 * SECRET_KEY, with its own audience so neither a session cookie nor a ticket can stand in for
 * the other. It only opens a socket; it grants nothing else.
 */
export const LIVE_TICKET_TTL_SECONDS = 60;
export const INVALID_TICKET = "Invalid or expired ticket";

const ISSUER = "preroll-tracker";
const AUDIENCE = "preroll-tracker-live";
const MAX_TICKET_CHARS = 1024;

const Claims = z.object({ kind: z.enum(["session", "api_key"]), iss: z.literal(ISSUER), aud: z.literal(AUDIENCE) });
export type TicketPrincipal = z.infer<typeof Claims>["kind"];

function secretOf(env: Env & OptionalSecrets): Uint8Array {
  return new TextEncoder().encode(readConfig(env).SECRET_KEY);
}

export async function issueLiveTicket(env: Env & OptionalSecrets, kind: TicketPrincipal, now = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ kind })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(crypto.randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + LIVE_TICKET_TTL_SECONDS)
    .sign(secretOf(env));
}

/** The kind of principal the ticket was issued to, or null when it is forged, expired or malformed. */
export async function verifyLiveTicket(env: Env & OptionalSecrets, ticket: string, now = new Date()): Promise<TicketPrincipal | null> {
  if (ticket.length === 0 || ticket.length > MAX_TICKET_CHARS) return null;
  try {
    const { payload } = await jwtVerify(ticket, secretOf(env), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
      currentDate: now,
      requiredClaims: ["exp", "iat"],
    });
    const claims = Claims.safeParse(payload);
    return claims.success ? claims.data.kind : null;
  } catch {
    return null;
  }
}
