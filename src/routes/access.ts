import { type Context, Hono } from "hono";
import { setCookie } from "hono/cookie";
import { HTTPException } from "hono/http-exception";
import { closeLiveSockets } from "../../durable-objects/hub-client";
import { principalSocketTag } from "../../durable-objects/protocol";
import { generateToken, sha256Hex } from "../auth/crypto";
import { actorOf } from "../auth/middleware";
import { createScopedKey, parseAbilities, revokeKey } from "../auth/scoped-keys";
import { isLocalhost } from "../auth/session";
import {
  ApiKeyCreated,
  ApiKeysView,
  type ApiKeyView,
  ApproveDeviceBody,
  CreateApiKeyBody,
  DevicesView,
  DeviceView,
  IdParams,
} from "../contracts/people";
import { Success } from "../contracts/responses";
import { eventStatement } from "../data/events";
import { insertDevice, listDevices, listScopedKeys, revokeDevice } from "../data/people";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { PEOPLE_TAG } from "./people";

/** Trusted floor devices and scoped API keys, for admins: who may sign in where, and what a key may do. */
export const access = new Hono<AppEnv>();

export const DEVICE_COOKIE = "prt_device";
/** Browsers cap cookie lifetimes at 400 days; an approval lasts until revoked or the cookie is cleared. */
const DEVICE_COOKIE_SECONDS = 400 * 24 * 3600;
const NO_STORE = { "Cache-Control": "no-store" };

function setDeviceCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, DEVICE_COOKIE, token, {
    httpOnly: true,
    // Strict: a PIN sign-in from another site never carries the device.
    sameSite: "Strict",
    secure: !isLocalhost(c),
    path: "/",
    maxAge: DEVICE_COOKIE_SECONDS,
  });
}

defineRoute(
  access,
  {
    method: "get",
    path: "/api/devices",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Approved floor devices (revoked ones included)",
    response: { 200: DevicesView },
  },
  async (c) => {
    const devices: DeviceView[] = await listDevices(c.var.db);
    return c.json({ devices });
  },
);

defineRoute(
  access,
  {
    method: "post",
    path: "/api/devices/approve",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Approve this browser as a floor device (sets its HttpOnly device cookie)",
    response: { 201: DeviceView },
    body: ApproveDeviceBody,
    responses: { 201: "Approved" },
  },
  async (c, { body }) => {
    const now = new Date();
    const token = generateToken(32);
    const device: DeviceView = {
      id: crypto.randomUUID(),
      name: body.name,
      approved_by: actorOf(c),
      created_at: now.toISOString(),
      last_seen_at: null,
      revoked_at: null,
    };
    await insertDevice(c.var.db, { ...device, token_hash: await sha256Hex(token) });
    await eventStatement(
      c.var.db,
      { actor: actorOf(c), action: "device_approved", target: device.id, details: { name: device.name } },
      now,
    );
    setDeviceCookie(c, token);
    return c.json(device, 201, NO_STORE);
  },
);

defineRoute(
  access,
  {
    method: "delete",
    path: "/api/devices/:id",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Revoke a device; its PIN sessions end at once",
    response: { 200: Success },
    params: IdParams,
    responses: { 404: "Device not found or already revoked" },
  },
  async (c, { params }) => {
    const now = new Date();
    if (!(await revokeDevice(c.var.db, params.id, now))) throw new HTTPException(404, { message: "Device not found or already revoked" });
    await eventStatement(c.var.db, { actor: actorOf(c), action: "device_revoked", target: params.id }, now);
    return c.json({ success: true });
  },
);

function keyView(row: Awaited<ReturnType<typeof listScopedKeys>>[number]): ApiKeyView {
  return { ...row, abilities: parseAbilities(row.abilities) };
}

defineRoute(
  access,
  {
    method: "get",
    path: "/api/api-keys",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Named API keys with abilities, last use (masked)",
    response: { 200: ApiKeysView },
  },
  async (c) => {
    return c.json({ api_keys: (await listScopedKeys(c.var.db)).map(keyView) });
  },
);

defineRoute(
  access,
  {
    method: "post",
    path: "/api/api-keys",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Create a named key with abilities (the key is shown once)",
    response: { 201: ApiKeyCreated },
    body: CreateApiKeyBody,
    responses: { 201: "Created", 409: "Name taken" },
  },
  async (c, { body }) => {
    const now = new Date();
    const taken = (await listScopedKeys(c.var.db)).some((k) => k.name.toLowerCase() === body.name.toLowerCase());
    if (taken) throw new HTTPException(409, { message: `A key named ${body.name} already exists` });
    const created = await createScopedKey(c.var.db, { name: body.name, abilities: body.abilities, createdBy: actorOf(c) }, now);
    await eventStatement(
      c.var.db,
      { actor: actorOf(c), action: "api_key_created", target: created.id, details: { name: body.name, abilities: body.abilities } },
      now,
    );
    return c.json(
      {
        id: created.id,
        name: body.name,
        abilities: body.abilities,
        api_key: created.key,
        masked: created.masked,
        message: "Copy this key now: it will not be shown again.",
      },
      201,
      NO_STORE,
    );
  },
);

defineRoute(
  access,
  {
    method: "delete",
    path: "/api/api-keys/:id",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Revoke a named key (refused at once here, everywhere within 5 s)",
    response: { 200: Success },
    params: IdParams,
    responses: { 404: "Key not found or already revoked" },
  },
  async (c, { params }) => {
    const now = new Date();
    if (!(await revokeKey(c.var.db, params.id, now))) throw new HTTPException(404, { message: "Key not found or already revoked" });
    await eventStatement(c.var.db, { actor: actorOf(c), action: "api_key_revoked", target: params.id }, now);
    await closeLiveSockets(c.env, principalSocketTag({ kind: "api_key", keyId: params.id }), "API key revoked");
    return c.json({ success: true });
  },
);
