import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyApiKey } from "../../src/auth/api-key";
import { verifyScopedKey } from "../../src/auth/scoped-keys";
import { call, createApiKey, db, login, setPassword } from "../helpers/http";
import { createKey, signedInAs } from "./people-helpers";

/**
 * Issue 18: a revocation made by another Worker isolate. That isolate's write lands in D1 and
 * nothing tells this one, so each test writes the revocation straight into D1 (as the other
 * isolate's route would) instead of calling this isolate's revoke, which also clears its copies.
 * Sessions and users are read from D1 on every request: refused at once. Keys are remembered per
 * isolate for 5 s (README "Security"): refused once that window has passed.
 */
let admin = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
});

/** The bound README "Security" documents for keys revoked in another isolate. */
const SCOPED_KEY_CACHE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("revocation by another isolate", () => {
  it("a scoped key is still remembered inside the window and refused once it has passed (clock given)", async () => {
    const key = await createKey(admin, "Other isolate key", ["read"]);
    const t0 = Date.now();
    expect(await verifyScopedKey(db(), key.api_key, t0)).toMatchObject({ id: key.id });
    await db().run(sql`UPDATE scoped_api_keys SET revoked_at = ${new Date().toISOString()} WHERE id = ${key.id}`);
    // Inside the window this isolate answers from its copy: the bound is real, not zero.
    expect(await verifyScopedKey(db(), key.api_key, t0 + SCOPED_KEY_CACHE_MS - 1)).toMatchObject({ id: key.id });
    expect(await verifyScopedKey(db(), key.api_key, t0 + SCOPED_KEY_CACHE_MS)).toBeNull();
  });

  it("a scoped key revoked elsewhere is refused by a request after the window (two requests through the Worker)", async () => {
    const key = await createKey(admin, "Two requests key", ["read"]);
    expect((await call("GET", "/api/me", undefined, { key: key.api_key })).status).toBe(200);
    await db().run(sql`UPDATE scoped_api_keys SET revoked_at = ${new Date().toISOString()} WHERE id = ${key.id}`);
    await sleep(SCOPED_KEY_CACHE_MS + 100);
    const res = await call("GET", "/api/me", undefined, { key: key.api_key });
    expect([res.status, await res.json()]).toEqual([401, { error: "Invalid API key" }]);
  });

  it("the original key replaced elsewhere is refused once the window has passed (clock given)", async () => {
    const old = await createApiKey();
    const t0 = Date.now();
    expect(await verifyApiKey(db(), old, t0)).not.toBeNull();
    await db().run(sql`UPDATE api_keys SET revoked_at = ${new Date().toISOString()} WHERE revoked_at IS NULL`);
    expect(await verifyApiKey(db(), old, t0 + SCOPED_KEY_CACHE_MS - 1)).not.toBeNull();
    expect(await verifyApiKey(db(), old, t0 + SCOPED_KEY_CACHE_MS)).toBeNull();
    await createApiKey();
  });

  it("a user deactivated or signed out elsewhere is refused by the very next request", async () => {
    const floor = await signedInAs(admin, "floor", "9753");
    expect((await call("GET", "/api/me", undefined, { cookie: floor.cookie })).status).toBe(200);
    await db().run(sql`UPDATE users SET active = 0 WHERE id = ${floor.id}`);
    expect((await call("GET", "/api/me", undefined, { cookie: floor.cookie })).status).toBe(401);
    expect((await call("POST", "/api/batch/no-such-id/counts", { counts_0_5: 1 }, { cookie: floor.cookie })).status).toBe(401);

    const lead = await signedInAs(admin, "lead", "8642");
    expect((await call("GET", "/api/me", undefined, { cookie: lead.cookie })).status).toBe(200);
    await db().run(sql`UPDATE sessions SET revoked_at = ${new Date().toISOString()} WHERE user_id = ${lead.id}`);
    expect((await call("GET", "/api/me", undefined, { cookie: lead.cookie })).status).toBe(401);
  });
});
