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
export type TimedList = { value: unknown; validUntil: number };

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

export async function servePackingList(c: Context<AppEnv>, build: (now: Date) => Promise<TimedList>): Promise<Response> {
  // Versions first, data after: a copy is never older than the versions it is filed under.
  const [packing, stock] = await Promise.all([
    cacheVersionOf(c.env, "packing", { startClock: true }),
    cacheVersionOf(c.env, "finished-goods", { startClock: true }),
  ]);
  const headers: Record<string, string> = { "Cache-Control": LIST_CACHE_CONTROL, "Content-Type": "application/json; charset=UTF-8" };
  const now = new Date();
  if (packing === null || stock === null) return new Response(encoder.encode(JSON.stringify((await build(now)).value)), { headers });
  const versions = `${packing}~${stock}`;
  const variant = pathAndQueryOf(c.req.url);
  const copies = copiesOf(c.env);
  const held = copies.get(variant);
  const ifNoneMatch = c.req.header("If-None-Match");
  if (held && held.versions === versions && now.getTime() < held.validUntil) {
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
  copies.delete(variant);
  copies.set(variant, { versions, validUntil, etag, body });
  if (copies.size > MAX_COPIES) {
    const oldest = copies.keys().next().value;
    if (oldest !== undefined) copies.delete(oldest);
  }
  headers.ETag = etag;
  return new Response(body, { headers });
}
