import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { RESTORE_CHECK_INTERVAL_MS } from "../../durable-objects/batch-hub";
import { batchHubObject, readAreaClock } from "../../durable-objects/hub-client";
import { CREDENTIALS_REVOKED_CLOSE } from "../../durable-objects/protocol";
import { writeRestoreEpochStatement } from "../../src/data/restore-epoch";
import { call, createApiKey, json, login, ORIGIN, setPassword } from "../helpers/http";
import { LiveSocket, upgrade } from "../helpers/live-socket";

/** Live tickets are single-use and bound; revoked credentials lose their sockets. */

let key = "";

beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
});

async function ticketFor(credentials: { key?: string; cookie?: string }): Promise<string> {
  const res = await call("POST", "/api/live/ticket", undefined, credentials);
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("no-store");
  return (await json<{ ticket: string }>(res)).ticket;
}

const byTicket = (ticket: string) => `/api/live?topics=batches&ticket=${encodeURIComponent(ticket)}`;

/** Resolves with the close code the server sends (the socket's reply close follows). */
function closeCodeOf(socket: LiveSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("socket was not closed")), 5_000);
    socket.ws.addEventListener("close", (event) => {
      clearTimeout(timer);
      resolve(event.code);
    });
  });
}

/** Whether the hub still delivers changes to `socket`. */
async function stillHears(socket: LiveSocket): Promise<boolean> {
  await batchHubObject(env).stamp("batches");
  return socket
    .next()
    .then(() => true)
    .catch(() => false);
}

describe("live tickets", () => {
  it("open one socket only", async () => {
    const ticket = await ticketFor({ key });
    const first = await LiveSocket.open(byTicket(ticket));
    const again = await upgrade(byTicket(ticket));
    expect([again.status, await again.json()]).toEqual([401, { error: "Invalid or expired ticket" }]);
    first.close();
  });

  it("stop working when the session that asked for them signs out", async () => {
    const cookie = await login(undefined, "203.0.113.20");
    const ticket = await ticketFor({ cookie });
    await call("GET", "/logout", undefined, { cookie });
    const res = await upgrade(byTicket(ticket));
    expect(res.status).toBe(401);
  });

  it("stop working when the key that asked for them is replaced", async () => {
    const oldKey = await createApiKey();
    const ticket = await ticketFor({ key: oldKey });
    key = await createApiKey();
    const res = await upgrade(byTicket(ticket));
    expect(res.status).toBe(401);
  });
});

describe("revoked credentials close their sockets", () => {
  it("signing out closes that session's sockets (cookie and ticket) and no other", async () => {
    const leaving = await login(undefined, "203.0.113.21");
    const staying = await login(undefined, "203.0.113.22");
    const byCookie = await LiveSocket.open("/api/live?topics=batches", { Cookie: leaving, Origin: ORIGIN });
    const byItsTicket = await LiveSocket.open(byTicket(await ticketFor({ cookie: leaving })));
    const other = await LiveSocket.open("/api/live?topics=batches", { Cookie: staying });
    const closes = [closeCodeOf(byCookie), closeCodeOf(byItsTicket)];
    const res = await call("GET", "/logout", undefined, { cookie: leaving });
    expect(res.status).toBe(302);
    expect(await Promise.all(closes)).toEqual([CREDENTIALS_REVOKED_CLOSE, CREDENTIALS_REVOKED_CLOSE]);
    expect(await stillHears(other)).toBe(true);
    other.close();
  });

  it("regenerating the API key closes the old key's sockets; session sockets stay", async () => {
    const cookie = await login(undefined, "203.0.113.23");
    const byKey = await LiveSocket.open("/api/live?topics=batches", { "X-API-Key": key });
    const byKeyTicket = await LiveSocket.open(byTicket(await ticketFor({ key })));
    const bySession = await LiveSocket.open("/api/live?topics=batches", { Cookie: cookie });
    const closes = [closeCodeOf(byKey), closeCodeOf(byKeyTicket)];
    const res = await call("POST", "/api/api-key/regenerate", undefined, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    key = (await json<{ api_key: string }>(res)).api_key;
    expect(await Promise.all(closes)).toEqual([CREDENTIALS_REVOKED_CLOSE, CREDENTIALS_REVOKED_CLOSE]);
    expect(await stillHears(bySession)).toBe(true);
    bySession.close();
  });

  it("changing the password closes every session's sockets", async () => {
    const cookie = await login(undefined, "203.0.113.24");
    const socket = await LiveSocket.open("/api/live?topics=batches", { Cookie: cookie });
    const byKey = await LiveSocket.open("/api/live?topics=batches", { "X-API-Key": key });
    const closed = closeCodeOf(socket);
    const body = {
      current_password: "correct horse battery",
      new_password: "correct horse battery",
      confirm_password: "correct horse battery",
    };
    expect((await call("POST", "/api/password", body, { cookie })).status).toBe(200);
    expect(await closed).toBe(CREDENTIALS_REVOKED_CLOSE);
    expect(await stillHears(byKey)).toBe(true);
    byKey.close();
  });

  it("a restore (new restore epoch) closes every session's sockets once the hub sees it", async () => {
    const cookie = await login(undefined, "203.0.113.26");
    const bySession = await LiveSocket.open("/api/live?topics=batches", { Cookie: cookie });
    const byKey = await LiveSocket.open("/api/live?topics=batches", { "X-API-Key": key });
    await readAreaClock(env, "batches");
    const closed = closeCodeOf(bySession);
    const at = new Date().toISOString();
    await writeRestoreEpochStatement(env.DB, { id: crypto.randomUUID(), restored_at: at, backup_id: "test" }).run();
    await new Promise((resolve) => setTimeout(resolve, RESTORE_CHECK_INTERVAL_MS + 50));
    await readAreaClock(env, "batches");
    expect(await closed).toBe(CREDENTIALS_REVOKED_CLOSE);
    expect(await stillHears(byKey)).toBe(true);
    byKey.close();
  });
});

describe("cookie upgrades and Origin", () => {
  it("refuses a cookie upgrade from another site's page; a key upgrade does not depend on Origin", async () => {
    const cookie = await login(undefined, "203.0.113.25");
    const foreign = await upgrade("/api/live", { Cookie: cookie, Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(foreign.webSocket).toBeNull();
    const own = await LiveSocket.open("/api/live", { Cookie: cookie, Origin: ORIGIN });
    own.close();
    const keyed = await LiveSocket.open("/api/live", { "X-API-Key": key, Origin: "https://elsewhere.example" });
    keyed.close();
  });
});
