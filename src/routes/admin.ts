import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { closeLiveSockets } from "../../durable-objects/hub-client";
import { ALL_SESSION_SOCKETS, principalSocketTag } from "../../durable-objects/protocol";
import { checkAdminPassword, issueRecoveryKey, setAdminPassword } from "../auth/admin";
import { issueApiKey } from "../auth/api-key";
import { actorOf } from "../auth/middleware";
import { startSession } from "../auth/session";
import {
  ApiKeyRegenerated,
  ApiKeyResponse,
  ChangePasswordBody,
  PasswordChanged,
  RecoveryKeyIssued,
  SettingsResponse,
  UpdateSettingsBody,
} from "../contracts/settings";
import { findActiveApiKeys } from "../data/auth";
import { eventStatement } from "../data/events";
import { readSettings, writeSettingStatement } from "../data/settings";
import { ORIGINAL_ADMIN_ID } from "../domain/abilities";
import { resolveSettings, SETTING_KEYS } from "../domain/settings";
import type { AppEnv, OptionalSecrets } from "../env";
import { defineRoute } from "../http/registry";

export const admin = new Hono<AppEnv>();
const TAG = "Settings and access";
/** Answers that show a secret (a key in clear, a recovery key) must never be kept by a cache. */
const NO_STORE = { "Cache-Control": "no-store" };

function usage(c: { req: { url: string } }) {
  const origin = new URL(c.req.url).origin;
  return { header: "X-API-Key", example: `curl -H "X-API-Key: YOUR_KEY" ${origin}/api/data` };
}

defineRoute(
  admin,
  {
    method: "get",
    path: "/api/settings",
    auth: "key-or-session",
    tag: TAG,
    summary: "Operational settings",
    response: { 200: SettingsResponse },
  },
  async (c) => {
    return c.json(resolveSettings(await readSettings(c.var.db, SETTING_KEYS)));
  },
);

defineRoute(
  admin,
  {
    method: "put",
    path: "/api/settings",
    auth: "session",
    tag: TAG,
    summary: "Change operational settings",
    response: { 200: SettingsResponse },
    body: UpdateSettingsBody,
  },
  async (c, { body }) => {
    const now = new Date();
    const entries = Object.entries(body).filter(([, v]) => v !== undefined);
    if (entries.length === 0) throw new HTTPException(400, { message: "No settings provided" });
    await c.var.db.batch([
      eventStatement(c.var.db, { actor: actorOf(c), action: "settings_updated", details: body }, now),
      ...entries.map(([key, value]) => writeSettingStatement(c.var.db, key, value, now)),
    ]);
    return c.json(resolveSettings(await readSettings(c.var.db, SETTING_KEYS)));
  },
);

defineRoute(
  admin,
  {
    method: "get",
    path: "/api/api-key",
    auth: "session",
    tag: TAG,
    ability: "admin",
    summary: "The API key (masked once created)",
    response: { 200: ApiKeyResponse },
  },
  async (c) => {
    const [active] = await findActiveApiKeys(c.var.db);
    if (active) return c.json({ api_key: active.masked, masked: true, created_at: active.created_at, usage: usage(c) });
    // First call creates the key (rules §1.3); this is the only time it is shown in clear.
    const key = await issueApiKey(c.var.db, new Date());
    return c.json({ api_key: key, masked: false, usage: usage(c) }, 200, NO_STORE);
  },
);

defineRoute(
  admin,
  {
    method: "post",
    path: "/api/api-key/regenerate",
    auth: "session",
    tag: TAG,
    summary: "Replace the API key",
    response: { 200: ApiKeyRegenerated },
  },
  async (c) => {
    const now = new Date();
    const replaced = await findActiveApiKeys(c.var.db);
    const key = await issueApiKey(c.var.db, now);
    await eventStatement(c.var.db, { actor: actorOf(c), action: "api_key_regenerated" }, now);
    // Live sockets opened with the old key (or its tickets) stop hearing changes now.
    for (const old of replaced) await closeLiveSockets(c.env, principalSocketTag({ kind: "api_key", keyId: old.id }), "API key replaced");
    return c.json({ api_key: key, message: "API key regenerated. Old key is now invalid." }, 200, NO_STORE);
  },
);

defineRoute(
  admin,
  {
    method: "post",
    path: "/api/password",
    auth: "session",
    tag: TAG,
    summary: "Change the admin password",
    response: { 200: PasswordChanged },
    body: ChangePasswordBody,
  },
  async (c, { body }) => {
    const now = new Date();
    const bootstrap = (c.env as Env & OptionalSecrets).ADMIN_PASSWORD_HASH;
    if (!(await checkAdminPassword(c.var.db, body.current_password, now, bootstrap))) {
      throw new HTTPException(400, { message: "Current password is incorrect" });
    }
    if (body.new_password !== body.confirm_password) throw new HTTPException(400, { message: "Passwords do not match" });
    await setAdminPassword(c.var.db, body.new_password, actorOf(c), now);
    // Every session was revoked, and their live sockets close; the person who changed it stays
    // signed in with a fresh one (their page reconnects with it).
    await closeLiveSockets(c.env, ALL_SESSION_SOCKETS, "Signed out: the password changed");
    // A named admin stays signed in as themselves, not as the original admin.
    const user = c.var.principal?.kind === "session" ? c.var.principal.user : undefined;
    await startSession(c, true, now, user && user.id !== ORIGINAL_ADMIN_ID ? { userId: user.id } : undefined);
    return c.json({ success: true, message: "Password changed. Other sessions have been signed out." });
  },
);

defineRoute(
  admin,
  {
    method: "post",
    path: "/api/recovery-key",
    auth: "session",
    tag: TAG,
    summary: "Generate a new recovery key (shown once)",
    response: { 200: RecoveryKeyIssued },
  },
  async (c) => {
    const key = await issueRecoveryKey(c.var.db, actorOf(c), new Date());
    return c.json(
      { success: true, recovery_key: key, message: "Store this recovery key somewhere safe. It will not be shown again." },
      200,
      NO_STORE,
    );
  },
);
