/**
 * The one list cache: hot lists served from a copy keyed by the change clocks of the areas they read
 * (ARCHITECTURE "Hot reads"), with an ETag and 304 for If-None-Match. Clocks are read before the
 * data, and writers stamp after they commit, so a copy is never older than the clocks it is filed
 * under. A list whose answer also changes with the clock on the wall (the packing list's "new"
 * flags) says until when its answer holds (`timed`); its copy and tag last until then.
 */
import type { Context } from "hono";
import { cacheVersionOf } from "../../durable-objects/hub-client";
import type { Topic } from "../../durable-objects/topics";
import type { AppEnv } from "../env";

/** A hot list: the areas it reads. `startClock` starts an area's clock never stamped since the hub began (rows seeded straight into D1), so those lists get copies too. */
export type HotList = { readonly topics: readonly Topic[]; readonly startClock: boolean };

export const BATCH_LISTS: HotList = { topics: ["batches"], startClock: true };
export const PACKAGE_LIST: HotList = { topics: ["finished-goods"], startClock: false };
/** `needs_production` reads the finished-goods shelf: a deduct changes the list without touching a line. */
export const PACKING_LIST: HotList = { topics: ["packing", "finished-goods"], startClock: true };

/** The body is kept encoded: a hit then costs no re-encoding of a large JSON text. */
type Copy = { versions: string; validUntil: number; etag: string; body: Uint8Array };
const MAX_COPIES = 48;
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

/** The list's area versions joined, or null when the hub cannot say (then nothing is cached). */
async function versionsOf(env: Env, list: HotList, startClock: boolean): Promise<string | null> {
  const versions = await Promise.all(list.topics.map((topic) => cacheVersionOf(env, topic, { startClock })));
  return versions.some((v) => v === null) ? null : versions.join("~");
}

/** Versions are "<incarnation>.<clock base 36>" per area; one from another incarnation always replaces. */
function newerOrSame(versions: string, than: string): boolean {
  const theirs = than.split("~");
  return versions.split("~").every((version, i) => {
    const [incarnation, clock = ""] = version.split(".");
    const [thanIncarnation, thanClock = ""] = (theirs[i] ?? "").split(".");
    return incarnation !== thanIncarnation || Number.parseInt(clock, 36) >= Number.parseInt(thanClock, 36);
  });
}

/** Keeps the copy unless a slower reader would replace one filed under newer clocks; newest used last out. */
function remember(copies: Map<string, Copy>, key: string, copy: Copy): void {
  const held = copies.get(key);
  if (held && !newerOrSame(copy.versions, held.versions)) return;
  copies.delete(key);
  copies.set(key, copy);
  if (copies.size > MAX_COPIES) {
    const oldest = copies.keys().next().value;
    if (oldest !== undefined) copies.delete(oldest);
  }
}

/** The copy held for this request when it is still current: same versions, its time not run out. */
function currentCopy(env: Env, key: string, versions: string, nowMs: number): Copy | undefined {
  const held = copiesOf(env).get(key);
  return held && held.versions === versions && nowMs < held.validUntil ? held : undefined;
}

/** FNV-1a: a short, stable tag for the request (path and query) in the ETag. */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** Hot lists may be cached by the client but must be revalidated every time. */
const LIST_CACHE_CONTROL = "private, no-cache";
const encoder = new TextEncoder();

/** The part of a URL from its path on: what tells one list request (variant) from another. */
export function pathAndQueryOf(url: string): string {
  return url.slice(url.indexOf("/", url.indexOf("//") + 2));
}

const keyOf = (list: HotList, variant: string) => `${list.topics.join("+")}|${variant}`;

/**
 * The ETag of a list answer: its areas' versions, until when it holds, and the request's path and
 * query. An answer that holds for good ("x") has a tag known from the versions alone, so the
 * front door (not-modified.ts) can answer 304 without a copy.
 */
function listEtag(list: HotList, versions: string, validUntil: number, variant: string): string {
  const until = Number.isFinite(validUntil) ? validUntil.toString(36) : "x";
  return `W/"${list.topics.join("+")}-${versions}-${until}-${hashOf(variant)}"`;
}

/** If-None-Match, a tag list or `*`, compared weakly (RFC 9110 §13.1.2). */
function etagMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const opaque = etag.startsWith("W/") ? etag.slice(2) : etag;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === opaque || t === `W/${opaque}`;
  });
}

function notModified(etag: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag, "Cache-Control": LIST_CACHE_CONTROL } });
}

/** The tag the client holds when it is still current: the timeless one, or the held copy's. */
function currentTag(env: Env, list: HotList, versions: string, variant: string, ifNoneMatch: string | undefined, nowMs: number) {
  const timeless = listEtag(list, versions, Number.POSITIVE_INFINITY, variant);
  if (etagMatches(ifNoneMatch, timeless)) return timeless;
  const held = currentCopy(env, keyOf(list, variant), versions, nowMs);
  return held && etagMatches(ifNoneMatch, held.etag) ? held.etag : null;
}

/**
 * For the conditional front door: the 304 when the tag is still current, else null (the route then
 * answers). It never starts a clock: that is the route's to do.
 */
export async function listNotModified(env: Env, list: HotList, pathAndQuery: string, ifNoneMatch: string): Promise<Response | null> {
  const versions = await versionsOf(env, list, false);
  if (versions === null) return null;
  const tag = currentTag(env, list, versions, pathAndQuery, ifNoneMatch, Date.now());
  return tag === null ? null : notModified(tag);
}

const JSON_TEXT = Symbol("json text");
const VALID_UNTIL = Symbol("valid until");
/** A body that is already JSON text (e.g. built by SQL): served as it is, not encoded again. */
type JsonText = { readonly [JSON_TEXT]: string };
export const jsonText = (text: string): JsonText => ({ [JSON_TEXT]: text });
/** An answer that holds until `validUntil` (ms) even if no area changes. */
type Timed = { readonly [VALID_UNTIL]: number; readonly value: unknown };
export const timed = (value: unknown, validUntil: number): Timed => ({ [VALID_UNTIL]: validUntil, value });

const isBranded = <K extends symbol>(value: unknown, brand: K): value is Record<K, unknown> =>
  typeof value === "object" && value !== null && brand in value;

function unwrap(built: unknown): { value: unknown; validUntil: number } {
  return isBranded(built, VALID_UNTIL)
    ? { value: (built as Timed).value, validUntil: (built as Timed)[VALID_UNTIL] }
    : { value: built, validUntil: Number.POSITIVE_INFINITY };
}

const encode = (value: unknown) => encoder.encode(isBranded(value, JSON_TEXT) ? (value as JsonText)[JSON_TEXT] : JSON.stringify(value));

/**
 * Answers `build(now)` as JSON from a copy for (the list's versions, request path and query). A
 * null version means the hub cannot answer: nothing is cached and no ETag sent then. A client that
 * sends its tag is validating, hard reload or not: the versions decide. Otherwise a request that
 * asks for `Cache-Control: no-cache` (a hard reload) is answered from the database and refreshes
 * the copy.
 */
export async function serveList(c: Context<AppEnv>, list: HotList, build: (now: Date) => Promise<unknown>): Promise<Response> {
  const versions = await versionsOf(c.env, list, list.startClock);
  const headers: Record<string, string> = { "Cache-Control": LIST_CACHE_CONTROL, "Content-Type": "application/json; charset=UTF-8" };
  const now = new Date();
  if (versions === null) return new Response(encode(unwrap(await build(now)).value), { headers });
  const variant = pathAndQueryOf(c.req.url);
  const ifNoneMatch = c.req.header("If-None-Match");
  const tag = currentTag(c.env, list, versions, variant, ifNoneMatch, now.getTime());
  if (tag !== null) return notModified(tag);
  const key = keyOf(list, variant);
  const hit = /no-cache|no-store/i.test(c.req.header("Cache-Control") ?? "") ? undefined : currentCopy(c.env, key, versions, now.getTime());
  if (hit) return new Response(hit.body, { headers: { ...headers, ETag: hit.etag } });
  const { value, validUntil } = unwrap(await build(now));
  const etag = listEtag(list, versions, validUntil, variant);
  // Another isolate built the same answer (same versions, same time limit): same tag.
  if (etagMatches(ifNoneMatch, etag)) return notModified(etag);
  const body = encode(value);
  remember(copiesOf(c.env), key, { versions, validUntil, etag, body });
  return new Response(body, { headers: { ...headers, ETag: etag } });
}
