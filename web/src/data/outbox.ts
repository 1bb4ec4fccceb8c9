import { batch, computed, signal } from "@preact/signals";
import { createStore, del, entries, set, type UseStore } from "idb-keyval";
import type { Topic } from "../../../src/contracts/live";
import { NetworkError } from "./api";

/**
 * Writes that must survive a dropped network: each is stored in IndexedDB before it is sent, with
 * its Idempotency-Key made when it was queued, and sent in order, one at a time. A retry after a
 * lost reply carries the same key, so the server applies it once (http/idempotency.ts).
 *
 * What happens per answer: 2xx → done; no network → wait for `online`/visibility/30 s; 5xx, 429 or
 * a 409 with Retry-After → back off and retry; 401 → keep and wait for sign-in; any other 4xx → the
 * server refused it: kept aside with its message until the user discards or retries it.
 */

export type SizeKey = "0_5" | "0_7" | "1_0";
export type OpEffect = { kind: "count-delta"; batchId: string; size: SizeKey; delta: number };

export type OutboxOp = {
  /** Also the Idempotency-Key. */
  id: string;
  seq: number;
  method: "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
  /** What the user did, in their words: "0.7 g +25 · Blue Dream". */
  label: string;
  topics: Topic[];
  createdAt: string;
  attempts: number;
  state: "queued" | "refused";
  error?: string;
  effect?: OpEffect;
  /** The operator who queued it on a shared tablet (issue 18): sent as X-Operator, so it stays theirs. */
  operator?: string;
};

export type NewOp = Pick<OutboxOp, "method" | "path" | "body" | "label" | "topics" | "effect">;

export type OutboxOptions = {
  send: (path: string, init: RequestInit) => Promise<Response>;
  onApplied?: (op: OutboxOp, answer: unknown) => void;
  onRefused?: (op: OutboxOp, message: string) => void;
  /** Who is queuing now, stamped on each op (a PIN operator on a shared tablet; null elsewhere). */
  operator?: () => Promise<string | null> | string | null;
  store?: UseStore;
  /** Injected for tests. */
  now?: () => number;
  uuid?: () => string;
};

const RETRY_CEILING_MS = 30_000;
const WAKE_MS = 30_000;

export function retryDelay(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(RETRY_CEILING_MS, 1000 * 2 ** Math.min(attempts, 10));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** The answer's `{"error"}` text, or a sentence naming the status. */
async function messageOf(res: Response): Promise<string> {
  try {
    const body = (await res.clone().json()) as { error?: unknown };
    if (typeof body.error === "string" && body.error) return body.error;
  } catch {
    // not JSON
  }
  return `The server refused this change (${res.status})`;
}

export function createOutbox(options: OutboxOptions) {
  const store = options.store ?? createStore("prt-outbox", "ops");
  const now = options.now ?? Date.now;
  const uuid = options.uuid ?? (() => crypto.randomUUID());
  const ops = signal<OutboxOp[]>([]);
  /** The op whose request is on the wire, if any. */
  const sending = signal<string | null>(null);
  /** Set when the last attempt could not reach the server. */
  const unreachable = signal(false);
  const pending = computed(() => ops.value.filter((op) => op.state === "queued"));
  const refused = computed(() => ops.value.filter((op) => op.state === "refused"));
  let seqCounter = 0;
  let draining = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("prt-outbox") : null;

  async function load(): Promise<void> {
    const stored = (await entries<string, OutboxOp>(store)).map(([, op]) => op);
    ops.value = stored.sort((a, b) => a.seq - b.seq);
  }

  function replace(op: OutboxOp): void {
    ops.value = ops.value.map((o) => (o.id === op.id ? op : o));
  }

  function remove(id: string): void {
    ops.value = ops.value.filter((o) => o.id !== id);
  }

  async function enqueue(input: NewOp): Promise<OutboxOp> {
    const operator = (await options.operator?.()) ?? null;
    const op: OutboxOp = {
      ...input,
      ...(operator ? { operator } : {}),
      id: uuid(),
      seq: now() * 1000 + (seqCounter++ % 1000),
      createdAt: new Date(now()).toISOString(),
      attempts: 0,
      state: "queued",
    };
    // Stored before anything is shown or sent: a reload right after the tap keeps it.
    await set(op.id, op, store);
    ops.value = [...ops.value, op];
    channel?.postMessage("changed");
    void drain();
    return op;
  }

  async function discard(id: string): Promise<void> {
    await del(id, store);
    remove(id);
    channel?.postMessage("changed");
  }

  async function retry(id: string): Promise<void> {
    const op = ops.value.find((o) => o.id === id);
    if (!op) return;
    const next: OutboxOp = { ...op, state: "queued", attempts: 0, error: undefined };
    await set(id, next, store);
    replace(next);
    void drain();
  }

  function scheduleRetry(ms: number): void {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void drain(), ms);
  }

  /** Sends one op; answers whether the queue may go on to the next. */
  async function sendOne(op: OutboxOp): Promise<boolean> {
    const headers: Record<string, string> = { "Idempotency-Key": op.id };
    if (op.body !== undefined) headers["Content-Type"] = "application/json";
    if (op.operator) headers["X-Operator"] = op.operator;
    let res: Response;
    sending.value = op.id;
    try {
      res = await options.send(op.path, {
        method: op.method,
        headers,
        body: op.body === undefined ? undefined : JSON.stringify(op.body),
      });
    } catch (error) {
      sending.value = null;
      if (error instanceof NetworkError || error instanceof TypeError) {
        // A reply lost while the device says it is online: try again soon (same key, so never twice).
        // Offline: wait for the `online` event, a visible tab or the 30 s wake-up.
        unreachable.value = true;
        const next = { ...op, attempts: op.attempts + 1 };
        replace(next);
        scheduleRetry(navigator.onLine ? retryDelay(next.attempts) : WAKE_MS);
        return false;
      }
      throw error;
    }
    unreachable.value = false;
    if (res.ok) {
      const text = await res.text();
      let answer: unknown = null;
      try {
        answer = text ? JSON.parse(text) : null;
      } catch {
        answer = null;
      }
      await del(op.id, store);
      batch(() => {
        options.onApplied?.(op, answer);
        remove(op.id);
        sending.value = null;
      });
      channel?.postMessage("changed");
      return true;
    }
    sending.value = null;
    if (res.status === 401) return false;
    const transient = res.status >= 500 || res.status === 429 || (res.status === 409 && res.headers.has("Retry-After"));
    if (transient) {
      const next = { ...op, attempts: op.attempts + 1 };
      await set(op.id, next, store);
      replace(next);
      scheduleRetry(retryDelay(next.attempts));
      return false;
    }
    const message = await messageOf(res);
    const next: OutboxOp = { ...op, state: "refused", error: message, attempts: op.attempts + 1 };
    await set(op.id, next, store);
    replace(next);
    options.onRefused?.(next, message);
    return true;
  }

  async function drainQueue(): Promise<void> {
    if (draining) return;
    draining = true;
    try {
      for (;;) {
        const next = ops.value.find((op) => op.state === "queued");
        if (!next) return;
        if (!(await sendOne(next))) return;
      }
    } finally {
      draining = false;
    }
  }

  /** One tab sends at a time (Web Locks where the browser has them); the others see the result. */
  async function drain(): Promise<void> {
    if (draining || !ops.value.some((op) => op.state === "queued")) return;
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (!locks) return drainQueue();
    await locks.request("prt-outbox", { ifAvailable: true }, async (lock) => {
      if (lock) await drainQueue();
    });
  }

  function start(): () => void {
    const wake = () => void drain();
    const onVisible = () => {
      if (document.visibilityState === "visible") wake();
    };
    const onMessage = () => void load();
    window.addEventListener("online", wake);
    document.addEventListener("visibilitychange", onVisible);
    channel?.addEventListener("message", onMessage);
    const timer = setInterval(wake, WAKE_MS);
    void load().then(wake);
    return () => {
      window.removeEventListener("online", wake);
      document.removeEventListener("visibilitychange", onVisible);
      channel?.removeEventListener("message", onMessage);
      clearInterval(timer);
      clearTimeout(retryTimer);
    };
  }

  return { ops, pending, refused, sending, unreachable, enqueue, discard, retry, drain, load, start };
}
