import { beforeAll, describe, expect, it } from "vitest";
import { call, json, login, setPassword, TEST_PASSWORD } from "../helpers/http";
import { cookieOf, createUser, passwordSignIn } from "./people-helpers";

/** The original password flow used by a named admin keeps them signed in as themselves. */
let admin = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
});

describe("changing the admin password as a named admin", () => {
  it("signs everyone else out and keeps the named admin signed in as themselves", async () => {
    const named = await createUser(admin, { role: "admin", name: "Nora Admin", password: "nora-password" });
    const cookie = await passwordSignIn("Nora Admin", "nora-password");
    const res = await call(
      "POST",
      "/api/password",
      { current_password: TEST_PASSWORD, new_password: "a-new-password", confirm_password: "a-new-password" },
      { cookie },
    );
    expect(res.status).toBe(200);
    const fresh = cookieOf(res, "prt_session");
    const me = await json<{ user: { id: string } }>(await call("GET", "/api/me", undefined, { cookie: fresh }));
    expect(me.user.id).toBe(named.id);
    expect((await call("GET", "/api/me", undefined, { cookie: admin })).status).toBe(401);
    // The original password's /login works with the new password, as the original admin.
    const original = await login("a-new-password", "203.0.113.10");
    const originalMe = await json<{ user: { id: string } }>(await call("GET", "/api/me", undefined, { cookie: original }));
    expect(originalMe.user.id).toBe("admin");
  });
});
