import { env, SELF } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/auth/crypto";
import { insertResetToken } from "../../src/data/auth";
import { GLOBAL_FAILED_LOGIN_BUDGET } from "../../src/domain/login-backoff";
import { db, ORIGIN, setPassword, TEST_PASSWORD } from "../helpers/http";

/** Password guessing stays slow: per-address limits that cannot be dodged, and a global failed sign-in budget. */

async function formPage(path: string, headers: Record<string, string>) {
  const res = await SELF.fetch(`${ORIGIN}${path}`, { headers, redirect: "manual" });
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("prt_csrf="))
      ?.split(";")[0] ?? "";
  const html = await res.text();
  return { res, html, cookie, token: html.match(/name="csrf_token" value="([^"]+)"/)?.[1] ?? "" };
}

/** One sign-in attempt through the real form; `headers` say where it comes from. */
async function signIn(password: string, headers: Record<string, string>) {
  const { cookie, token } = await formPage("/login", headers);
  return SELF.fetch(`${ORIGIN}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Cookie: cookie, ...headers },
    body: new URLSearchParams({ password, csrf_token: token }),
  });
}

const from = (ip: string) => ({ "CF-Connecting-IP": ip });

beforeEach(async () => {
  await setPassword();
  await env.DB.batch([env.DB.prepare("DELETE FROM login_throttle"), env.DB.prepare("DELETE FROM rate_limit_hits")]);
});

describe("per-address limit", () => {
  it("ignores X-Forwarded-For and X-Real-IP outside local development", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const spoofed = { "X-Forwarded-For": `192.0.2.${i + 1}`, "X-Real-IP": `192.0.2.${i + 100}` };
      statuses.push((await signIn("wrong", spoofed)).status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
  });

  it("counts IPv6 addresses per /64", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push((await signIn("wrong", from(`2001:db8:1:2::${i.toString(16)}`))).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    // The same /64 written differently is still the same subscriber; the next /64 is not.
    expect((await signIn("wrong", from("2001:0db8:0001:0002:ffff:ffff:ffff:ffff"))).status).toBe(429);
    expect((await signIn("wrong", from("2001:db8:1:3::1"))).status).toBe(400);
  });
});

describe("global failed sign-in budget", () => {
  it("pauses every sign-in, with a doubling wait, once failures from many addresses spend it", async () => {
    for (let i = 0; i < GLOBAL_FAILED_LOGIN_BUDGET; i++) expect((await signIn("wrong", from(`198.18.0.${i + 1}`))).status).toBe(400);
    // The budget is spent; the next failure pauses sign-in for 2 s.
    expect((await signIn("wrong", from("198.18.1.1"))).status).toBe(400);
    const paused = await signIn(TEST_PASSWORD, from("198.18.1.2"));
    expect(paused.status).toBe(429);
    expect(paused.headers.get("Retry-After")).toBe("2");
    expect(await paused.text()).toContain("Too many failed sign-ins");

    // Once the pause is over, the next failure pauses for twice as long.
    await env.DB.prepare("UPDATE login_throttle SET paused_until = 0").run();
    expect((await signIn("wrong", from("198.18.1.3"))).status).toBe(400);
    const longer = await signIn(TEST_PASSWORD, from("198.18.1.4"));
    expect([longer.status, longer.headers.get("Retry-After")]).toEqual([429, "4"]);

    // The right password after the pause signs in and clears the count.
    await env.DB.prepare("UPDATE login_throttle SET paused_until = 0").run();
    expect((await signIn(TEST_PASSWORD, from("198.18.1.5"))).status).toBe(302);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM login_throttle").first("n")).toBe(0);
    expect((await signIn("wrong", from("198.18.1.6"))).status).toBe(400);
  });

  it("starts a new window when the last one is over", async () => {
    const hourAgo = Date.now() - 61 * 60_000;
    await env.DB.prepare("INSERT INTO login_throttle (scope, window_start, failures, paused_until) VALUES ('global', ?, 500, 0)")
      .bind(hourAgo)
      .run();
    expect((await signIn("wrong", from("198.18.2.1"))).status).toBe(400);
    expect((await signIn(TEST_PASSWORD, from("198.18.2.2"))).status).toBe(302);
  });
});

describe("pages that show a secret are never cached", () => {
  it("sends no-store with the reset form (its token) and the recovery key shown after a reset", async () => {
    const token = "reset-token-for-no-store-test-0123456789";
    await insertResetToken(db(), await sha256Hex(token), new Date(Date.now() + 60_000));
    const page = await formPage(`/reset-password?token=${token}`, from("198.18.3.1"));
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get("Cache-Control")).toBe("no-store");
    const done = await SELF.fetch(`${ORIGIN}/reset-password`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, Cookie: page.cookie, ...from("198.18.3.1") },
      body: new URLSearchParams({ token, new_password: TEST_PASSWORD, confirm_password: TEST_PASSWORD, csrf_token: page.token }),
    });
    expect(done.status).toBe(200);
    expect(done.headers.get("Cache-Control")).toBe("no-store");
  });
});
