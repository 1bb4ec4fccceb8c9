import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay, type LiveChange, type LiveOptions, liveSocketUrl, subscribeLive, type Topic } from "../../web/src/data/live";

type Listener = (event: { data?: unknown }) => void;

/** Enough of a browser WebSocket to drive the client by hand. */
class FakeSocket {
  sent: string[] = [];
  isClosed = false;
  private listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: string, data?: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  send(frame: string) {
    this.sent.push(frame);
  }
  close() {
    if (this.isClosed) return;
    this.isClosed = true;
    this.emit("close");
  }
  /** Opens and answers the subscribe frame with these clocks. */
  hold(clocks: Record<string, string | null>) {
    this.emit("open");
    const { topics } = JSON.parse(this.sent[0] ?? "{}") as { topics: Topic[] };
    this.emit("message", JSON.stringify({ type: "subscribed", topics, clocks }));
  }
}

const T1 = "2026-02-28T14:30:00.000Z";
const T2 = "2026-02-28T14:30:05.123Z";

function start(overrides: Partial<LiveOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const changes: LiveChange[] = [];
  const statuses: string[] = [];
  const subscription = subscribeLive({
    topics: ["batches"],
    onChange: (change) => changes.push(change),
    onStatus: (status) => statuses.push(status),
    baseUrl: "https://tracker.example/dashboard",
    random: () => 0.5,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket as unknown as WebSocket;
    },
    ...overrides,
  });
  const current = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error("no socket yet");
    return socket;
  };
  return { subscription, sockets, changes, statuses, current };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("backoffDelay", () => {
  it.each([
    [0, 0.999, 499],
    [1, 0.5, 500],
    [3, 0.5, 2_000],
    [6, 0.999, 29_970],
    [40, 0.999, 29_970],
    [5, 0, 0],
  ])("attempt %i with random %d waits %i ms", (attempt, random, expected) => {
    expect(backoffDelay(attempt, { initialMs: 500, maxMs: 30_000 }, () => random)).toBe(expected);
  });
});

describe("liveSocketUrl", () => {
  it.each([
    ["https://tracker.example/finished-goods", undefined, "wss://tracker.example/api/live"],
    ["http://127.0.0.1:8787/", undefined, "ws://127.0.0.1:8787/api/live"],
    ["http://localhost/", "a.b+c", "ws://localhost/api/live?ticket=a.b%2Bc"],
  ])("%s with ticket %s → %s", (base, ticket, expected) => {
    expect(liveSocketUrl(base, ticket)).toBe(expected);
  });
});

describe("subscribeLive", () => {
  it("subscribes on open, takes the clocks as baseline and reports each new timestamp once", () => {
    const { current, changes, statuses, subscription } = start();
    current().hold({ batches: T1 });
    expect(JSON.parse(current().sent[0] ?? "")).toEqual({ type: "subscribe", topics: ["batches"] });
    expect(subscription.status).toBe("live");
    expect(changes).toEqual([]);
    current().emit("message", JSON.stringify({ type: "changed", topic: "batches", timestamp: T2 }));
    current().emit("message", JSON.stringify({ type: "changed", topic: "batches", timestamp: T2 }));
    current().emit("message", "not json");
    current().emit("message", JSON.stringify({ type: "changed", topic: "nope", timestamp: T2 }));
    expect(changes).toEqual([{ topic: "batches", marker: T2, source: "socket" }]);
    expect(statuses).toEqual(["live"]);
  });

  it("reconnects with backoff and reports a change missed while the socket was down", () => {
    const { current, sockets, changes } = start();
    current().hold({ batches: T1 });
    vi.advanceTimersByTime(60_000);
    current().close();
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(250); // attempt 0, random 0.5 → 250 ms
    expect(sockets).toHaveLength(2);
    current().hold({ batches: T2 });
    expect(changes).toEqual([{ topic: "batches", marker: T2, source: "socket" }]);
  });

  it("detects a gap before the first socket when the page passes the markers it loaded with", () => {
    const { current, changes } = start({ initialMarkers: { batches: T1 } });
    current().hold({ batches: T2 });
    expect(changes).toEqual([{ topic: "batches", marker: T2, source: "socket" }]);
  });

  it("polls when sockets cannot be held and stops once one is", async () => {
    const markers = [T1, T1, T2];
    const readMarker = vi.fn(async () => markers.shift() ?? T2);
    const { current, sockets, changes, statuses } = start({ readMarker, pollIntervalMs: 5_000 });
    current().close();
    await vi.advanceTimersByTimeAsync(250);
    current().close();
    expect(statuses).toEqual(["polling"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(readMarker).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(readMarker).toHaveBeenCalledTimes(3);
    expect(changes).toEqual([{ topic: "batches", marker: T2, source: "poll" }]);
    // Attempt 2 → 1 s; the socket retried meanwhile and is held now.
    expect(sockets.length).toBeGreaterThanOrEqual(3);
    current().hold({ batches: T2 });
    expect(statuses.at(-1)).toBe("live");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(readMarker).toHaveBeenCalledTimes(3);
  });

  it("pings on a heartbeat and drops a socket that stopped answering", () => {
    const { current, sockets } = start({ heartbeatMs: 1_000 });
    current().hold({ batches: T1 });
    vi.advanceTimersByTime(1_000);
    expect(current().sent.at(-1)).toBe('{"type":"ping"}');
    current().emit("message", '{"type":"pong"}');
    vi.advanceTimersByTime(2_000);
    expect(current().isClosed).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(sockets[0]?.isClosed).toBe(true);
  });

  it("stops for good on close", () => {
    const { current, sockets, subscription, statuses } = start();
    current().hold({ batches: T1 });
    subscription.close();
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toBe("closed");
  });
});
