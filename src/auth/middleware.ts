import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Actor } from "../data/audit";
import { findDeviceOperator, findSessionOwner, type SessionUser } from "../data/people";
import { ABILITIES, type Ability, missingAbility, ORIGINAL_ADMIN_ID, ROLE_ABILITIES } from "../domain/abilities";
import { OPERATOR_HEADER, operatorClaimIssue } from "../domain/operators";
import type { AppEnv, Principal } from "../env";
import { verifyApiKey } from "./api-key";
import type { AuthMode } from "./auth-mode";
import { clientIp } from "./rate-limit";
import { isScopedKey, noteKeyUse, verifyScopedKey } from "./scoped-keys";
import { verifySessionToken } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const AUTH_REQUIRED = "Authentication required";
export const INVALID_API_KEY = "Invalid API key";
export const CROSS_SITE_REFUSED = "Cross-site request refused: this write must come from the app's own pages";

/**
 * CSRF for cookie writes (api.md §0.2). A foreign Origin is always refused. With
 * no Origin at all the caller is a script, not a browser (browsers send Origin on every
 * cross-origin POST/PUT/PATCH/DELETE), and the original API accepted it: a JSON body (which a
 * cross-site page cannot send without a preflight) or a body-less DELETE passes. The bodies an
 * HTML form can send (form-encoded, multipart, text/plain) and anything else need a same-origin Origin.
 */
export function isAcceptedCookieWrite(c: Context): boolean {
  const origin = c.req.header("Origin");
  if (origin !== undefined) return origin === new URL(c.req.url).origin;
  // A browser that names another site as the source is refused even if Origin were stripped.
  const site = c.req.header("Sec-Fetch-Site");
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType)) return true;
  return c.req.method === "DELETE" && mediaType === "" && !hasBody(c);
}

function hasBody(c: Context): boolean {
  if (c.req.header("Transfer-Encoding") !== undefined) return true;
  const length = c.req.header("Content-Length");
  return length !== undefined && length !== "0";
}

/**
 * Checks the caller against a route's auth mode and records who it is; throws 401/403 otherwise.
 * Order of checks (api.md §0.1): the API key header first, then the session. Session-only routes
 * ignore the key entirely, as in the original. A plain call, not a middleware: every API route
 * runs it, and a middleware layer costs each request a step of Hono's chain.
 */
export async function authorize(c: Context<AppEnv>, mode: AuthMode, ability: Ability = "read"): Promise<void> {
  if (mode === "none") return;
  const presentedKey = c.req.header("X-API-Key");
  if (mode === "key-or-session" && presentedKey !== undefined) {
    const principal = await keyPrincipal(c, presentedKey);
    if (!principal) throw new HTTPException(401, { message: INVALID_API_KEY });
    c.set("principal", principal);
    requireAbility(principal, ability);
    return;
  }
  const now = new Date();
  const sessionId = await verifySessionToken(c, now);
  // One query checks the session and reads its user; a deactivated user's session is refused here.
  const owner = sessionId ? await findSessionOwner(c.var.db, sessionId, now) : null;
  if (!sessionId || !owner) throw new HTTPException(401, { message: AUTH_REQUIRED });
  if (!SAFE_METHODS.has(c.req.method) && !isAcceptedCookieWrite(c)) {
    throw new HTTPException(403, { message: CROSS_SITE_REFUSED });
  }
  const claimed = c.req.header(OPERATOR_HEADER);
  const user = claimed && claimed !== owner.user.id ? await actingOperator(c, owner.deviceId, claimed, ability, now) : owner.user;
  const principal: Principal = { kind: "session", sessionId, user };
  c.set("principal", principal);
  requireAbility(principal, ability);
}

/**
 * The operator a queued write names (the outbox's X-Operator header) when it is not the one signed
 * in: accepted only as domain/operators.ts allows, and the write is then theirs in every record.
 */
async function actingOperator(
  c: Context<AppEnv>,
  deviceId: string | null,
  claimed: string,
  ability: Ability,
  now: Date,
): Promise<SessionUser> {
  const row = deviceId && claimed.length <= 64 ? await findDeviceOperator(c.var.db, claimed, deviceId) : undefined;
  const operator = row ? { ...row, active: row.active === 1, lastSignInOnDevice: row.lastSignIn } : null;
  const issue = operatorClaimIssue({ deviceId }, operator, ability, now.getTime());
  if (issue || !row) throw new HTTPException(403, { message: issue ?? "The operator who queued this change is unknown" });
  return { id: row.id, name: row.name, initials: row.initials, role: row.role };
}

async function keyPrincipal(c: Context<AppEnv>, presented: string): Promise<Principal | null> {
  if (isScopedKey(presented)) {
    const scoped = await verifyScopedKey(c.var.db, presented);
    if (scoped) {
      await noteKeyUse(c.var.db, scoped.id, clientIp(c));
      return { kind: "api_key", keyId: scoped.id, scoped: { name: scoped.name, abilities: scoped.abilities } };
    }
  }
  const keyId = await verifyApiKey(c.var.db, presented);
  return keyId ? { kind: "api_key", keyId } : null;
}

/** What the caller may do: the original key and the original admin everything, others by role or key. */
export function abilitiesOf(principal: Principal | undefined): readonly Ability[] {
  if (!principal) return [];
  if (principal.kind === "api_key") return principal.scoped?.abilities ?? ABILITIES;
  return principal.user ? ROLE_ABILITIES[principal.user.role] : ABILITIES;
}

function requireAbility(principal: Principal, ability: Ability): void {
  if (!abilitiesOf(principal).includes(ability)) throw new HTTPException(403, { message: missingAbility(ability) });
}

/** The named person a session belongs to (the shared original password is nobody in particular), or null. */
export function signedInPerson(c: Context<AppEnv>): SessionUser | null {
  const principal = c.var.principal;
  if (principal?.kind !== "session" || !principal.user) return null;
  return principal.user.id === ORIGINAL_ADMIN_ID ? null : principal.user;
}

/**
 * Who is acting, as written into audit rows, events and histories. The original admin password and
 * the original key keep the original's values ("session", "api_key"); named users and keys are
 * written by name, so history keeps the name after a user is deactivated or a key revoked.
 */
export function actorOf(c: Context<AppEnv>): Actor {
  const principal = c.var.principal;
  if (!principal) return "system";
  if (principal.kind === "api_key") return principal.scoped ? `key:${principal.scoped.name}` : "api_key";
  return principal.user && principal.user.id !== ORIGINAL_ADMIN_ID ? `user:${principal.user.name}` : "session";
}
