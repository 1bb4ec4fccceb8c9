import { DurableObject } from "cloudflare:workers";
import { readRestoreEpochId } from "../src/data/restore-epoch";
import {
  ALL_SESSION_SOCKETS,
  type ClientMessage,
  CREDENTIALS_REVOKED_CLOSE,
  changedFrame,
  errorFrame,
  PING_FRAME,
  PONG_FRAME,
  PRINCIPAL_HEADER,
  parseClientFrame,
  type SubscribedMessage,
  socketTagsOf,
  TOPICS_PARAM,
} from "./protocol";
import { isTopic, TOPICS, type Topic } from "./topics";

/** How long stamps gather before their clocks are stored together. */
const PERSIST_DELAY_MS = 100;
/** How often, while it is asked for clocks, the hub looks in D1 for a restore (one small read). */
export const RESTORE_CHECK_INTERVAL_MS = 1_000;

/** What each socket keeps across hibernation (serializeAttachment survives it; memory does not). */
type SocketState = { topics: Topic[] };

function clockIso(ms: number): string | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}

/**
 * The batch hub owns the change clock of every area and pushes each change to the dashboards
 * subscribed to it. A stamp is the area's new last-updated time: never earlier than the previous
 * one, even if the wall clock steps back. Sockets use the hibernation API, so idle dashboards
 * cost nothing, and their subscriptions live in socket attachments.
 *
 * The clocks live in memory and are written to storage at most every PERSIST_DELAY_MS: a stream
 * of stamps then costs one storage commit per interval, not one each (a commit is most of a
 * stamp's cost). Should the object die inside an interval, the last-updated time steps back to the
 * stored one; no copy is ever served stale for it, because the cache version of a clock also
 * names the hub's incarnation (`versionOf`).
 *
 * A restore rewrites D1 under every clock, from wherever it runs (a script against D1 cannot reach
 * this object). It moves the restore epoch in D1 in its swap transaction; the hub reads the epoch
 * before answering when the last look is over RESTORE_CHECK_INTERVAL_MS old, and moves every clock
 * when it changed, so no copy, ETag or last-updated from before a restore outlives it by more than that.
 */
export class BatchHub extends DurableObject<Env> {
  private clocks = new Map<Topic, number>();
  /** Parsed attachments, so a broadcast does not deserialize every socket's state every time. */
  private subscriptions = new WeakMap<WebSocket, Set<Topic>>();
  /** Newest stamp per topic not yet broadcast: a burst of stamps becomes one frame per socket. */
  private pending = new Map<Topic, number>();
  private flushScheduled = false;
  /** Newest stamp per topic not yet in storage. */
  private unsaved = new Map<Topic, number>();
  /** New at every start: versions handed out before a restart can never be handed out again. */
  private readonly incarnation = crypto.randomUUID().slice(0, 8);
  /** The restore epoch last seen in D1; undefined until a first look succeeds. */
  private restoreEpoch: string | null | undefined;
  private restoreCheckedAtMs = 0;
  private restoreCheck: Promise<void> | null = null;
  /** Whether this incarnation has answered a clock or version (before it knew the epoch, that matters). */
  private hasAnswered = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alive pings are answered by the runtime without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
    // SQLite-backed storage answers synchronously: the clocks are in memory before any call runs.
    for (const topic of TOPICS) {
      const value = ctx.storage.kv.get<number>(`clock:${topic}`);
      if (typeof value === "number") this.clocks.set(topic, value);
    }
  }

  /** Moves the clock of `topic` forward and returns the new time in milliseconds. */
  stamp(topic: Topic, atMs = Date.now()): number {
    const previous = this.clocks.get(topic) ?? 0;
    const next = Math.max(atMs, previous + 1);
    this.clocks.set(topic, next);
    this.afterStamp(topic, next);
    return next;
  }

  /** Stamps several topics in one call (a write that changed two areas costs one round trip). */
  stampMany(topics: readonly Topic[], atMs = Date.now()): number[] {
    return topics.map((topic) => this.stamp(topic, atMs));
  }

  /** Current clock of one topic in milliseconds; 0 when the area never changed. */
  async clockOf(topic: Topic): Promise<number> {
    await this.noticeRestore();
    return this.clocks.get(topic) ?? 0;
  }

  /**
   * What cached copies of `topic` are keyed by: the clock within this incarnation of the hub, or
   * null when the area never changed.
   */
  async versionOf(topic: Topic): Promise<string | null> {
    await this.noticeRestore();
    const clock = this.clocks.get(topic) ?? 0;
    return clock > 0 ? `${this.incarnation}.${clock.toString(36)}` : null;
  }

  /** Current clock per topic in milliseconds; 0 when the area never changed. */
  async read(topics: readonly Topic[] = TOPICS): Promise<Record<string, number>> {
    await this.noticeRestore();
    const out: Record<string, number> = {};
    for (const topic of topics) out[topic] = this.clocks.get(topic) ?? 0;
    return out;
  }

  /** Looks for a new restore epoch when the last look is old enough; callers arriving meanwhile share it. */
  private async noticeRestore(): Promise<void> {
    if (Date.now() - this.restoreCheckedAtMs >= RESTORE_CHECK_INTERVAL_MS) {
      this.restoreCheck ??= this.checkRestoreEpoch().finally(() => {
        this.restoreCheck = null;
      });
    }
    if (this.restoreCheck) await this.restoreCheck;
    this.hasAnswered = true;
  }

  private async checkRestoreEpoch(): Promise<void> {
    this.restoreCheckedAtMs = Date.now();
    let epoch: string | null;
    try {
      epoch = await readRestoreEpochId(this.env.DB);
    } catch (error) {
      // Clocks still answer; the next look after the interval tries again.
      console.warn("batch hub could not read the restore epoch", error);
      return;
    }
    // Before a first successful look, anything already answered may predate a restore: move on the safe side.
    const restored = this.restoreEpoch === undefined ? this.hasAnswered : epoch !== this.restoreEpoch;
    const seenRestore = this.restoreEpoch !== undefined && epoch !== this.restoreEpoch;
    this.restoreEpoch = epoch;
    if (restored) for (const topic of TOPICS) this.stamp(topic);
    // The restore signed every session out; their sockets go too (key sockets stay: the key is rotated by hand).
    if (seenRestore) this.closeSockets(ALL_SESSION_SOCKETS, "Signed out: the database was restored");
  }

  /**
   * Queues the fan-out for the turn after the stamp's reply, so the writer never waits for
   * hundreds of socket sends, and the storage write for the end of the interval.
   */
  protected afterStamp(topic: Topic, timestampMs: number): void {
    this.pending.set(topic, timestampMs);
    if (this.unsaved.size === 0) setTimeout(() => this.persist(), PERSIST_DELAY_MS);
    this.unsaved.set(topic, timestampMs);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.scheduleFlush();
  }

  /** Stores the newest stamp of every topic stamped in the interval: puts in one turn commit together. */
  private persist(): void {
    for (const [topic, ms] of this.unsaved) this.ctx.storage.kv.put(`clock:${topic}`, ms);
    this.unsaved.clear();
  }

  /** Runs the fan-out on the next turn of the event loop, after the stamp has answered. */
  protected scheduleFlush(): void {
    setTimeout(() => this.flush(), 0);
  }

  /** Accepts a WebSocket the Worker route has already authenticated. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json({ error: "Expected a WebSocket upgrade" }, { status: 426 });
    }
    const requested = new URL(request.url).searchParams.get(TOPICS_PARAM);
    const topics = requested ? [...new Set(requested.split(",").filter(isTopic))] : [];
    const principal = request.headers.get(PRINCIPAL_HEADER) ?? "unknown";
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], socketTagsOf(principal));
    this.remember(pair[1], new Set(topics));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * Closes every socket carrying `tag` (a signed-out session's, a replaced key's, or all sessions'
   * after a password change) and returns how many were open.
   */
  closeSockets(tag: string, reason: string): number {
    const sockets = this.ctx.getWebSockets(tag);
    for (const ws of sockets) {
      this.subscriptions.delete(ws);
      try {
        ws.close(CREDENTIALS_REVOKED_CLOSE, reason);
      } catch {
        // Already closing.
      }
    }
    return sockets.length;
  }

  override async webSocketMessage(ws: WebSocket, frame: string | ArrayBuffer): Promise<void> {
    const parsed = parseClientFrame(frame);
    if (!parsed.ok) {
      ws.send(errorFrame(parsed.error));
      return;
    }
    ws.send(this.apply(ws, parsed.message));
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.subscriptions.delete(ws);
    // 1005/1006 are reserved (never sent on the wire); answer those with a normal close.
    const replyCode = code === 1005 || code === 1006 ? 1000 : code;
    try {
      ws.close(replyCode, reason);
    } catch {
      // Already closed by the runtime's automatic close reply.
    }
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.subscriptions.delete(ws);
    try {
      ws.close(1011, "socket error");
    } catch {
      // The socket is already gone.
    }
  }

  private apply(ws: WebSocket, message: ClientMessage): string {
    const topics = this.topicsOf(ws);
    if (message.type === "unsubscribe") {
      for (const topic of message.topics) topics.delete(topic);
      this.remember(ws, topics);
      return JSON.stringify({ type: "unsubscribed", topics: [...topics] });
    }
    for (const topic of message.topics) topics.add(topic);
    this.remember(ws, topics);
    const clocks: SubscribedMessage["clocks"] = {};
    for (const topic of topics) clocks[topic] = clockIso(this.clocks.get(topic) ?? 0);
    return JSON.stringify({ type: "subscribed", topics: [...topics], clocks } satisfies SubscribedMessage);
  }

  /** Sends every pending change to the sockets subscribed to its topic. */
  protected flush(): void {
    this.flushScheduled = false;
    const changes = [...this.pending];
    this.pending.clear();
    const frames = changes.map(([topic, ms]) => [topic, changedFrame(topic, new Date(ms).toISOString())] as const);
    for (const ws of this.ctx.getWebSockets()) {
      const topics = this.topicsOf(ws);
      for (const [topic, frame] of frames) {
        if (!topics.has(topic)) continue;
        try {
          ws.send(frame);
        } catch {
          // A socket closing mid-broadcast must not stop the others.
        }
      }
    }
  }

  private remember(ws: WebSocket, topics: Set<Topic>): void {
    ws.serializeAttachment({ topics: [...topics] } satisfies SocketState);
    this.subscriptions.set(ws, topics);
  }

  /** After hibernation the object is new and the map empty: fall back to the attachment. */
  private topicsOf(ws: WebSocket): Set<Topic> {
    const cached = this.subscriptions.get(ws);
    if (cached) return cached;
    const state = ws.deserializeAttachment() as Partial<SocketState> | null;
    const topics = new Set((state?.topics ?? []).filter(isTopic));
    this.subscriptions.set(ws, topics);
    return topics;
  }
}
