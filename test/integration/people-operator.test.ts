import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { OPERATOR_HEADER, QUEUED_WRITE_WINDOW_MS } from "../../src/domain/operators";
import { call, db, json, login, setPassword } from "../helpers/http";
import { auditRows, seedBatch } from "./batches-fixtures";
import { approveDevice, createUser, passwordSignIn, pinSession } from "./people-helpers";

/**
 * A write queued on a shared tablet by one operator and sent after another signed in is
 * attributed to the operator who made it, and a client can never name an arbitrary user.
 */
let admin = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
});

/** A count sent as the outbox sends it: the queuing operator in X-Operator. */
function queuedCount(batch: string, value: number, cookie: string, operatorId: string): Promise<Response> {
  return call("POST", `/api/batch/${batch}/counts`, { counts_0_5: value }, { cookie, headers: { [OPERATOR_HEADER]: operatorId } });
}

/** Operator A signs in on a tablet, "switches operator" (signs out back to the pad), B signs in. */
async function tabletHandOver(name: string) {
  const device = await approveDevice(admin, name);
  const a = await createUser(admin, { role: "floor", pin: "1111", initials: "AA" });
  const b = await createUser(admin, { role: "floor", pin: "2222", initials: "BB" });
  const aCookie = await pinSession(device.cookie, a.id, "1111");
  const out = await call("GET", "/logout?to=pin", undefined, { cookie: aCookie });
  expect([out.status, out.headers.get("Location")]).toEqual([302, "/pin"]);
  expect((await call("GET", "/api/me", undefined, { cookie: aCookie })).status).toBe(401);
  const bCookie = await pinSession(device.cookie, b.id, "2222");
  return { device, a, b, aCookie, bCookie };
}

describe("queued writes keep the operator who made them", () => {
  it("a count A queued and B's session sent is A's in the audit; B's own count is B's", async () => {
    const { a, b, bCookie } = await tabletHandOver("Hand-over tablet");
    const batch = await seedBatch();
    expect((await queuedCount(batch, 5, bCookie, a.id)).status).toBe(200);
    expect((await queuedCount(batch, 7, bCookie, b.id)).status).toBe(200);
    expect((await call("POST", `/api/batch/${batch}/counts`, { counts_0_5: 9 }, { cookie: bCookie })).status).toBe(200);
    const rows = (await auditRows(batch)).filter((r) => r.field === "counts_0_5").map((r) => [r.actor, r.new]);
    expect(rows).toEqual([
      [`user:${a.name}`, "5"],
      [`user:${b.name}`, "7"],
      [`user:${b.name}`, "9"],
    ]);
    const byA = await json<{ batch: string }[]>(await call("GET", `/api/audit?user=${a.id}`, undefined, { cookie: admin }));
    expect(byA.filter((r) => r.batch === batch)).toHaveLength(1);
  });

  it("refuses a claim for someone who never signed in on this device, and writes nothing", async () => {
    const { bCookie } = await tabletHandOver("Claim tablet");
    const stranger = await createUser(admin, { role: "floor", pin: "3333" });
    const otherDevice = await approveDevice(admin, "Stranger's own tablet");
    await pinSession(otherDevice.cookie, stranger.id, "3333");
    const batch = await seedBatch();
    const res = await queuedCount(batch, 4, bCookie, stranger.id);
    expect([res.status, await res.json()]).toEqual([
      403,
      { error: `${stranger.name} has not signed in on this device recently: a change queued in their name is not accepted` },
    ]);
    const unknown = await queuedCount(batch, 4, bCookie, "no-such-user");
    expect([unknown.status, await unknown.json()]).toEqual([403, { error: "The operator who queued this change is unknown" }]);
    expect((await queuedCount(batch, 4, bCookie, "admin")).status).toBe(403);
    expect(await auditRows(batch)).toEqual([]);
  });

  it("refuses a claim from a session that is not on a shared device (original admin, named lead by password)", async () => {
    const { a } = await tabletHandOver("Laptop claim tablet");
    await createUser(admin, { role: "lead", name: "Laptop Lead", password: "laptop-lead-pw" });
    const lead = await passwordSignIn("Laptop Lead", "laptop-lead-pw");
    const batch = await seedBatch();
    for (const cookie of [admin, lead]) {
      const res = await queuedCount(batch, 3, cookie, a.id);
      expect([res.status, await res.json()]).toEqual([
        403,
        { error: "Only a shared floor device sends changes queued by another operator" },
      ]);
    }
    expect(await auditRows(batch)).toEqual([]);
  });

  it("refuses a deactivated operator's queued change, one whose role lacks the ability, and one from an old sign-in", async () => {
    const { device, a, bCookie } = await tabletHandOver("Refusals tablet");
    const viewer = await createUser(admin, { role: "viewer", pin: "4444" });
    await pinSession(device.cookie, viewer.id, "4444");
    // B signs in again so B's session is the newest on the tablet.
    const b2 = await createUser(admin, { role: "floor", pin: "5555" });
    const cookie = await pinSession(device.cookie, b2.id, "5555");
    const batch = await seedBatch();
    const viewerWrite = await queuedCount(batch, 2, cookie, viewer.id);
    expect([viewerWrite.status, await viewerWrite.json()]).toEqual([
      403,
      { error: `Forbidden: ${viewer.name} may not make this change (needs "write:counts")` },
    ]);
    // A's sign-in on this tablet is moved back beyond the window.
    const old = new Date(Date.now() - QUEUED_WRITE_WINDOW_MS - 60_000).toISOString();
    await db().run(sql`UPDATE sessions SET created_at = ${old} WHERE user_id = ${a.id}`);
    expect((await queuedCount(batch, 2, cookie, a.id)).status).toBe(403);
    await db().run(sql`UPDATE sessions SET created_at = ${new Date().toISOString()} WHERE user_id = ${a.id}`);
    expect((await queuedCount(batch, 2, bCookie, a.id)).status).toBe(200);
    const off = await call("PUT", `/api/users/${a.id}`, { name: a.name, initials: "AA", role: "floor", active: false }, { cookie: admin });
    expect(off.status).toBe(200);
    const gone = await queuedCount(batch, 6, cookie, a.id);
    expect([gone.status, await gone.json()]).toEqual([
      403,
      { error: `${a.name} is deactivated: a change they queued is no longer accepted` },
    ]);
    const counts = (await auditRows(batch)).filter((r) => r.field === "counts_0_5").map((r) => r.new);
    expect(counts).toEqual(["2"]);
  });

  it("tells a PIN session its idle time; other sessions have none", async () => {
    const { bCookie } = await tabletHandOver("Idle tablet");
    const me = await json<{ idle_seconds: number | null }>(await call("GET", "/api/me", undefined, { cookie: bCookie }));
    expect(me.idle_seconds).toBe(120);
    const mine = await json<{ idle_seconds: number | null }>(await call("GET", "/api/me", undefined, { cookie: admin }));
    expect(mine.idle_seconds).toBeNull();
  });
});
