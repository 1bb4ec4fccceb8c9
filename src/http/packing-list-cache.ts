/**
 * The packing list (GET /api/packing/items) served from a copy with an ETag and 304, like the
 * other hot lists (clock-cache.ts), with two differences that one area's clock cannot cover:
 * - `needs_production` reads the finished-goods shelf, so the copy is keyed by the packing AND
 *   the finished-goods versions (a deduct changes the list without touching a packing line);
 * - `is_new` changes with the clock on the wall, so the copy lasts until the next order turns 24 h
 *   old (newnessValidUntil), and that instant is part of the ETag.
 * A 304 then costs the two version reads and nothing else; no body is ever hashed.
 */
import type { Context } from "hono";
import { cacheVersionOf } from "../../durable-objects/hub-client";
import type { AppEnv } from "../env";
import { etagMatches, LIST_CACHE_CONTROL, listEtag, notModified, pathAndQueryOf } from "./clock-cache";

type Copy = { versions: string; validUntil: number; etag: string; body: Uint8Array };
/** What build() answers: the JSON value and until when its time-dependent fields hold. */
type TimedList = { value: unknown; validUntil: number };

const MAX_COPIES = 16;
/** Per database binding, so copies of one database are never served for another. */
const byDatabase = new WeakMap<object, Map<string, Copy>>();
const encoder = new TextEncoder();

function copiesOf(env: Env): Map<string, Copy> {
  let copies = byDatabase.get(env.DB);
  if (!copies) {
    copies = new Map();
    byDatabase.set(env.DB, copies);
  }
  return copies;
}

const untilTag = (validUntil: number) => (Number.isFinite(validUntil) ? validUntil.toString(36) : "x");

/** Both versions the list depends on, or null when the hub cannot say (then nothing is cached). */
async function versionsOf(env: Env): Promise<string | null> {
  const [packing, stock] = await Promise.all([
    cacheVersionOf(env, "packing", { startClock: true }),
    cacheVersionOf(env, "finished-goods", { startClock: true }),
  ]);
  return packing === null || stock === null ? null : `${packing}~${stock}`;
}

/** The copy held for this request, when it is still current: same versions, newness not run out. */
function currentCopy(env: Env, variant: string, versions: string, nowMs: number): Copy | undefined {
  const held = copiesOf(env).get(variant);
  return held && held.versions === versions && nowMs < held.validUntil ? held : undefined;
}

/**
 * For the conditional front door (not-modified.ts): the 304 when the tag names the current copy,
 * else null (the route then answers, and may still find the tag current after building).
 */
export async function packingListNotModified(env: Env, pathAndQuery: string, ifNoneMatch: string): Promise<Response | null> {
  const versions = await versionsOf(env);
  if (versions === null) return null;
  const held = currentCopy(env, pathAndQuery, versions, Date.now());
  return held && etagMatches(ifNoneMatch, held.etag) ? notModified(held.etag) : null;
}

export async function servePackingList(c: Context<AppEnv>, build: (now: Date) => Promise<TimedList>): Promise<Response> {
  // Versions first, data after: a copy is never older than the versions it is filed under.
  const versions = await versionsOf(c.env);
  const headers: Record<string, string> = { "Cache-Control": LIST_CACHE_CONTROL, "Content-Type": "application/json; charset=UTF-8" };
  const now = new Date();
  if (versions === null) return new Response(encoder.encode(JSON.stringify((await build(now)).value)), { headers });
  const variant = pathAndQueryOf(c.req.url);
  const held = currentCopy(c.env, variant, versions, now.getTime());
  const ifNoneMatch = c.req.header("If-None-Match");
  if (held) {
    // A client that sends its tag is validating, hard reload or not: the versions decide.
    if (etagMatches(ifNoneMatch, held.etag)) return notModified(held.etag);
    if (!/no-cache|no-store/i.test(c.req.header("Cache-Control") ?? "")) {
      headers.ETag = held.etag;
      return new Response(held.body, { headers });
    }
  }
  const { value, validUntil } = await build(now);
  const etag = listEtag("packing", `${versions}-${untilTag(validUntil)}`, variant);
  // Another isolate built the same list: same versions and same newness, same tag.
  if (etagMatches(ifNoneMatch, etag)) return notModified(etag);
  const body = encoder.encode(JSON.stringify(value));
  const copies = copiesOf(c.env);
  copies.delete(variant);
  copies.set(variant, { versions, validUntil, etag, body });
  if (copies.size > MAX_COPIES) {
    const oldest = copies.keys().next().value;
    if (oldest !== undefined) copies.delete(oldest);
  }
  headers.ETag = etag;
  return new Response(body, { headers });
}
