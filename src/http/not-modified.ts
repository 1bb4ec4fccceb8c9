/**
 * The conditional front door: an API client revalidating a hot list (`If-None-Match` with its
 * `X-API-Key`) is answered 304 before the router, when its copy is still current. That answer
 * needs only the key check and the area's version, and the router, middleware chain and route
 * wrapper cost as much again as both. Anything else (no key, a wrong key, a stale tag, any
 * failure) goes on to the app, which answers it exactly as before.
 */
import { verifyApiKey } from "../auth/api-key";
import { createDb } from "../db/client";
import { BATCH_LISTS, type HotList, listNotModified, PACKAGE_LIST, PACKING_LIST, pathAndQueryOf } from "./list-cache";

/** The hot lists by path, with and without the trailing slash (strict: false). */
const HOT_LISTS = new Map<string, HotList>([
  ["/api/finished-goods", PACKAGE_LIST],
  ["/api/finished-goods/", PACKAGE_LIST],
  ["/api/data", BATCH_LISTS],
  ["/api/data/", BATCH_LISTS],
  ["/api/archive", BATCH_LISTS],
  ["/api/archive/", BATCH_LISTS],
  ["/api/packing/items", PACKING_LIST],
  ["/api/packing/items/", PACKING_LIST],
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
  const list = HOT_LISTS.get(query < 0 ? pathAndQuery : pathAndQuery.slice(0, query));
  if (!list) return null;
  return revalidate(env, list, key, ifNoneMatch, pathAndQuery);
}

async function revalidate(env: Env, list: HotList, key: string, ifNoneMatch: string, pathAndQuery: string): Promise<Response | null> {
  try {
    if (!(await verifyApiKey(createDb(env.DB), key))) return null;
    return await listNotModified(env, list, pathAndQuery, ifNoneMatch);
  } catch {
    // The app meets the same failure and answers it properly (JSON, logged, request id).
    return null;
  }
}
