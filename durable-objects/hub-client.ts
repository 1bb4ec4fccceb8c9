import { reportHandledError } from "../src/http/errors";
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

/** Where work may go on after the answer: a handler's ExecutionContext. */
export type Background = Pick<ExecutionContext, "waitUntil">;

/** Pauses before each retry of a failed stamp: a hub restarting after a deploy is back within these. */
const STAMP_RETRY_DELAYS_MS = [100, 500, 2_000] as const;

/**
 * Stamps an area's clock after its data is committed; awaited so the writer reads its own write.
 * The data is saved whatever the hub does, so a stamp never fails its caller: when the hub cannot
 * be reached the failure is logged and reported, the stamp is retried (in `background` when the
 * caller has one, else awaited here) and the answer is null.
 */
export async function stampArea(env: Env, topic: Topic, background?: Background): Promise<number | null> {
  try {
    return await batchHubObject(env).stamp(topic);
  } catch (error) {
    console.error(`could not stamp the ${topic} clock; retrying`, error);
    reportHandledError(error, { area: topic, during: "hub stamp" });
    const retry = retryStamp(env, topic);
    if (background) background.waitUntil(retry);
    else await retry;
    return null;
  }
}

/** Stamps several areas in one hub call; on failure each is retried as `stampArea` does. */
export async function stampAreas(env: Env, topics: readonly Topic[], background?: Background): Promise<void> {
  if (topics.length === 1 && topics[0]) {
    await stampArea(env, topics[0], background);
    return;
  }
  try {
    await batchHubObject(env).stampMany(topics);
  } catch (error) {
    console.error(`could not stamp the ${topics.join(", ")} clocks; retrying`, error);
    for (const topic of topics) reportHandledError(error, { area: topic, during: "hub stamp" });
    const retry = Promise.all(topics.map((topic) => retryStamp(env, topic))).then(() => undefined);
    if (background) background.waitUntil(retry);
    else await retry;
  }
}

async function retryStamp(env: Env, topic: Topic): Promise<void> {
  let lastError: unknown;
  for (const delayMs of STAMP_RETRY_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    try {
      // A Durable Object handle that threw may be broken, so each attempt asks batchHubObject for a new one.
      await batchHubObject(env).stamp(topic);
      return;
    } catch (error) {
      lastError = error;
    }
  }
  // A restarted hub has a new incarnation, so no copy cached before it is served; only a hub that
  // stayed up but unreachable for this long leaves copies one write behind until the next write.
  console.error(`gave up stamping the ${topic} clock after ${STAMP_RETRY_DELAYS_MS.length} retries`, lastError);
}

export async function readAreaClock(env: Env, topic: Topic): Promise<number> {
  return batchHubObject(env).clockOf(topic);
}

/** The key of an area's cached copies (clock and hub incarnation), or null when it never changed. */
export async function readAreaVersion(env: Env, topic: Topic): Promise<string | null> {
  return batchHubObject(env).versionOf(topic);
}

/**
 * The version cached copies and ETags of an area are keyed by, or null when there is none to trust:
 * the area never changed (unless `startClock`, which starts it), or the hub cannot answer (logged).
 * Null means: read D1, keep no copy, send no ETag.
 */
export async function cacheVersionOf(env: Env, topic: Topic, options: { startClock?: boolean } = {}): Promise<string | null> {
  try {
    const hub = batchHubObject(env);
    const version = await hub.versionOf(topic);
    if (version !== null || !options.startClock) return version;
    await hub.stamp(topic);
    return await hub.versionOf(topic);
  } catch (error) {
    console.warn(`batch hub unreachable for the ${topic} version; answering from D1 uncached`, error);
    return null;
  }
}

/** Last-updated as the polling endpoints print it: ISO with milliseconds, or null when never. */
export function clockToIso(ms: number): string | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}

/**
 * Closes the live sockets tagged `tag` after their credentials were revoked. The revocation is
 * already committed and the sockets can do no more than hear change notices, so a hub that cannot
 * be reached is logged and reported, not a failure of the sign-out or key change.
 */
export async function closeLiveSockets(env: Env, tag: string, reason: string): Promise<number> {
  try {
    return await batchHubObject(env).closeSockets(tag, reason);
  } catch (error) {
    console.error(`could not close the live sockets tagged ${tag}`, error);
    reportHandledError(error, { area: "live", during: "closing revoked sockets" });
    return 0;
  }
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
