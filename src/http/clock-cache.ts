/**
 * Hot lists served from a copy keyed by their area's change clock (ARCHITECTURE "Hot reads"), with an
 * ETag and 304 for If-None-Match. The clock is read before the data, and writers stamp after they
 * commit, so a copy is never older than the clock it is filed under.
 */
import type { Context } from "hono";
import { cacheVersionOf } from "../../durable-objects/hub-client";
import type { Topic } from "../../durable-objects/topics";
import type { AppEnv } from "../env";

/** The body is kept encoded: a hit then costs no re-encoding of a large JSON text. */
type Copy = { etag: string; body: Uint8Array };
const MAX_COPIES = 16;
/** Per database binding, so copies of one database are never served for another. */
const byDatabase = new WeakMap<object, Map<string, Copy>>();

function copiesOf(env: Env): Map<string, Copy> {
  let copies = byDatabase.get(env.DB);
  if (!copies) {
    copies = new Map();
    byDatabase.set(env.DB, copies);
  }
  return copies;
}

function remember(copies: Map<string, Copy>, key: string, copy: Copy): void {
  copies.delete(key);
  copies.set(key, copy);
  if (copies.size > MAX_COPIES) {
    const oldest = copies.keys().next().value;
    if (oldest !== undefined) copies.delete(oldest);
  }
}

/** FNV-1a: a short, stable tag for the request (path and query) in the ETag. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** Hot lists may be cached by the client but must be revalidated every time. */
export const LIST_CACHE_CONTROL = "private, no-cache";
const encoder = new TextEncoder();

/** The part of a URL from its path on: what tells one list request (variant) from another. */
export function pathAndQueryOf(url: string): string {
  return url.slice(url.indexOf("/", url.indexOf("//") + 2));
}

/**
 * The ETag of a hot list: its area's version and the request's path and query. The route and the
 * conditional front door (not-modified.ts) both make it here, so they always agree.
 */
export function listEtag(topic: Topic, version: string, pathAndQuery: string): string {
  return `W/"${topic}-${version}-${hashOf(pathAndQuery)}"`;
}

/** If-None-Match, a tag list or `*`, compared weakly (RFC 9110 §13.1.2). */
export function etagMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const opaque = etag.startsWith("W/") ? etag.slice(2) : etag;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === opaque || t === `W/${opaque}`;
  });
}

export function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": LIST_CACHE_CONTROL } });
}

/**
 * Answers `build()` as JSON from a copy for (topic version, request path and query). A null version means the area never
 * changed through the app (e.g. data loaded by SQL) or the hub cannot answer, so nothing is cached and no ETag sent then. A request that asks
 * for `Cache-Control: no-cache` (a hard reload) is answered from the database and leaves the copies
 * as they are.
 */
export async function serveByClock(c: Context<AppEnv>, topic: Topic, build: () => Promise<unknown>): Promise<Response> {
  const version = await cacheVersionOf(c.env, topic);
  const headers: Record<string, string> = { "Cache-Control": LIST_CACHE_CONTROL, "Content-Type": "application/json" };
  if (version === null) return new Response(JSON.stringify(await build()), { headers });
  const variant = pathAndQueryOf(c.req.url);
  const etag = listEtag(topic, version, variant);
  headers.ETag = etag;
  if (etagMatches(c.req.header("If-None-Match"), etag)) return notModified(etag);
  const fresh = /no-cache|no-store/i.test(c.req.header("Cache-Control") ?? "");
  const key = `${topic}|${variant}`;
  const copies = copiesOf(c.env);
  const hit = fresh ? undefined : copies.get(key);
  if (hit?.etag === etag) return new Response(hit.body, { headers });
  const body = encoder.encode(JSON.stringify(await build()));
  if (!fresh) remember(copies, key, { etag, body });
  return new Response(body, { headers });
}
