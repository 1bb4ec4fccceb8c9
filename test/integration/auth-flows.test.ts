import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/auth/crypto";
import { insertResetToken } from "../../src/data/auth";
import { call, createApiKey, db, json, login, ORIGIN, setPassword, TEST_PASSWORD } from "../helpers/http";

async function formPage(path: string, ip: string) {
  const res = await SELF.fetch(`${ORIGIN}${path}`, { headers: { "CF-Connecting-IP": ip }, redirect: "manual" });
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("prt_csrf="))
      ?.split(";")[0] ?? "";
  const token = (await res.text()).match(/name="csrf_token" value="([^"]+)"/)?.[1] ?? "";
  return { cookie, token, status: res.status };
}

async function postForm(path: string, fields: Record<string, string>, ip: string, cookie: string) {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, "CF-Connecting-IP": ip, Cookie: cookie },
    body: new URLSearchParams(fields),
  });
}

describe("POST /login", () => {
  it("signs in with the password and refuses a wrong one", async () => {
    await setPassword();
    const ip = "198.51.100.1";
    const { cookie, token } = await formPage("/login", ip);
    const bad = await postForm("/login", { password: "nope", csrf_token: token }, ip, cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Invalid password");
    const good = await postForm("/login", { password: TEST_PASSWORD, remember_me: "1", csrf_token: token }, ip, cookie);
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe("/admin");
    const session = good.headers.getSetCookie().find((c) => c.startsWith("prt_session="));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).toMatch(/Max-Age=2592000/);
  });

  it("refuses a post without the form's CSRF token", async () => {
    await setPassword();
    const res = await postForm("/login", { password: TEST_PASSWORD }, "198.51.100.2", "");
    expect(res.status).toBe(400);
  });

  it("answers the 6th attempt in a minute from one IP with 429", async () => {
    await setPassword();
    const ip = "198.51.100.3";
    const { cookie, token } = await formPage("/login", ip);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postForm("/login", { password: "wrong", csrf_token: token }, ip, cookie)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    // Another client is not affected.
    const other = await formPage("/login", "198.51.100.4");
    expect((await postForm("/login", { password: "wrong", csrf_token: other.token }, "198.51.100.4", other.cookie)).status).toBe(400);
  });
});

describe("returning to the page asked for", () => {
  it("sends a signed-out page visit to /login with the path and returns there after sign-in", async () => {
    await setPassword();
    const visit = await SELF.fetch(`${ORIGIN}/admin/batch/abc/plan?size=0_7`, { redirect: "manual" });
    expect(visit.status).toBe(302);
    expect(visit.headers.get("Location")).toBe(`/login?next=${encodeURIComponent("/admin/batch/abc/plan?size=0_7")}`);
    const ip = "198.51.100.40";
    const { cookie, token } = await formPage(`/login?next=${encodeURIComponent("/admin/batch/abc/plan?size=0_7")}`, ip);
    const res = await postForm(
      "/login",
      { password: TEST_PASSWORD, csrf_token: token, next: "/admin/batch/abc/plan?size=0_7" },
      ip,
      cookie,
    );
    expect(res.headers.get("Location")).toBe("/admin/batch/abc/plan?size=0_7");
  });

  it.each(["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/logout"])(
    "never returns to %s: the dashboard instead",
    async (next) => {
      await setPassword();
      const ip = `198.51.100.${41 + next.length}`;
      const { cookie, token } = await formPage("/login", ip);
      const res = await postForm("/login", { password: TEST_PASSWORD, csrf_token: token, next }, ip, cookie);
      expect(res.headers.get("Location")).toBe("/admin");
    },
  );
});

describe("GET /logout", () => {
  it("revokes the session so the cookie no longer works", async () => {
    await setPassword();
    const cookie = await login(TEST_PASSWORD, "198.51.100.5");
    expect((await call("GET", "/api/settings", undefined, { cookie })).status).toBe(200);
    const out = await SELF.fetch(`${ORIGIN}/logout`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toBe("/login");
    expect((await call("GET", "/api/settings", undefined, { cookie })).status).toBe(401);
  });
});

describe("password recovery", () => {
  it("says when no recovery key is configured", async () => {
    const page = await SELF.fetch(`${ORIGIN}/forgot-password`);
    expect(await page.text()).toContain("No recovery key configured");
  });

  it("walks the whole flow: key → reset token → new password → new recovery key once", async () => {
    await setPassword();
    const ip = "198.51.100.6";
    const session = await login(TEST_PASSWORD, ip);
    const issued = await json<{ recovery_key: string }>(await call("POST", "/api/recovery-key", {}, { cookie: session }));
    expect(issued.recovery_key).toMatch(/^HARVEST-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    const forgot = await formPage("/forgot-password", ip);
    const wrong = await postForm(
      "/forgot-password",
      { recovery_key: "HARVEST-AAAA-BBBB-CCCC", csrf_token: forgot.token },
      ip,
      forgot.cookie,
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Invalid recovery key");
    const ok = await postForm(
      "/forgot-password",
      { recovery_key: ` ${issued.recovery_key.toLowerCase()} `, csrf_token: forgot.token },
      ip,
      forgot.cookie,
    );
    expect(ok.status).toBe(302);
    const location = ok.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/reset-password\?token=/);
    const token = decodeURIComponent(location.split("token=")[1] ?? "");

    const reset = await formPage(`/reset-password?token=${encodeURIComponent(token)}`, ip);
    expect(reset.status).toBe(200);
    const short = await postForm(
      "/reset-password",
      { token, new_password: "abc", confirm_password: "abc", csrf_token: reset.token },
      ip,
      reset.cookie,
    );
    expect(await short.text()).toContain("at least 6 characters");
    const mismatch = await postForm(
      "/reset-password",
      { token, new_password: "abcdef1", confirm_password: "abcdef2", csrf_token: reset.token },
      ip,
      reset.cookie,
    );
    expect(await mismatch.text()).toContain("Passwords do not match");
    const done = await postForm(
      "/reset-password",
      { token, new_password: "brand-new-pass", confirm_password: "brand-new-pass", csrf_token: reset.token },
      ip,
      reset.cookie,
    );
    expect(done.status).toBe(200);
    const newKey = (await done.text()).match(/HARVEST-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0];
    expect(newKey).toBeTruthy();
    expect(newKey).not.toBe(issued.recovery_key);

    // The token is single use, the old session and the old recovery key are gone, the new password works.
    const again = await postForm(
      "/reset-password",
      { token, new_password: "another-pass", confirm_password: "another-pass", csrf_token: reset.token },
      ip,
      reset.cookie,
    );
    expect(again.status).toBe(400);
    expect((await call("GET", "/api/settings", undefined, { cookie: session })).status).toBe(401);
    const oldKey = await formPage("/forgot-password", "198.51.100.7");
    const refused = await postForm(
      "/forgot-password",
      { recovery_key: issued.recovery_key, csrf_token: oldKey.token },
      "198.51.100.7",
      oldKey.cookie,
    );
    expect(refused.status).toBe(400);
    await expect(login(TEST_PASSWORD, "198.51.100.8")).rejects.toThrow();
    expect(await login("brand-new-pass", "198.51.100.8")).toMatch(/^prt_session=/);
  });

  it("refuses an expired reset token on the page and on the form", async () => {
    const token = "expired-token-expired-token-expired-token";
    await insertResetToken(db(), await sha256Hex(token), new Date(Date.now() - 1000));
    const page = await SELF.fetch(`${ORIGIN}/reset-password?token=${token}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("invalid or has expired");
    const form = await formPage("/login", "198.51.100.9");
    const res = await postForm(
      "/reset-password",
      { token, new_password: "whatever1", confirm_password: "whatever1", csrf_token: form.token },
      "198.51.100.9",
      form.cookie,
    );
    expect(res.status).toBe(400);
  });
});

describe("API keys", () => {
  it("shows a masked key and replaces it on regenerate; the old key stops working at once", async () => {
    await setPassword();
    const cookie = await login(TEST_PASSWORD, "198.51.100.10");
    const oldKey = await createApiKey();
    const shown = await json<{ api_key: string; usage: { header: string } }>(await call("GET", "/api/api-key", undefined, { cookie }));
    expect(shown.api_key).not.toBe(oldKey);
    expect(shown.api_key).toContain("*");
    expect(shown.usage.header).toBe("X-API-Key");
    const regenerated = await json<{ api_key: string; message: string }>(await call("POST", "/api/api-key/regenerate", {}, { cookie }));
    expect(regenerated.message).toBe("API key regenerated. Old key is now invalid.");
    expect(regenerated.api_key).toHaveLength(32);
    expect((await call("GET", "/api/settings", undefined, { key: oldKey })).status).toBe(401);
    expect((await call("GET", "/api/settings", undefined, { key: regenerated.api_key })).status).toBe(200);
  });
});

describe("POST /api/password", () => {
  it("changes the password, revokes other sessions and keeps the caller signed in", async () => {
    await setPassword();
    const other = await login(TEST_PASSWORD, "198.51.100.11");
    const mine = await login(TEST_PASSWORD, "198.51.100.12");
    const wrong = await call(
      "POST",
      "/api/password",
      { current_password: "nope", new_password: "newpass1", confirm_password: "newpass1" },
      { cookie: mine },
    );
    expect([wrong.status, await wrong.json()]).toEqual([400, { error: "Current password is incorrect" }]);
    const res = await call(
      "POST",
      "/api/password",
      { current_password: TEST_PASSWORD, new_password: "newpass1", confirm_password: "newpass1" },
      { cookie: mine },
    );
    expect(res.status).toBe(200);
    const fresh =
      res.headers
        .getSetCookie()
        .find((c) => c.startsWith("prt_session="))
        ?.split(";")[0] ?? "";
    expect((await call("GET", "/api/settings", undefined, { cookie: other })).status).toBe(401);
    expect((await call("GET", "/api/settings", undefined, { cookie: fresh })).status).toBe(200);
  });
});

describe("PUT /api/settings", () => {
  it("stores valid settings and refuses an allocation that does not add up", async () => {
    await setPassword();
    const cookie = await login(TEST_PASSWORD, "198.51.100.13");
    const ok = await call("PUT", "/api/settings", { allocation: [50, 25, 25], test_alert_hours: 24 }, { cookie });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ allocation: [50, 25, 25], test_alert_hours: 24 });
    const bad = await call("PUT", "/api/settings", { allocation: [50, 50, 50] }, { cookie });
    expect([bad.status, await bad.json()]).toEqual([400, { error: "allocation must add up to 100" }]);
    const after = await json(await call("GET", "/api/settings", undefined, { cookie }));
    expect(after.allocation).toEqual([50, 25, 25]);
  });
});
