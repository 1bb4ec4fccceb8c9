import { computed, signal } from "@preact/signals";
import { TOPICS, type Topic } from "../../src/contracts/live";
import { createApiClient, NetworkError } from "./data/api";
import { type LiveStatus, subscribeLive } from "./data/live";
import { createOutbox, type OutboxOp } from "./data/outbox";
import { createResources } from "./data/resources";
import { toast } from "./data/toasts";
import { queuedOperator, signedOutTarget } from "./session";

/**
 * The one instance of each client-side service, shared by every page: the API client, the
 * outbox of queued writes, the resource cache and the live connection.
 */

export const APP_VERSION = (import.meta.env.VITE_APP_VERSION as string | undefined) ?? "dev";

function goToSignIn(): void {
  const target = signedOutTarget();
  if (target === "none") return;
  if (target === "pin") {
    location.assign("/pin");
    return;
  }
  const next = location.pathname + location.search;
  location.assign(next === "/" || next === "/admin" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
}

export const api = createApiClient({ onSignedOut: goToSignIn, appVersion: APP_VERSION });
export const resources = createResources(api);

/** Listeners for applied writes, by op effect (the plan page keeps its counts exact with them). */
type AppliedListener = (op: OutboxOp, answer: unknown) => void;
const appliedListeners = new Set<AppliedListener>();
export function onApplied(listener: AppliedListener): () => void {
  appliedListeners.add(listener);
  return () => appliedListeners.delete(listener);
}

export const outbox = createOutbox({
  send: (path, init) => api.raw(path, init),
  onApplied: (op, answer) => {
    for (const listener of appliedListeners) listener(op, answer);
    for (const topic of op.topics) resources.topicChanged(topic);
  },
  onRefused: (op, message) => toast(`Refused: ${op.label}. ${message}`, "error"),
  operator: queuedOperator,
});

export const online = signal(typeof navigator === "undefined" ? true : navigator.onLine);
export const liveStatus = signal<LiveStatus>("connecting");

/** What the sync indicator shows: offline beats pending beats live/polling. */
export const syncState = computed(() => {
  const pending = outbox.pending.value.length;
  const refused = outbox.refused.value.length;
  const offline = !online.value || outbox.unreachable.value;
  return { offline, pending, refused, live: liveStatus.value };
});

let started = false;

/** Starts the outbox and the live connection once, after the first render. */
export function startServices(): void {
  if (started) return;
  started = true;
  outbox.start();
  window.addEventListener("online", () => {
    online.value = true;
    resources.retryFailed();
  });
  window.addEventListener("offline", () => {
    online.value = false;
  });
  subscribeLive({
    topics: TOPICS as readonly Topic[],
    onChange: (change) => resources.topicChanged(change.topic),
    onStatus: (status) => {
      if (status === "live" && liveStatus.value !== "live") resources.retryFailed();
      liveStatus.value = status;
    },
    getTicket: async () => (await api.write<{ ticket: string }>("POST", "/api/live/ticket")).ticket,
  });
  // Keep this device's copies and queue unless storage runs short.
  void navigator.storage?.persist?.().catch(() => undefined);
}

/**
 * A write that needs the server's answer now (create, edit, archive…): toasts the outcome and
 * answers null when it did not save. Count taps go through the outbox instead.
 */
export async function saveNow<T>(
  method: "POST" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  options: { success?: string; headers?: Record<string, string> } = {},
): Promise<T | null> {
  try {
    const answer = await api.write<T>(method, path, body, options.headers);
    if (options.success) toast(options.success, "success");
    return answer;
  } catch (error) {
    toast(
      error instanceof NetworkError ? "No connection: this was not saved. Try again when you are back online." : (error as Error).message,
      "error",
    );
    return null;
  }
}
