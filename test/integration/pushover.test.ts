import { env } from "cloudflare:test";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { countRows, createPackage, installFakePushover } from "../helpers/finished-goods";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

const USER_KEY = "uQiRzpo4DXghDmr9QzzfQu27cmVkey";
const APP_TOKEN = "azGDORePK8gMaC0QOYAMyEEuzJnyUi";

let key = "";
let cookie = "";
let fake: ReturnType<typeof installFakePushover>;

beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
  fake = installFakePushover();
});
afterAll(() => fake.restore());
beforeEach(() => fake.reset());

type Body = Record<string, unknown>;
const asSession = (method: string, path: string, body?: unknown) => call(method, path, body, { cookie });
const configure = (body: Body) => asSession("PUT", "/api/pushover/settings", body);

describe("GET and PUT /api/pushover/settings", () => {
  it("starts from the defaults with no keys", async () => {
    await env.DB.prepare("DELETE FROM settings WHERE key = 'pushover'").run();
    expect(await json(await asSession("GET", "/api/pushover/settings"))).toEqual({
      enabled: false,
      user_key: "",
      warning_grams: 500,
      critical_grams: 50,
      cooldown_hours: 24,
      has_user_key: false,
      has_app_token: false,
    });
  });

  it("stores settings, masks the user key and never returns the app token", async () => {
    const res = await configure({
      enabled: true,
      user_key: USER_KEY,
      app_token: APP_TOKEN,
      warning_grams: 400,
      critical_grams: 50,
      cooldown_hours: 24,
    });
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      success: true,
      message: "Pushover settings updated",
      settings: { enabled: true, warning_grams: 400, critical_grams: 50, cooldown_hours: 24, has_user_key: true, has_app_token: true },
    });
    expect(text).not.toContain(APP_TOKEN);
    const got = await asSession("GET", "/api/pushover/settings");
    const gotText = await got.text();
    expect(JSON.parse(gotText)).toMatchObject({ user_key: "u****key", has_user_key: true, has_app_token: true, warning_grams: 400 });
    expect(gotText).not.toContain(APP_TOKEN);
    expect(gotText).not.toContain(USER_KEY);
  });

  it.each([
    [{ cooldown_hours: 0 }, "cooldown_hours must be a whole number of hours from 1 to 8760"],
    [{ cooldown_hours: 1.5 }, "cooldown_hours must be a whole number of hours from 1 to 8760"],
    [{ warning_grams: -1 }, "warning_grams must be a number of grams from 0 to 10000000"],
    [{ critical_grams: 1e308 }, "critical_grams must be a number of grams from 0 to 10000000"],
    [{ warning_grams: 10, critical_grams: 20 }, "critical_grams must not be more than warning_grams"],
    [{ enabled: "yes" }, "enabled must be true or false"],
    [{ user_key: "has spaces!" }, "user_key must contain only letters and digits"],
    [{ app_token: "a".repeat(500) }, "app_token must be 100 characters or fewer"],
  ])("refuses %j and keeps the stored settings", async (body, error) => {
    await configure({
      enabled: true,
      user_key: USER_KEY,
      app_token: APP_TOKEN,
      warning_grams: 400,
      critical_grams: 50,
      cooldown_hours: 24,
    });
    const before = await env.DB.prepare("SELECT value FROM settings WHERE key = 'pushover'").first();
    const res = await configure(body);
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await env.DB.prepare("SELECT value FROM settings WHERE key = 'pushover'").first()).toEqual(before);
  });

  it("clears a key with an empty string", async () => {
    await configure({ user_key: USER_KEY });
    await configure({ user_key: "" });
    expect(await json(await asSession("GET", "/api/pushover/settings"))).toMatchObject({ user_key: "", has_user_key: false });
  });
});

describe("POST /api/pushover/test", () => {
  it("says when no user key is configured", async () => {
    await configure({ user_key: "" });
    const res = await asSession("POST", "/api/pushover/test");
    expect([res.status, await res.json()]).toEqual([400, { success: false, error: "No user key configured" }]);
    expect(fake.messages).toHaveLength(0);
  });

  it("sends the documented form fields to Pushover", async () => {
    await configure({ enabled: true, user_key: USER_KEY, app_token: APP_TOKEN });
    const res = await asSession("POST", "/api/pushover/test?level=critical");
    expect(await json(res)).toEqual({ success: true, message: "Test critical notification sent successfully!" });
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({
      token: APP_TOKEN,
      user: USER_KEY,
      title: "PreRollTracker – Test",
      message: "Test critical notification",
      priority: "1",
    });
    expect(await json(await asSession("POST", "/api/pushover/test"))).toMatchObject({
      message: "Test warning notification sent successfully!",
    });
  });

  it("reports a Pushover failure as 502 JSON", async () => {
    await configure({ enabled: true, user_key: USER_KEY, app_token: APP_TOKEN });
    fake.failNext(1, 500);
    const res = await asSession("POST", "/api/pushover/test");
    expect(res.status).toBe(502);
    expect(await json(res)).toEqual({ success: false, error: "Pushover did not accept the message: service temporarily unavailable" });
  });

  it("refuses an unknown level", async () => {
    const res = await asSession("POST", "/api/pushover/test?level=panic");
    expect([res.status, await res.json()]).toEqual([400, { error: "level must be warning or critical" }]);
  });
});

describe("low-stock alerts", () => {
  beforeEach(async () => {
    await env.DB.prepare("DELETE FROM pushover_alert_log").run();
    await configure({
      enabled: true,
      user_key: USER_KEY,
      app_token: APP_TOKEN,
      warning_grams: 500,
      critical_grams: 50,
      cooldown_hours: 24,
    });
  });

  it("check-alerts sends one warning per strain below the threshold, then cools down", async () => {
    const strain = `Check Strain ${Date.now()}`;
    await createPackage(key, { strain, grams: 300 });
    await createPackage(key, { strain, grams: 120.5 });
    const first = await json<{ success: boolean; result: Body }>(await asSession("POST", "/api/pushover/check-alerts"));
    expect(first.success).toBe(true);
    expect(first.result.alerts_sent).toEqual(expect.arrayContaining([{ target: strain, level: "warning", grams: 420.5 }]));
    const message = fake.messages.find((m) => m.message?.startsWith(strain));
    expect(message).toMatchObject({
      token: APP_TOKEN,
      user: USER_KEY,
      title: "PreRollTracker – Low stock (warning)",
      message: `${strain}: 420.5 g available across 2 package(s) (threshold 500 g)`,
      priority: "0",
    });
    const second = await json<{ result: Body }>(await asSession("POST", "/api/pushover/check-alerts"));
    expect(second.result.alerts_sent).toEqual([]);
    expect(Number(second.result.suppressed_by_cooldown)).toBeGreaterThan(0);
  });

  it("a gram change that drops a strain below critical sends a critical alert after the response", async () => {
    const strain = `Deduct Strain ${Date.now()}`;
    const metrc = await createPackage(key, { strain, grams: 600 });
    expect((await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 560 }, { key })).status).toBe(200);
    await vi.waitFor(() => expect(fake.messages.filter((m) => m.message?.startsWith(strain))).toHaveLength(1));
    expect(fake.messages.find((m) => m.message?.startsWith(strain))).toMatchObject({
      title: "PreRollTracker – Low stock (critical)",
      priority: "1",
    });
    expect(await countRows("pushover_alert_log", "target = ? AND level = 'critical'", strain)).toBe(1);
  });

  it("100 concurrent changes that each see low stock produce one message per cooldown window", async () => {
    const strain = `Busy Strain ${Date.now()}`;
    const metrc = await createPackage(key, { strain, grams: 400 });
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 1 }, { key })),
    );
    expect(answers.every((r) => r.status === 200)).toBe(true);
    await vi.waitFor(() => expect(fake.messages.filter((m) => m.message?.startsWith(strain))).toHaveLength(1));
    // Let every background check finish, then count again: still one.
    await json(await asSession("POST", "/api/pushover/check-alerts"));
    expect(fake.messages.filter((m) => m.message?.startsWith(strain))).toHaveLength(1);
    expect(await countRows("pushover_alert_log", "target = ?", strain)).toBe(1);
  });

  it("a failing Pushover never fails the change that triggered it, and the alert is retried later", async () => {
    const strain = `Flaky Strain ${Date.now()}`;
    const metrc = await createPackage(key, { strain, grams: 600 });
    fake.failNext(1000, 503);
    const res = await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 200 }, { key });
    expect(await json(res)).toMatchObject({ success: true, current_grams: 400 });
    const check = await json<{ result: { failed: Body[] } }>(await asSession("POST", "/api/pushover/check-alerts"));
    expect(check.result.failed).toEqual(expect.arrayContaining([expect.objectContaining({ target: strain, level: "warning" })]));
    expect(await countRows("pushover_alert_log", "target = ?", strain)).toBe(0);
    fake.failNext(0);
    const retry = await json<{ result: { alerts_sent: Body[] } }>(await asSession("POST", "/api/pushover/check-alerts"));
    expect(retry.result.alerts_sent).toEqual(expect.arrayContaining([expect.objectContaining({ target: strain, level: "warning" })]));
  });

  it("does nothing while notifications are disabled", async () => {
    await configure({ enabled: false });
    const strain = `Quiet Strain ${Date.now()}`;
    await createPackage(key, { strain, grams: 1 });
    const body = await json<{ result: Body }>(await asSession("POST", "/api/pushover/check-alerts"));
    expect(body.result).toMatchObject({ alerts_sent: [], skipped: "Notifications are disabled" });
    expect(fake.messages).toHaveLength(0);
  });
});

describe("session only", () => {
  it.each([
    ["GET", "/api/pushover/settings"],
    ["PUT", "/api/pushover/settings"],
    ["POST", "/api/pushover/test"],
    ["POST", "/api/pushover/check-alerts"],
  ])("%s %s refuses an API key", async (method, path) => {
    const res = await call(method, path, method === "GET" ? undefined : {}, { key });
    expect([res.status, await res.json()]).toEqual([401, { error: "Authentication required" }]);
  });
});
