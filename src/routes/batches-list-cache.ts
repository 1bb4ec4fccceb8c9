import type { Context } from "hono";
import { cacheVersionOf } from "../../durable-objects/hub-client";
import { listBatchesJson } from "../data/batches";
import type { AppEnv } from "../env";
import { etagMatches, LIST_CACHE_CONTROL, listEtag, notModified, pathAndQueryOf } from "../http/clock-cache";

/**
 * Copies of the batch lists keyed by the batch clock (ARCHITECTURE "Hot reads"). The clock is read
 * before the rows, so a copy is never older than its key: a write that lands in between only makes
 * the copy newer, and its stamp moves the clock so the next reader fetches again. Writes that skip
 * the app (SQL run straight against D1) do not move the clock and so are not seen until the next
 * app write; `Cache-Control: no-cache` on the request always reads D1.
 */
type Copy = { version: string; body: string };
const copies = new Map<string, Copy>();

/** Versions are "<incarnation>.<clock base 36>"; one from another incarnation always replaces. */
function newerOrSame(version: string, than: string): boolean {
  const [incarnation, clock = ""] = version.split(".");
  const [thanIncarnation, thanClock = ""] = than.split(".");
  if (incarnation !== thanIncarnation) return true;
  return Number.parseInt(clock, 36) >= Number.parseInt(thanClock, 36);
}

export async function serveBatchList(c: Context<AppEnv>, which: "active" | "archived", includeHistory: boolean): Promise<Response> {
  // Nothing stamped since the hub began (rows seeded or imported into D1): start the clock so
  // copies have a key. Null only when the hub cannot answer: then D1 answers, untagged.
  const version = await cacheVersionOf(c.env, "batches", { startClock: true });
  if (version === null) {
    const body = await listBatchesJson(c.var.db, which, includeHistory);
    return c.body(body, 200, { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": LIST_CACHE_CONTROL });
  }
  const key = `${which}:${includeHistory ? "h" : "n"}`;
  const etag = listEtag("batches", version, pathAndQueryOf(c.req.url));
  const headers = { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": LIST_CACHE_CONTROL, ETag: etag };
  const fresh = /no-cache/i.test(c.req.header("Cache-Control") ?? "");
  // A client that sends its tag is validating, hard reload or not: the version decides.
  if (etagMatches(c.req.header("If-None-Match"), etag)) return notModified(etag);
  const held = copies.get(key);
  if (!fresh && held?.version === version) return c.body(held.body, 200, headers);
  const body = await listBatchesJson(c.var.db, which, includeHistory);
  // A slower reader must not replace a copy keyed by a newer clock (of this hub incarnation).
  if (!held || newerOrSame(version, held.version)) copies.set(key, { version, body });
  return c.body(body, 200, headers);
}
