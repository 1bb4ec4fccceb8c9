import { beforeAll, describe, expect, it } from "vitest";
import { missingAbility } from "../../src/domain/abilities";
import { newMetrc } from "../helpers/finished-goods";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";
import { createKey, createUser, passwordSignIn, signedInAs } from "./people-helpers";

let admin = "";
let originalKey = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
  originalKey = await createApiKey();
});

type KeyView = {
  id: string;
  name: string;
  masked: string;
  abilities: string[];
  last_used_at: string | null;
  last_used_ip: string | null;
  revoked_at: string | null;
};

async function keys(): Promise<KeyView[]> {
  return (await json<{ api_keys: KeyView[] }>(await call("GET", "/api/api-keys", undefined, { cookie: admin }))).api_keys;
}

describe("scoped API keys", () => {
  it("shows a new key once, then only masked, with its abilities", async () => {
    const res = await call(
      "POST",
      "/api/api-keys",
      { name: "Scale bridge", abilities: ["read", "write:counts", "read"] },
      { cookie: admin },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const created = await json<{ id: string; api_key: string; abilities: string[] }>(res);
    expect(created.api_key).toMatch(/^prk_[A-Za-z0-9_-]{32}$/);
    expect(created.abilities).toEqual(["read", "write:counts"]);
    const listed = (await keys()).find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "Scale bridge", abilities: ["read", "write:counts"], revoked_at: null });
    expect(JSON.stringify(await keys())).not.toContain(created.api_key);
    const dup = await call("POST", "/api/api-keys", { name: "scale BRIDGE", abilities: ["read"] }, { cookie: admin });
    expect(dup.status).toBe(409);
    const bad = await call("POST", "/api/api-keys", { name: "Bad", abilities: ["write:everything"] }, { cookie: admin });
    expect(bad.status).toBe(400);
    expect((await call("POST", "/api/api-keys", { name: "None", abilities: [] }, { cookie: admin })).status).toBe(400);
  });

  it("lets a key do what its abilities allow and refuses the rest naming the missing ability", async () => {
    const scoped = await createKey(admin, "Counter", ["read", "write:counts"]);
    const batch = await seedBatch();
    const counted = await call(
      "POST",
      `/api/batch/${batch}/counts`,
      { counts_0_5: 3 },
      { key: scoped.api_key, headers: { "CF-Connecting-IP": "198.51.100.7" } },
    );
    expect(counted.status).toBe(200);
    const created = await call(
      "POST",
      "/api/finished-goods",
      { metrc_number: newMetrc("KEYS"), strain: "OG", grams: 10 },
      { key: scoped.api_key },
    );
    expect([created.status, await created.json()]).toEqual([403, { error: missingAbility("write:finished-goods") }]);
    const used = (await keys()).find((k) => k.id === scoped.id);
    expect(used?.last_used_at).not.toBeNull();
    expect(used?.last_used_ip).toBe("198.51.100.7");
    const me = await json(await call("GET", "/api/me", undefined, { key: scoped.api_key }));
    expect(me).toEqual({
      kind: "api_key",
      user: null,
      key: { id: scoped.id, name: "Counter" },
      device: null,
      abilities: ["read", "write:counts"],
      idle_seconds: null,
    });
  });

  it("refuses a revoked key at once", async () => {
    const scoped = await createKey(admin, "Short lived", ["read"]);
    expect((await call("GET", "/api/settings", undefined, { key: scoped.api_key })).status).toBe(200);
    expect((await call("DELETE", `/api/api-keys/${scoped.id}`, undefined, { cookie: admin })).status).toBe(200);
    const after = await call("GET", "/api/settings", undefined, { key: scoped.api_key });
    expect([after.status, await after.json()]).toEqual([401, { error: "Invalid API key" }]);
    expect((await call("DELETE", `/api/api-keys/${scoped.id}`, undefined, { cookie: admin })).status).toBe(404);
  });

  it("keeps the original single key working with every ability", async () => {
    const batch = await seedBatch();
    expect((await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 1 }, { key: originalKey })).status).toBe(200);
    expect(
      (await call("POST", "/api/finished-goods", { metrc_number: newMetrc("ORIG"), strain: "OG", grams: 10 }, { key: originalKey })).status,
    ).toBe(201);
    const me = await json<{ abilities: string[]; key: { name: string } }>(await call("GET", "/api/me", undefined, { key: originalKey }));
    expect(me.key.name).toBe("API key");
    expect(me.abilities).toContain("admin");
    // Its own routes answer as before, and creating named keys does not replace it.
    await createKey(admin, "Another", ["read"]);
    const original = await json<{ masked: boolean }>(await call("GET", "/api/api-key", undefined, { cookie: admin }));
    expect(original.masked).toBe(true);
    expect((await call("GET", "/api/settings", undefined, { key: originalKey })).status).toBe(200);
  });
});

describe("users", () => {
  it("lists the original admin first made from the admin password, and protects it", async () => {
    const list = await json<{ users: { id: string; role: string; original: boolean; has_password: boolean }[] }>(
      await call("GET", "/api/users", undefined, { cookie: admin }),
    );
    expect(list.users.find((u) => u.original)).toMatchObject({ id: "admin", role: "admin", has_password: true });
    const demote = await call("PUT", "/api/users/admin", { name: "Admin", initials: "AD", role: "lead" }, { cookie: admin });
    expect(demote.status).toBe(400);
    const off = await call("PUT", "/api/users/admin", { name: "Admin", initials: "AD", role: "admin", active: false }, { cookie: admin });
    expect(off.status).toBe(400);
    const me = await json<{ user: { id: string } }>(await call("GET", "/api/me", undefined, { cookie: admin }));
    expect(me.user.id).toBe("admin");
  });

  it("refuses bad users: duplicate names, a PIN for an admin, a password for floor, a 3-digit PIN", async () => {
    await createUser(admin, { role: "floor", pin: "1234", name: "Sam" });
    for (const body of [
      { name: "sam", initials: "S", role: "floor" },
      { name: "Ada", initials: "A", role: "admin", pin: "1234" },
      { name: "Flo", initials: "F", role: "floor", password: "secret-pass" },
      { name: "Tri", initials: "T", role: "floor", pin: "123" },
      { name: "Who", initials: "W", role: "boss" },
    ]) {
      const res = await call("POST", "/api/users", body, { cookie: admin });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(Object.keys(await json(res))).toEqual(["error"]);
    }
  });

  it("signs a named lead in with a password, and a deactivated user is refused at once", async () => {
    const lead = await createUser(admin, { role: "lead", name: "Lee Lead", password: "lead-password" });
    const cookie = await passwordSignIn("lee lead", "lead-password");
    expect((await call("GET", "/api/me", undefined, { cookie })).status).toBe(200);
    expect((await call("POST", "/api/sign-in", { name: "Lee Lead", password: "wrong-one" })).status).toBe(401);
    const off = await call(
      "PUT",
      `/api/users/${lead.id}`,
      { name: "Lee Lead", initials: "LL", role: "lead", active: false },
      { cookie: admin },
    );
    expect(off.status).toBe(200);
    expect((await json<{ active: boolean }>(off)).active).toBe(false);
    expect((await call("GET", "/api/me", undefined, { cookie })).status).toBe(401);
    expect((await call("POST", "/api/sign-in", { name: "Lee Lead", password: "lead-password" })).status).toBe(401);
    // Deactivated, never deleted: still listed.
    const list = await json<{ users: { id: string }[] }>(await call("GET", "/api/users", undefined, { cookie: admin }));
    expect(list.users.map((u) => u.id)).toContain(lead.id);
  });
});

describe("every change attributed", () => {
  it("the audit names the person and the key, and filters by each; the original admin and key keep their values", async () => {
    const floor = await signedInAs(admin, "floor", "5555");
    const scoped = await createKey(admin, "Audit key", ["read", "write:counts"]);
    const batch = await seedBatch();
    await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 1 }, { cookie: floor.cookie });
    await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 2 }, { key: scoped.api_key });
    await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 3 }, { key: originalKey });
    await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 4 }, { cookie: admin });
    type Row = { batch: string; actor: string; new: string };
    const all = await json<Row[]>(await call("GET", "/api/audit?limit=50", undefined, { cookie: admin }));
    const mine = all.filter((r) => r.batch === batch).map((r) => [r.actor, r.new]);
    expect(mine).toEqual([
      ["session", "4"],
      ["api_key", "3"],
      ["key:Audit key", "2"],
      [`user:${floor.name}`, "1"],
    ]);
    const byPerson = await json<Row[]>(await call("GET", `/api/audit?user=${floor.id}`, undefined, { cookie: admin }));
    expect(byPerson.map((r) => r.actor)).toEqual([`user:${floor.name}`]);
    const byKey = await json<Row[]>(await call("GET", `/api/audit?key=${scoped.id}`, undefined, { cookie: admin }));
    expect(byKey.map((r) => r.actor)).toEqual(["key:Audit key"]);
    const byAdmin = await json<Row[]>(await call("GET", "/api/audit?user=admin", undefined, { cookie: admin }));
    expect(byAdmin.every((r) => r.actor === "session")).toBe(true);
    expect((await call("GET", "/api/audit?user=nobody", undefined, { cookie: admin })).status).toBe(404);
  });

  it("finished-goods history records a named user, and the original key's details stay as they were", async () => {
    const lead = await signedInAs(admin, "lead", "7777");
    const metrc = newMetrc("HIST");
    expect(
      (await call("POST", "/api/finished-goods", { metrc_number: metrc, strain: "OG", grams: 100 }, { key: originalKey })).status,
    ).toBe(201);
    expect((await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 5 }, { cookie: lead.cookie })).status).toBe(200);
    expect((await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 5 }, { key: originalKey })).status).toBe(200);
    const history = await json<{ history: { details: string }[] }>(
      await call("GET", `/api/finished-goods/${metrc}/history`, undefined, { key: originalKey }),
    );
    const details = history.history.map((h) => JSON.parse(h.details) as Record<string, unknown>);
    expect(details).toContainEqual(expect.objectContaining({ source: "manual", by: `user:${lead.name}` }));
    expect(details.filter((d) => d.source === "api").every((d) => !("by" in d))).toBe(true);
  });
});
