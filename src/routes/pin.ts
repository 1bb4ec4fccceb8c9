import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { sha256Hex } from "../auth/crypto";
import { CROSS_SITE_REFUSED, isAcceptedCookieWrite } from "../auth/middleware";
import { verifyPassword } from "../auth/password";
import { enforceRateLimit } from "../auth/rate-limit";
import { startSession } from "../auth/session";
import { PasswordSignedIn, PasswordSignInBody, type PinOperator, PinOperatorsView, PinSignedIn, PinSignInBody } from "../contracts/people";
import { eventStatement } from "../data/events";
import { findActiveDeviceByHash, findUser, findUserByName, listPinOperators, readPinLock, touchDevice, writePinLock } from "../data/people";
import { ORIGINAL_ADMIN_ID } from "../domain/abilities";
import { afterAttempt, isLocked, isValidPin, lockRemainingMs, PIN_MAX_FAILURES } from "../domain/pin-lockout";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { DEVICE_COOKIE } from "./access";
import { PEOPLE_TAG } from "./people";

/** PIN sign-in on approved floor devices, and password sign-in for named admins and leads. */
export const pin = new Hono<AppEnv>();

export const DEVICE_NOT_APPROVED = "This device is not approved for PIN sign-in: an admin approves it in People";
const WRONG_PIN = "Wrong PIN";
const WRONG_NAME_OR_PASSWORD = "Invalid name or password";

async function deviceOf(c: Context<AppEnv>): Promise<{ id: string; name: string } | null> {
  const token = getCookie(c, DEVICE_COOKIE);
  return (token && token.length <= 128 ? await findActiveDeviceByHash(c.var.db, await sha256Hex(token)) : undefined) ?? null;
}

async function approvedDevice(c: Context<AppEnv>): Promise<{ id: string; name: string }> {
  const device = await deviceOf(c);
  if (!device) throw new HTTPException(403, { message: DEVICE_NOT_APPROVED });
  return device;
}

/** Sign-in posts are browser writes without a session: a foreign Origin is refused like a cookie write. */
function assertSameSite(c: Context<AppEnv>): void {
  if (!isAcceptedCookieWrite(c)) throw new HTTPException(403, { message: CROSS_SITE_REFUSED });
}

function lockedMessage(name: string, ms: number): HTTPException {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return new HTTPException(429, {
    message: `Too many wrong PINs: ${name} is locked on this device for ${minutes} minute${minutes === 1 ? "" : "s"}`,
    res: new Response(null, { headers: { "Retry-After": String(Math.max(1, Math.ceil(ms / 1000))) } }),
  });
}

defineRoute(
  pin,
  {
    method: "get",
    path: "/api/pin/operators",
    auth: "none",
    tag: PEOPLE_TAG,
    summary: "The operators a PIN pad shows; none (device: null) on a device that is not approved",
    response: { 200: PinOperatorsView },
  },
  async (c) => {
    // Not a 403: asking is no failure, and the pad says why it shows no names.
    const device = await deviceOf(c);
    const operators: PinOperator[] = device ? await listPinOperators(c.var.db) : [];
    return c.json({ device, operators }, 200, { "Cache-Control": "no-store" });
  },
);

defineRoute(
  pin,
  {
    method: "post",
    path: "/api/pin/sign-in",
    auth: "none",
    tag: PEOPLE_TAG,
    summary: "Sign an operator in by PIN on an approved device (5 wrong PINs lock them here for 5 minutes)",
    response: { 200: PinSignedIn },
    body: PinSignInBody,
    responses: { 401: WRONG_PIN, 403: DEVICE_NOT_APPROVED, 429: "Operator locked on this device" },
  },
  async (c, { body }) => {
    assertSameSite(c);
    const device = await approvedDevice(c);
    const user = await findUser(c.var.db, body.user_id);
    if (user?.active !== 1 || user.pin_hash === null) throw new HTTPException(401, { message: "No operator with a PIN by that id" });
    const nowMs = Date.now();
    const lock = await readPinLock(c.var.db, device.id, user.id);
    if (isLocked(lock, nowMs)) throw lockedMessage(user.name, lockRemainingMs(lock, nowMs));
    const correct = isValidPin(body.pin) && (await verifyPin(body.pin, user.pin_hash));
    const next = afterAttempt(lock, correct, nowMs);
    if (next.failures !== lock.failures || next.lockedUntil !== lock.lockedUntil) await writePinLock(c.var.db, device.id, user.id, next);
    const now = new Date(nowMs);
    if (!correct) {
      if (isLocked(next, nowMs)) {
        await eventStatement(c.var.db, { actor: "system", action: "pin_locked", target: user.id, details: { device: device.id } }, now);
        throw lockedMessage(user.name, lockRemainingMs(next, nowMs));
      }
      const left = PIN_MAX_FAILURES - next.failures;
      throw new HTTPException(401, { message: `${WRONG_PIN} (${left} ${left === 1 ? "try" : "tries"} left)` });
    }
    await startSession(c, false, now, { userId: user.id, deviceId: device.id });
    await touchDevice(c.var.db, device.id, now);
    return c.json({ success: true, user: { id: user.id, name: user.name, initials: user.initials, role: user.role }, device });
  },
);

async function verifyPin(pinText: string, hash: string): Promise<boolean> {
  return (await verifyPassword(pinText, hash)).ok;
}

defineRoute(
  pin,
  {
    method: "post",
    path: "/api/sign-in",
    auth: "none",
    tag: PEOPLE_TAG,
    summary: "Sign a named admin or lead in with their password (the original password still signs in at /login)",
    response: { 200: PasswordSignedIn },
    body: PasswordSignInBody,
    responses: { 401: WRONG_NAME_OR_PASSWORD, 429: "Too many attempts" },
  },
  async (c, { body }) => {
    assertSameSite(c);
    await enforceRateLimit(c, "login");
    const user = await findUserByName(c.var.db, body.name);
    const usable = user && user.active === 1 && user.password_hash !== null && user.id !== ORIGINAL_ADMIN_ID;
    if (!usable || !(await verifyPassword(body.password, user.password_hash ?? "")).ok) {
      throw new HTTPException(401, { message: WRONG_NAME_OR_PASSWORD });
    }
    await startSession(c, false, new Date(), { userId: user.id });
    return c.json({ success: true, user: { id: user.id, name: user.name, initials: user.initials, role: user.role } });
  },
);
