import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { batchHubObject, clockToIso, readAreaClock, readAreaVersion } from "../../durable-objects/hub-client";
import type { Topic } from "../../durable-objects/topics";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";
import { LiveSocket, upgrade } from "../helpers/live-socket";

let key: string;
let cookie: string;

/** Stamps straight on the hub (stampArea never throws, and answers null when the hub fails). */
const stampOnHub = (topic: Topic) => batchHubObject(env).stamp(topic);

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

async function subscribed(socket: LiveSocket, topics: string[]) {
  const reply = await socket.request({ type: "subscribe", topics });
  expect(reply).toMatchObject({ type: "subscribed", topics });
  return reply;
}

/** The ISO timestamp a poller sees, from the endpoint when it exists, else from the clock itself. */
async function pollerTimestamp(): Promise<string | null> {
  const res = await call("GET", "/api/batches/last-updated", undefined, { key });
  if (res.status === 200) return (await json<{ timestamp: string | null }>(res)).timestamp;
  return clockToIso(await readAreaClock(env, "batches"));
}

describe("GET /api/live", () => {
  it("sends one changed frame to every batches subscriber, with the poller's timestamp, and none to others", async () => {
    const byKey = await LiveSocket.open("/api/live", { "X-API-Key": key });
    const bySession = await LiveSocket.open("/api/live", { Cookie: cookie });
    const inventoryOnly = await LiveSocket.open("/api/live", { "X-API-Key": key });
    await subscribed(byKey, ["batches"]);
    await subscribed(bySession, ["batches"]);
    await subscribed(inventoryOnly, ["inventory"]);

    await stampOnHub("batches");
    const expected = { type: "changed", topic: "batches", timestamp: await pollerTimestamp() };
    expect(expected.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await byKey.next()).toEqual(expected);
    expect(await bySession.next()).toEqual(expected);

    // Frames on a socket are ordered: a duplicate would arrive before the reply to this frame.
    for (const socket of [byKey, bySession]) {
      expect(await socket.request({ type: "subscribe", topics: ["batches"] })).toMatchObject({ type: "subscribed" });
    }
    // Likewise the inventory socket's first frame is the inventory change, not the batches one.
    await stampOnHub("inventory");
    expect(await inventoryOnly.next()).toEqual({
      type: "changed",
      topic: "inventory",
      timestamp: clockToIso(await readAreaClock(env, "inventory")),
    });
    for (const socket of [byKey, bySession, inventoryOnly]) socket.close();
  });

  it("pushes a POST /api/batch/{id}/counts to both batches subscribers with the new last-updated, and no batches frame elsewhere", async () => {
    await env.DB.prepare("INSERT INTO batches (id, strain, input_grams, target_grams_each) VALUES (?, ?, ?, ?)")
      .bind("live-batch-1", "Blue Dream", 1000, 0.5)
      .run();
    const first = await LiveSocket.open("/api/live?topics=batches", { "X-API-Key": key });
    const second = await LiveSocket.open("/api/live?topics=batches", { Cookie: cookie });
    const inventoryOnly = await LiveSocket.open("/api/live?topics=inventory", { "X-API-Key": key });

    const res = await call("POST", "/api/batch/live-batch-1/counts", { counts_0_5: 120 }, { key });
    expect(res.status).toBe(200);
    const polled = await call("GET", "/api/batches/last-updated", undefined, { key });
    const { timestamp } = await json<{ timestamp: string }>(polled);
    expect(timestamp).toBe(clockToIso(await readAreaClock(env, "batches")));
    for (const socket of [first, second]) {
      expect(await socket.next()).toEqual({ type: "changed", topic: "batches", timestamp });
      expect(await socket.request({ type: "subscribe", topics: ["batches"] })).toMatchObject({ type: "subscribed" });
    }
    // Counts may consume paper (an inventory change); whatever arrives before this marker is inventory only.
    const marker = clockToIso(await stampOnHub("inventory"));
    const frames: { topic?: string; timestamp?: string }[] = [];
    while (frames.at(-1)?.timestamp !== marker) frames.push((await inventoryOnly.next()) as { topic?: string; timestamp?: string });
    expect(frames.every((f) => f.topic === "inventory")).toBe(true);
    for (const socket of [first, second, inventoryOnly]) socket.close();
  });

  it("answers a subscribe with the current clocks and subscribes at connect time with ?topics", async () => {
    const ms = await stampOnHub("packing");
    const socket = await LiveSocket.open("/api/live?topics=packing", { "X-API-Key": key });
    await stampOnHub("packing");
    expect(await socket.next()).toMatchObject({ type: "changed", topic: "packing" });
    const reply = await socket.request({ type: "subscribe", topics: ["wholesale"] });
    expect(reply).toEqual({
      type: "subscribed",
      topics: ["packing", "wholesale"],
      clocks: { packing: clockToIso(await readAreaClock(env, "packing")), wholesale: null },
    });
    expect(await readAreaClock(env, "packing")).toBeGreaterThan(ms);
    socket.close();
  });

  it("stops sending a topic after unsubscribe", async () => {
    const socket = await LiveSocket.open("/api/live?topics=finished-goods,wholesale", { "X-API-Key": key });
    expect(await socket.request({ type: "unsubscribe", topics: ["finished-goods"] })).toEqual({
      type: "unsubscribed",
      topics: ["wholesale"],
    });
    await stampOnHub("finished-goods");
    await stampOnHub("wholesale");
    expect(await socket.next()).toMatchObject({ type: "changed", topic: "wholesale" });
    socket.close();
  });

  it("refuses an upgrade without credentials, with a wrong key or a bad ticket, before upgrading", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{}, "/api/live", "Authentication required"],
      [{ "X-API-Key": "wrong" }, "/api/live", "Invalid API key"],
      [{}, "/api/live?ticket=not-a-ticket", "Invalid or expired ticket"],
      [{}, `/api/live?ticket=${cookie.split("=")[1]}`, "Invalid or expired ticket"],
      [{}, "/api/live?ticket=", "Invalid or expired ticket"],
    ];
    for (const [headers, path, error] of cases) {
      const res = await upgrade(path, headers);
      expect(res.status).toBe(401);
      expect(res.webSocket).toBeNull();
      expect(await res.json()).toEqual({ error });
    }
  });

  it("answers 426 to a plain GET and 400 to an unknown topic", async () => {
    const plain = await call("GET", "/api/live", undefined, { key });
    expect(plain.status).toBe(426);
    expect(await plain.json()).toEqual({ error: "Expected a WebSocket upgrade" });
    for (const topics of ["nope", "batches,nope", "'; DROP TABLE batches;--", "x".repeat(300)]) {
      const res = await upgrade(`/api/live?topics=${encodeURIComponent(topics)}`, { "X-API-Key": key });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "Invalid value for topics" });
    }
  });

  it("answers malformed frames with an error frame and keeps the socket and hub working", async () => {
    const socket = await LiveSocket.open("/api/live", { "X-API-Key": key });
    const other = await LiveSocket.open("/api/live?topics=batches", { "X-API-Key": key });
    const cases: [unknown, string][] = [
      ["not json", "Invalid JSON"],
      ["42", 'Unknown message type: expected "subscribe" or "unsubscribe"'],
      [{ type: "dance" }, 'Unknown message type: expected "subscribe" or "unsubscribe"'],
      [{ type: "subscribe" }, "topics must be a list of topic names"],
      [{ type: "subscribe", topics: [] }, "topics must name at least one topic"],
      [{ type: "subscribe", topics: ["nope"] }, "Unknown topic"],
      [{ type: "subscribe", topics: "batches" }, "topics must be a list of topic names"],
      [{ type: "subscribe", topics: ["batches", "x".repeat(5000)] }, "Message too large"],
      [new TextEncoder().encode("binary").buffer, "Binary frames are not supported"],
    ];
    for (const [frame, error] of cases) {
      expect(await socket.request(frame)).toEqual({ type: "error", error });
    }
    expect(await socket.request('{"type":"ping"}')).toEqual({ type: "pong" });
    await subscribed(socket, ["batches"]);
    const ms = await stampOnHub("batches");
    const expected = { type: "changed", topic: "batches", timestamp: clockToIso(ms) };
    expect(await socket.next()).toEqual(expected);
    expect(await other.next()).toEqual(expected);
    socket.close();
    other.close();
  });

  it("keeps subscriptions when the hub hibernates and sockets outlive it", async () => {
    const socket = await LiveSocket.open("/api/live?topics=inventory", { "X-API-Key": key });
    await evictDurableObject(batchHubObject(env), { webSockets: "hibernate" });
    const ms = await stampOnHub("inventory");
    expect(await socket.next()).toEqual({ type: "changed", topic: "inventory", timestamp: clockToIso(ms) });
    expect(await socket.request({ type: "subscribe", topics: ["packing"] })).toMatchObject({ topics: ["inventory", "packing"] });
    socket.close();
  });
});

describe("POST /api/live/ticket", () => {
  it("issues a 60 s ticket that opens a socket without headers", async () => {
    const res = await call("POST", "/api/live/ticket", undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<{ ticket: string; expires_in: number }>(res);
    expect(body.expires_in).toBe(60);
    const socket = await LiveSocket.open(`/api/live?topics=batches&ticket=${encodeURIComponent(body.ticket)}`);
    const ms = await stampOnHub("batches");
    expect(await socket.next()).toEqual({ type: "changed", topic: "batches", timestamp: clockToIso(ms) });
    socket.close();
  });

  it("issues a ticket to a session from the app's own origin only", async () => {
    expect((await call("POST", "/api/live/ticket", undefined, { cookie })).status).toBe(200);
    const crossSite = await call("POST", "/api/live/ticket", undefined, { cookie, origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
  });

  it("requires credentials", async () => {
    const none = await call("POST", "/api/live/ticket");
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: "Authentication required" });
    const wrong = await call("POST", "/api/live/ticket", undefined, { key: "wrong" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "Invalid API key" });
  });
});

describe("the change clock", () => {
  /** The clock as stored: it is written on the turn after the stamp, with the fan-out. */
  async function storedClock(topic: string): Promise<number | undefined> {
    return runInDurableObject(batchHubObject(env), (_hub, state) => state.storage.kv.get<number>(`clock:${topic}`));
  }

  it("survives a restart of the hub and never goes backwards", async () => {
    const before = await stampOnHub("finished-goods");
    await vi.waitFor(async () => expect(await storedClock("finished-goods")).toBe(before), { timeout: 3000 });
    await evictDurableObject(batchHubObject(env));
    expect(await readAreaClock(env, "finished-goods")).toBe(before);
    // A wall clock that stepped back still moves the clock forward.
    const stepped = await batchHubObject(env).stamp("finished-goods", before - 60_000);
    expect(stepped).toBe(before + 1);
    await vi.waitFor(async () => expect(await storedClock("finished-goods")).toBe(stepped), { timeout: 3000 });
    await evictDurableObject(batchHubObject(env), { webSockets: "close" });
    expect(await readAreaClock(env, "finished-goods")).toBe(stepped);
    expect(await stampOnHub("finished-goods")).toBeGreaterThan(stepped);
  });

  it("keys cached copies by the hub's incarnation, so a restart never revives an old version", async () => {
    const stamped = await stampOnHub("wholesale");
    const version = await readAreaVersion(env, "wholesale");
    expect(version).toMatch(new RegExp(`^[0-9a-f]{8}\\.${stamped.toString(36)}$`));
    expect(await readAreaVersion(env, "wholesale")).toBe(version);
    await vi.waitFor(async () => expect(await storedClock("wholesale")).toBe(stamped), { timeout: 3000 });
    await evictDurableObject(batchHubObject(env));
    const after = await readAreaVersion(env, "wholesale");
    expect(await readAreaClock(env, "wholesale")).toBe(stamped);
    expect(after).not.toBe(version);
    expect(after?.endsWith(`.${stamped.toString(36)}`)).toBe(true);
  });

  it("stores a burst of stamps once they have answered", async () => {
    const stamps = await Promise.all(Array.from({ length: 10 }, () => stampOnHub("packing")));
    await vi.waitFor(async () => expect(await storedClock("packing")).toBe(Math.max(...stamps)), { timeout: 3000 });
  });

  it("gives concurrent stamps distinct increasing times and tells a subscriber the newest", async () => {
    const socket = await LiveSocket.open("/api/live?topics=wholesale", { "X-API-Key": key });
    const stamps = await Promise.all(Array.from({ length: 25 }, () => stampOnHub("wholesale")));
    expect(new Set(stamps).size).toBe(25);
    const newest = Math.max(...stamps);
    expect(await readAreaClock(env, "wholesale")).toBe(newest);
    // Bursts may be coalesced, but frames only move forward and end at the newest stamp.
    let last = "";
    while (last !== clockToIso(newest)) {
      const frame = (await socket.next()) as { timestamp: string };
      expect(frame.timestamp > last).toBe(true);
      last = frame.timestamp;
    }
    socket.close();
  });
});
