/** Pushover notification settings, test message and the manual low-stock check (api.md §10, rules §9). */
import { Hono } from "hono";
import { actorOf } from "../auth/middleware";
import {
  LowStockCheckView,
  PushoverSettingsUpdated,
  PushoverSettingsView,
  PushoverTestSent,
  TestQuery,
  UpdatePushoverBody,
} from "../contracts/pushover";
import { eventStatement } from "../data/events";
import { writeSettingStatement } from "../data/settings";
import { maskUserKey, PUSHOVER_KEY, type PushoverSettings, testMessage } from "../domain/low-stock";
import type { AppEnv } from "../env";
import { stampAfterWrite } from "../http/after-write";
import { defineRoute } from "../http/registry";
import { badRequest } from "../http/validation";
import { checkLowStock, credentialsOf, readPushoverSettings, sendPushover } from "../integrations/pushover";

export const pushover = new Hono<AppEnv>();
const TAG = "Notifications";

function publicSettings(settings: PushoverSettings) {
  return {
    enabled: settings.enabled,
    warning_grams: settings.warning_grams,
    critical_grams: settings.critical_grams,
    cooldown_hours: settings.cooldown_hours,
  };
}

defineRoute(
  pushover,
  {
    method: "get",
    path: "/api/pushover/settings",
    auth: "session",
    tag: TAG,
    summary: "Notification settings (user key masked, app token never shown)",
    response: { 200: PushoverSettingsView },
  },
  async (c) => {
    const settings = await readPushoverSettings(c.var.db);
    const { token, user } = credentialsOf(settings, c.env);
    return c.json({ ...publicSettings(settings), user_key: maskUserKey(user), has_user_key: user !== null, has_app_token: token !== null });
  },
);

defineRoute(
  pushover,
  {
    method: "put",
    path: "/api/pushover/settings",
    auth: "session",
    tag: TAG,
    summary: "Change notification settings",
    response: { 200: PushoverSettingsUpdated },
    body: UpdatePushoverBody,
  },
  async (c, { body }) => {
    const current = await readPushoverSettings(c.var.db);
    const next: PushoverSettings = {
      enabled: body.enabled ?? current.enabled,
      user_key: body.user_key === undefined ? current.user_key : body.user_key || null,
      app_token: body.app_token === undefined ? current.app_token : body.app_token || null,
      warning_grams: body.warning_grams ?? current.warning_grams,
      critical_grams: body.critical_grams ?? current.critical_grams,
      cooldown_hours: body.cooldown_hours ?? current.cooldown_hours,
    };
    if (next.critical_grams > next.warning_grams) throw badRequest("critical_grams must not be more than warning_grams");
    const now = new Date();
    const changed = Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined);
    await c.var.db.batch([
      writeSettingStatement(c.var.db, PUSHOVER_KEY, next, now),
      eventStatement(c.var.db, { actor: actorOf(c), action: "pushover_settings_updated", details: { fields: changed } }, now),
    ]);
    // The finished-goods list carries the thresholds in its `settings`.
    await stampAfterWrite(c, "finished-goods");
    const { token, user } = credentialsOf(next, c.env);
    return c.json({
      success: true,
      message: "Pushover settings updated",
      settings: { ...publicSettings(next), has_user_key: user !== null, has_app_token: token !== null },
    });
  },
);

defineRoute(
  pushover,
  {
    method: "post",
    path: "/api/pushover/test",
    auth: "session",
    tag: TAG,
    summary: "Send a test notification",
    response: { 200: PushoverTestSent },
    query: TestQuery,
    responses: { 400: "No user key configured", 502: "Pushover refused" },
  },
  async (c, { query }) => {
    const { token, user } = credentialsOf(await readPushoverSettings(c.var.db), c.env);
    if (!user) return c.json({ success: false, error: "No user key configured" }, 400);
    if (!token) return c.json({ success: false, error: "No app token configured" }, 400);
    const sent = await sendPushover(c.env, { token, user }, testMessage(query.level));
    if (!sent.ok) return c.json({ success: false, error: `Pushover did not accept the message: ${sent.error}` }, 502);
    return c.json({ success: true, message: `Test ${query.level} notification sent successfully!` });
  },
);

defineRoute(
  pushover,
  {
    method: "post",
    path: "/api/pushover/check-alerts",
    auth: "session",
    tag: TAG,
    summary: "Run the low-stock check now",
    response: { 200: LowStockCheckView },
  },
  async (c) => c.json({ success: true, result: await checkLowStock(c.env, c.var.db, new Date()) }),
);
