import { beforeAll, describe, expect, it } from "vitest";
import { call, json, login, setPassword } from "../helpers/http";
import { LiveSocket, upgrade } from "../helpers/live-socket";
import { createKey } from "./people-helpers";

/** A named key's live ticket opens a socket while the key is active, and not after it is revoked. */
let admin = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
});

const byTicket = (ticket: string) => `/api/live?topics=batches&ticket=${encodeURIComponent(ticket)}`;

async function ticketFor(key: string): Promise<string> {
  const res = await call("POST", "/api/live/ticket", undefined, { key, origin: null });
  expect(res.status).toBe(200);
  return (await json<{ ticket: string }>(res)).ticket;
}

describe("live tickets of named keys", () => {
  it("open a socket for an active key and are refused once the key is revoked", async () => {
    const scoped = await createKey(admin, "Wallboard", ["read"]);
    const socket = await LiveSocket.open(byTicket(await ticketFor(scoped.api_key)));
    socket.close();
    const spare = await ticketFor(scoped.api_key);
    expect((await call("DELETE", `/api/api-keys/${scoped.id}`, undefined, { cookie: admin })).status).toBe(200);
    const refused = await upgrade(byTicket(spare));
    expect(refused.status).toBe(401);
  });
});
