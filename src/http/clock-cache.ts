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
type Copy = { version: string; etag: string; body: Uint8Array };
const MAX_COPIES = 32;
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

/** Versions are "<incarnation>.<clock base 36>"; one from another incarnation always replaces. */
function newerOrSame(version: string, than: string): boolean {
  const [incarnation, clock = ""] = version.split(".");
  const [thanIncarnation, thanClock = ""] = than.split(".");
  if (incarnation !== thanIncarnation) return true;
  return Number.parseInt(clock, 36) >= Number.parseInt(thanClock, 36);
}

/** Keeps the copy unless a slower reader would replace one filed under a newer clock; newest used last out. */
function remember(copies: Map<string, Copy>, key: string, copy: Copy): void {
  const held = copies.get(key);
  if (held && !newerOrSame(copy.version, held.version)) return;
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

const JSON_TEXT = Symbol("json text");
/** A body that is already JSON text (e.g. built by SQL): served as it is, not encoded again. */
type JsonText = { readonly [JSON_TEXT]: string };
export const jsonText = (text: string): JsonText => ({ [JSON_TEXT]: text });

const encode = (value: unknown) =>
  encoder.encode(
    typeof value === "object" && value !== null && JSON_TEXT in value ? (value as JsonText)[JSON_TEXT] : JSON.stringify(value),
  );

/**
 * Answers `build()` as JSON from a copy for (topic version, request path and query): the one list
 * cache. The clock is read before the data, so a copy is never older than its key. A null version
 * means the hub cannot answer (or, without `startClock`, the area never changed through the app):
 * nothing is cached and no ETag sent then. `startClock` starts the area's clock when nothing was
 * stamped since the hub began (rows seeded straight into D1), so those lists get copies too. A
 * request that asks for `Cache-Control: no-cache` (a hard reload) is answered from the database;
 * its answer refreshes the copy.
 */
export async function serveByClock(
  c: Context<AppEnv>,
  topic: Topic,
  build: () => Promise<unknown>,
  options: { startClock?: boolean } = {},
): Promise<Response> {
  const version = await cacheVersionOf(c.env, topic, options);
  const headers: Record<string, string> = { "Cache-Control": LIST_CACHE_CONTROL, "Content-Type": "application/json; charset=UTF-8" };
  if (version === null) return new Response(encode(await build()), { headers });
  const variant = pathAndQueryOf(c.req.url);
  const etag = listEtag(topic, version, variant);
  headers.ETag = etag;
  // A client that sends its tag is validating, hard reload or not: the version decides.
  if (etagMatches(c.req.header("If-None-Match"), etag)) return notModified(etag);
  const fresh = /no-cache|no-store/i.test(c.req.header("Cache-Control") ?? "");
  const key = `${topic}|${variant}`;
  const copies = copiesOf(c.env);
  const hit = fresh ? undefined : copies.get(key);
  if (hit?.etag === etag) return new Response(hit.body, { headers });
  const body = encode(await build());
  remember(copies, key, { version, etag, body });
  return new Response(body, { headers });
}
