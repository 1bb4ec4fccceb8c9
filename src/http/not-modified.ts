/**
 * The conditional front door: an API client revalidating a hot list (`If-None-Match` with its
 * `X-API-Key`) is answered 304 before the router, when its copy is still current. That answer
 * needs only the key check and the area's version, and the router, middleware chain and route
 * wrapper cost as much again as both. Anything else (no key, a wrong key, a stale tag, any
 * failure) goes on to the app, which answers it exactly as before.
 */
import { cacheVersionOf } from "../../durable-objects/hub-client";
import type { Topic } from "../../durable-objects/topics";
import { verifyApiKey } from "../auth/api-key";
import { createDb } from "../db/client";
import { etagMatches, listEtag, notModified, pathAndQueryOf } from "./clock-cache";
import { packingListNotModified } from "./packing-list-cache";

/** The hot lists and their areas, with and without the trailing slash (strict: false). */
const HOT_LISTS = new Map<string, Topic>([
  ["/api/finished-goods", "finished-goods"],
  ["/api/finished-goods/", "finished-goods"],
  ["/api/data", "batches"],
  ["/api/data/", "batches"],
  ["/api/archive", "batches"],
  ["/api/archive/", "batches"],
]);

/**
 * For a key-authenticated revalidation of a hot list: a promise of the 304, or of null when the app
 * must answer. For any other request, null at once, so those pay no extra turn.
 */
export function answerIfNotModified(request: Request, env: Env): Promise<Response | null> | null {
  if (request.method !== "GET") return null;
  const ifNoneMatch = request.headers.get("If-None-Match");
  const key = request.headers.get("X-API-Key");
  if (!ifNoneMatch || key === null) return null;
  const pathAndQuery = pathAndQueryOf(request.url);
  const query = pathAndQuery.indexOf("?");
  const path = query < 0 ? pathAndQuery : pathAndQuery.slice(0, query);
  if (path === PACKING_LIST) return revalidatePacking(env, key, ifNoneMatch, pathAndQuery);
  const topic = HOT_LISTS.get(path);
  if (!topic) return null;
  return revalidate(env, topic, key, ifNoneMatch, pathAndQuery);
}

/** The packing list hangs on two areas and the clock on the wall (packing-list-cache.ts): its own check. */
const PACKING_LIST = "/api/packing/items";

async function revalidatePacking(env: Env, key: string, ifNoneMatch: string, pathAndQuery: string): Promise<Response | null> {
  try {
    if (!(await verifyApiKey(createDb(env.DB), key))) return null;
    return await packingListNotModified(env, pathAndQuery, ifNoneMatch);
  } catch {
    return null;
  }
}

async function revalidate(env: Env, topic: Topic, key: string, ifNoneMatch: string, pathAndQuery: string): Promise<Response | null> {
  try {
    if (!(await verifyApiKey(createDb(env.DB), key))) return null;
    const version = await cacheVersionOf(env, topic);
    if (version === null) return null;
    const etag = listEtag(topic, version, pathAndQuery);
    return etagMatches(ifNoneMatch, etag) ? notModified(etag) : null;
  } catch {
    // The app meets the same failure and answers it properly (JSON, logged, request id).
    return null;
  }
}
