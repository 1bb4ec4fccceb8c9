import { PRINCIPAL_HEADER, TOPICS_PARAM } from "./protocol";
import type { Topic } from "./topics";

// idFromName hashes the name on every call; the id itself is a plain value, safe to keep.
const hubIds = new WeakMap<Env["BATCH_HUB"], DurableObjectId>();

/** One hub for the whole deployment: the clock must be a single sequence. */
export function batchHubObject(env: Env) {
  let id = hubIds.get(env.BATCH_HUB);
  if (!id) {
    id = env.BATCH_HUB.idFromName("global");
    hubIds.set(env.BATCH_HUB, id);
  }
  return env.BATCH_HUB.get(id);
}

/** Stamps an area's clock after its data is committed; awaited so the writer reads its own write. */
export async function stampArea(env: Env, topic: Topic): Promise<number> {
  return batchHubObject(env).stamp(topic);
}

export async function readAreaClock(env: Env, topic: Topic): Promise<number> {
  return batchHubObject(env).clockOf(topic);
}

/** The key of an area's cached copies (clock and hub incarnation), or null when it never changed. */
export async function readAreaVersion(env: Env, topic: Topic): Promise<string | null> {
  return batchHubObject(env).versionOf(topic);
}

/** Last-updated as the polling endpoints print it: ISO with milliseconds, or null when never. */
export function clockToIso(ms: number): string | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}

/**
 * Hands an already-authenticated upgrade to the hub, which accepts the socket; `topics` are
 * subscribed at connect time. The Worker returns the hub's 101 response as it is.
 */
export async function openHubSocket(env: Env, topics: readonly Topic[], principal: string): Promise<Response> {
  const url = new URL("https://batch-hub/connect");
  if (topics.length > 0) url.searchParams.set(TOPICS_PARAM, topics.join(","));
  return batchHubObject(env).fetch(url, { headers: { Upgrade: "websocket", [PRINCIPAL_HEADER]: principal } });
}
