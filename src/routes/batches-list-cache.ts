import type { Context } from "hono";
import { readAreaClock } from "../../durable-objects/hub-client";
import { listBatchesJson } from "../data/batches";
import type { AppEnv } from "../env";

/**
 * Copies of the batch lists keyed by the batch clock (ARCHITECTURE "Hot reads"). The clock is read
 * before the rows, so a copy is never older than its key: a write that lands in between only makes
 * the copy newer, and its stamp moves the clock so the next reader fetches again. A clock of 0 (never
 * stamped, e.g. rows seeded straight into D1) is not cached.
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

export async function serveBatchList(c: Context<AppEnv>, which: "active" | "archived", includeHistory: boolean): Promise<Response> {
  const clock = await readAreaClock(c.env, "batches");
  const key = `${which}:${includeHistory ? "h" : "n"}`;
  const etag = `W/"batches-${key}-${clock}"`;
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": "private, no-cache" };
  if (clock > 0) headers.ETag = etag;
  if (clock > 0 && etagMatches(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
  let copy = copies.get(key);
  if (!copy || copy.clock !== clock || clock === 0) {
    copy = { clock, body: await listBatchesJson(c.var.db, which, includeHistory) };
    if (clock > 0) copies.set(key, copy);
  }
  return c.body(copy.body, 200, headers);
}
