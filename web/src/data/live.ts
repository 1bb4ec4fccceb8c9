import { PING_FRAME, readServerFrame, type Topic } from "../../../src/contracts/live";

/**
 * Live change notifications for pages: one WebSocket to /api/live, reconnected with exponential
 * backoff and full jitter; while a socket cannot be held, the page falls back to polling the
 * areas' last-updated endpoints. Pages only learn "topic X changed, reload it".
 */

export type { Topic } from "../../../src/contracts/live";
export type LiveStatus = "connecting" | "live" | "polling" | "closed";
/** `marker` is the area's clock (ISO) from the socket, or whatever the poll endpoint answers. */
export type LiveChange = { topic: Topic; marker: string | null; source: "socket" | "poll" };

export type BackoffOptions = { initialMs: number; maxMs: number };

export type LiveOptions = {
  topics: readonly Topic[];
  onChange: (change: LiveChange) => void;
  onStatus?: (status: LiveStatus) => void;
  /** Page URL the socket and poll paths are resolved against; defaults to the current page. */
  baseUrl?: string;
  /** For clients that cannot rely on the session cookie: a ticket from POST /api/live/ticket. */
  getTicket?: () => Promise<string>;
  /** Reads a topic's poll marker (undefined: the topic cannot be polled); defaults to its last-updated endpoint. */
  readMarker?: (topic: Topic) => Promise<string | null | undefined>;
  /** Markers the page already has (e.g. read with its data), so the first resync can detect a gap. */
  initialMarkers?: Partial<Record<Topic, string | null>>;
  pollIntervalMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Short-lived sockets in a row before polling starts (the socket keeps retrying meanwhile). */
  failuresBeforePolling?: number;
  /** A socket open this long counts as held: backoff and failure count start again. */
  stableAfterMs?: number;
  heartbeatMs?: number;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
};

export type LiveSubscription = { readonly status: LiveStatus; close(): void };

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000 };

/** Poll endpoints per topic; inventory has no last-updated endpoint, so it is not polled by default. */
export const POLL_PATHS: Record<Topic, string | null> = {
  batches: "/api/batches/last-updated",
  "finished-goods": "/api/finished-goods/last-updated",
  wholesale: "/api/wholesale/last-updated",
  packing: "/api/packing/last-updated",
  inventory: null,
};

/** Full-jitter exponential backoff: uniform in [0, min(max, initial · 2^attempt)). */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** ws:// or wss:// URL of the live endpoint for a page URL. */
export function liveSocketUrl(baseUrl: string, ticket?: string): string {
  const url = new URL("/api/live", baseUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (ticket) url.searchParams.set("ticket", ticket);
  return url.toString();
}

type Timer = ReturnType<typeof setTimeout>;

function cancel(timer: Timer | undefined): void {
  if (timer !== undefined) clearTimeout(timer);
}

function cancelInterval(timer: Timer | undefined): void {
  if (timer !== undefined) clearInterval(timer);
}

function defaultReadMarker(baseUrl: string): (topic: Topic) => Promise<string | null | undefined> {
  return async (topic) => {
    const path = POLL_PATHS[topic];
    if (!path) return undefined;
    const res = await fetch(new URL(path, baseUrl), { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    const body = (await res.json()) as { timestamp?: unknown; fingerprint?: unknown };
    const marker = body.timestamp ?? body.fingerprint ?? null;
    return typeof marker === "string" ? marker : null;
  };
}

export function subscribeLive(options: LiveOptions): LiveSubscription {
  const baseUrl = options.baseUrl ?? (globalThis as { location?: { href: string } }).location?.href ?? "http://localhost/";
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const random = options.random ?? Math.random;
  const readMarker = options.readMarker ?? defaultReadMarker(baseUrl);
  const pollIntervalMs = options.pollIntervalMs ?? 5_000;
  const failuresBeforePolling = options.failuresBeforePolling ?? 2;
  const stableAfterMs = options.stableAfterMs ?? 10_000;
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));

  const markers = new Map<Topic, string | null>(Object.entries(options.initialMarkers ?? {}) as [Topic, string | null][]);
  let status: LiveStatus = "connecting";
  let socket: WebSocket | null = null;
  let attempt = 0;
  let failures = 0;
  // One kind of timer handle for the browser and for Node/Workers typings alike.
  let reconnectTimer: Timer | undefined;
  let pollTimer: Timer | undefined;
  let heartbeatTimer: Timer | undefined;
  let polling = false;
  let closed = false;

  function setStatus(next: LiveStatus): void {
    if (status === next) return;
    status = next;
    options.onStatus?.(next);
  }

  /** The first marker seen for a topic is the baseline; every different one after it is a change. */
  function note(topic: Topic, marker: string | null, source: LiveChange["source"]): void {
    const known = markers.has(topic);
    const previous = markers.get(topic);
    markers.set(topic, marker);
    if (known && previous !== marker) options.onChange({ topic, marker, source });
  }

  function startPolling(): void {
    if (polling || closed) return;
    polling = true;
    setStatus("polling");
    const tick = async () => {
      await Promise.all(
        options.topics.map(async (topic) => {
          try {
            const marker = await readMarker(topic);
            if (polling && marker !== undefined) note(topic, marker, "poll");
          } catch {
            // A failed poll is retried at the next tick.
          }
        }),
      );
      if (polling) pollTimer = setTimeout(tick, pollIntervalMs);
    };
    void tick();
  }

  function stopPolling(): void {
    polling = false;
    cancel(pollTimer);
  }

  function onFrame(data: unknown, alive: { at: number }): void {
    alive.at = Date.now();
    if (typeof data !== "string") return;
    const message = readServerFrame(data);
    if (!message) return;
    if (message.type === "changed") note(message.topic, message.timestamp, "socket");
    if (message.type === "subscribed") {
      // Held: the socket now carries every change, and the clocks close any gap while it was down.
      stopPolling();
      setStatus("live");
      for (const topic of options.topics) note(topic, message.clocks[topic] ?? null, "socket");
    }
  }

  async function connect(): Promise<void> {
    if (closed) return;
    if (!polling) setStatus("connecting");
    let ws: WebSocket;
    try {
      const ticket = options.getTicket ? await options.getTicket() : undefined;
      if (closed) return;
      ws = createSocket(liveSocketUrl(baseUrl, ticket));
    } catch {
      scheduleReconnect(false);
      return;
    }
    socket = ws;
    const openedAt = Date.now();
    const alive = { at: openedAt };
    ws.addEventListener("open", () => {
      ws.send(JSON.stringify({ type: "subscribe", topics: options.topics }));
      heartbeatTimer = setInterval(() => {
        // No frame since the last ping: the connection is half-open; drop it and reconnect.
        if (Date.now() - alive.at > heartbeatMs * 2) ws.close(4000, "heartbeat timeout");
        else ws.send(PING_FRAME);
      }, heartbeatMs);
    });
    ws.addEventListener("message", (event) => onFrame(event.data, alive));
    ws.addEventListener("close", () => {
      cancelInterval(heartbeatTimer);
      if (socket === ws) socket = null;
      scheduleReconnect(Date.now() - openedAt >= stableAfterMs);
    });
  }

  function scheduleReconnect(wasHeld: boolean): void {
    if (closed) return;
    if (wasHeld) {
      attempt = 0;
      failures = 0;
    } else {
      failures += 1;
    }
    // A short gap is closed by the clocks in the next "subscribed" frame; only a socket that
    // cannot be held needs polling, which stops as soon as one is held again.
    if (failures >= failuresBeforePolling) startPolling();
    const delay = backoffDelay(attempt, backoff, random);
    attempt += 1;
    reconnectTimer = setTimeout(() => void connect(), delay);
  }

  void connect();

  return {
    get status() {
      return status;
    },
    close() {
      closed = true;
      cancel(reconnectTimer);
      cancelInterval(heartbeatTimer);
      stopPolling();
      socket?.close(1000, "page closed");
      socket = null;
      setStatus("closed");
    },
  };
}
