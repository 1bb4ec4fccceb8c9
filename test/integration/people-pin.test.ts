import { beforeAll, describe, expect, it } from "vitest";
import { missingAbility } from "../../src/domain/abilities";
import { DEVICE_NOT_APPROVED } from "../../src/routes/pin";
import { newMetrc } from "../helpers/finished-goods";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";
import { approveDevice, createUser, pinSession, pinSignIn, signedInAs } from "./people-helpers";

let admin = "";
let key = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
  key = await createApiKey();
});

describe("PIN sign-in on approved devices", () => {
  it("refuses a PIN on a device that was never approved", async () => {
    const user = await createUser(admin, { role: "floor", pin: "1357" });
    const res = await pinSignIn("prt_device=forged-token", user.id, "1357");
    expect([res.status, await res.json()]).toEqual([403, { error: DEVICE_NOT_APPROVED }]);
    const none = await call("POST", "/api/pin/sign-in", { user_id: user.id, pin: "1357" });
    expect(none.status).toBe(403);
    const operators = await call("GET", "/api/pin/operators");
    expect([operators.status, await operators.json()]).toEqual([200, { device: null, operators: [] }]);
  });

  it("lists the operators with a PIN on an approved device, and signs one in", async () => {
    const device = await approveDevice(admin, "Line 2");
    const user = await createUser(admin, { role: "floor", pin: "4321", name: "Dana Floor", initials: "df" });
    const list = await json<{ operators: { id: string; name: string; initials: string }[] }>(
      await call("GET", "/api/pin/operators", undefined, { cookie: device.cookie }),
    );
    expect(list.operators).toContainEqual({ id: user.id, name: "Dana Floor", initials: "DF", role: "floor" });
    const cookie = await pinSession(device.cookie, user.id, "4321");
    const me = await json(await call("GET", "/api/me", undefined, { cookie }));
    expect(me).toEqual({
      kind: "session",
      user: { id: user.id, name: "Dana Floor", initials: "DF", role: "floor" },
      key: null,
      device: { id: device.id, name: "Line 2" },
      abilities: ["read", "write:counts", "write:packing"],
      idle_seconds: 120,
    });
  });

  it("locks an operator on that device after 5 wrong PINs, for 5 minutes, even with the right PIN", async () => {
    const device = await approveDevice(admin, "Lock tablet");
    const other = await approveDevice(admin, "Other tablet");
    const user = await createUser(admin, { role: "floor", pin: "9999" });
    for (let i = 1; i <= 4; i++) {
      const res = await pinSignIn(device.cookie, user.id, "0000");
      expect([res.status, await res.json()]).toEqual([401, { error: `Wrong PIN (${5 - i} ${5 - i === 1 ? "try" : "tries"} left)` }]);
    }
    const fifth = await pinSignIn(device.cookie, user.id, "0000");
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get("Retry-After"))).toBeGreaterThan(290);
    expect((await json<{ error: string }>(fifth)).error).toMatch(/locked on this device for 5 minutes/);
    const right = await pinSignIn(device.cookie, user.id, "9999");
    expect(right.status).toBe(429);
    expect(right.headers.getSetCookie().some((c) => c.startsWith("prt_session="))).toBe(false);
    // The lock is per device: the same operator signs in on another tablet.
    expect((await pinSignIn(other.cookie, user.id, "9999")).status).toBe(200);
  });

  it("ends the PIN sessions of a revoked device at once and refuses its PINs", async () => {
    const device = await approveDevice(admin, "Soon revoked");
    const user = await createUser(admin, { role: "floor", pin: "2222" });
    const cookie = await pinSession(device.cookie, user.id, "2222");
    expect((await call("GET", "/api/me", undefined, { cookie })).status).toBe(200);
    expect((await call("DELETE", `/api/devices/${device.id}`, undefined, { cookie: admin })).status).toBe(200);
    expect((await call("GET", "/api/me", undefined, { cookie })).status).toBe(401);
    expect((await pinSignIn(device.cookie, user.id, "2222")).status).toBe(403);
    const devices = await json<{ devices: { id: string; revoked_at: string | null }[] }>(
      await call("GET", "/api/devices", undefined, { cookie: admin }),
    );
    expect(devices.devices.find((d) => d.id === device.id)?.revoked_at).not.toBeNull();
  });

  it("refuses a PIN sign-in posted from another site", async () => {
    const device = await approveDevice(admin, "Origin tablet");
    const user = await createUser(admin, { role: "floor", pin: "3333" });
    const res = await call(
      "POST",
      "/api/pin/sign-in",
      { user_id: user.id, pin: "3333" },
      { cookie: device.cookie, origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
  });
});

describe("what each role may do", () => {
  it("a floor user can count but not deduct or change settings", async () => {
    const floor = await signedInAs(admin, "floor");
    const batch = await seedBatch();
    const counted = await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 10 }, { cookie: floor.cookie });
    expect(counted.status).toBe(200);
    const metrc = newMetrc("PEOP");
    expect((await call("POST", "/api/finished-goods", { metrc_number: metrc, strain: "OG", grams: 100 }, { key })).status).toBe(201);
    const deduct = await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 5 }, { cookie: floor.cookie });
    expect([deduct.status, await deduct.json()]).toEqual([403, { error: missingAbility("write:finished-goods") }]);
    const settings = await call("PUT", "/api/settings", { test_alert_hours: 12 }, { cookie: floor.cookie });
    expect([settings.status, await settings.json()]).toEqual([403, { error: missingAbility("admin") }]);
    expect((await call("GET", "/api/users", undefined, { cookie: floor.cookie })).status).toBe(403);
  });

  it("a viewer reads but cannot write anything", async () => {
    const viewer = await signedInAs(admin, "viewer", "8642");
    const batch = await seedBatch();
    expect((await call("GET", "/api/settings", undefined, { cookie: viewer.cookie })).status).toBe(200);
    const counted = await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 10 }, { cookie: viewer.cookie });
    expect([counted.status, await counted.json()]).toEqual([403, { error: missingAbility("write:counts") }]);
    const created = await call("POST", "/api/batch", { strain: "X", input_grams: 10 }, { cookie: viewer.cookie });
    expect(created.status).toBe(403);
  });

  it("a lead changes production and finished goods but not users, keys or backups", async () => {
    const lead = await signedInAs(admin, "lead", "1470");
    const batch = await seedBatch();
    const edited = await call("PUT", `/api/batch/${batch}`, { bay_number: "Bay 3" }, { cookie: lead.cookie });
    expect(edited.status).toBe(200);
    const metrc = newMetrc("LEAD");
    expect(
      (await call("POST", "/api/finished-goods", { metrc_number: metrc, strain: "OG", grams: 100 }, { cookie: lead.cookie })).status,
    ).toBe(201);
    for (const [method, path] of [
      ["GET", "/api/users"],
      ["GET", "/api/api-keys"],
      ["POST", "/api/backups"],
    ] as const) {
      const res = await call(method, path, method === "GET" ? undefined : {}, { cookie: lead.cookie });
      expect([res.status, await res.json()]).toEqual([403, { error: missingAbility("admin") }]);
    }
  });
});
