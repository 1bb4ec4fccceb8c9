import type { Context } from "hono";
import { readAreaClock, stampArea } from "../../durable-objects/hub-client";
import { listBatchesJson } from "../data/batches";
import type { AppEnv } from "../env";

/**
 * Copies of the batch lists keyed by the batch clock (ARCHITECTURE "Hot reads"). The clock is read
 * before the rows, so a copy is never older than its key: a write that lands in between only makes
 * the copy newer, and its stamp moves the clock so the next reader fetches again. Writes that skip
 * the app (SQL run straight against D1) do not move the clock and so are not seen until the next
 * app write; `Cache-Control: no-cache` on the request always reads D1.
 */
type Copy = { clock: number; body: string };
const copies = new Map<string, Copy>();

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === etag.slice(2);
  });
}

async function currentClock(c: Context<AppEnv>): Promise<number> {
  const clock = await readAreaClock(c.env, "batches");
  // 0: nothing stamped since the hub began (rows seeded or imported into D1); start the clock so
  // copies have a key.
  return clock > 0 ? clock : stampArea(c.env, "batches");
}

export async function serveBatchList(c: Context<AppEnv>, which: "active" | "archived", includeHistory: boolean): Promise<Response> {
  const clock = await currentClock(c);
  const key = `${which}:${includeHistory ? "h" : "n"}`;
  const etag = `W/"batches-${key}-${clock}"`;
  const headers = { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": "private, no-cache", ETag: etag };
  const fresh = /no-cache/i.test(c.req.header("Cache-Control") ?? "");
  if (!fresh && etagMatches(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  const held = copies.get(key);
  if (!fresh && held?.clock === clock) return c.body(held.body, 200, headers);
  const body = await listBatchesJson(c.var.db, which, includeHistory);
  // A slower reader must not replace a copy keyed by a newer clock.
  if (!held || held.clock <= clock) copies.set(key, { clock, body });
  return c.body(body, 200, headers);
}
