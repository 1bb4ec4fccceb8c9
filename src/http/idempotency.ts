import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { claimingDb, findStoredAnswer, type IdempotencyClaim, isClaimTaken, recordAnswer } from "../data/idempotency";
import type { AppEnv, Db } from "../env";
import { handleError } from "./errors";

/**
 * `Idempotency-Key` for writes that add or subtract (a count delta, a deduct, a hold…): a client
 * that lost a reply, or an offline outbox replaying its queue, sends the same request with the same
 * key, and gets the first answer back instead of applying the change again.
 *
 * - The key is claimed inside the write's own D1 batch (data/idempotency.ts): by its first statement,
 *   or, where the answer is computed in SQL (count deltas), by its last, which stores the answer
 *   too. Either way the key exists exactly when the change committed, and a repeat never applies twice.
 * - The same key again → the stored status and body, with `Idempotent-Replayed: true`.
 * - The same key with another method, path or body → 422, nothing changes.
 * - A key whose first request is still running (or whose answer was cut off) → 409, retry later.
 * - Keys are kept at least 7 days (housekeeping, domain/housekeeping.ts), longer than any offline spell.
 */
const IDEMPOTENCY_HEADER = "Idempotency-Key";
const KEY_REUSED = "This Idempotency-Key was already used for a different request; send a new key for a new change";
const KEY_IN_FLIGHT = "A request with this Idempotency-Key is still being processed; retry in a moment";
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The request's claim, or null when it sent no key; a malformed key is a 400. */
export async function readIdempotencyClaim(c: Context<AppEnv>, now = new Date()): Promise<IdempotencyClaim | null> {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined) return null;
  if (!KEY_FORMAT.test(key)) {
    throw new HTTPException(400, { message: "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is best)" });
  }
  const url = new URL(c.req.url);
  const body = c.req.method === "GET" || c.req.method === "HEAD" ? "" : await c.req.text();
  const fingerprint = await sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${body}`);
  return { key, fingerprint, at: now.toISOString() };
}

/** A stored or freshly computed answer as the HTTP response it stands for. */
export function answerResponse(status: number, body: string, replayed = false): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json; charset=UTF-8" };
  if (replayed) headers["Idempotent-Replayed"] = "true";
  return new Response(body, { status, headers });
}

/** The answer stored for a claim that was already taken. */
async function replayStoredAnswer(c: Context<AppEnv>, claim: IdempotencyClaim): Promise<Response> {
  const stored = await findStoredAnswer(c.var.db, claim.key);
  // Taken a moment ago by a batch that then rolled back: nothing is stored, so nothing applied.
  // Retry-After tells a client (the PWA's outbox) that this 409 means "again soon", not "refused".
  if (!stored || stored.status === 0) {
    throw new HTTPException(409, { message: KEY_IN_FLIGHT, res: new Response(null, { headers: { "Retry-After": "1" } }) });
  }
  if (stored.fingerprint !== claim.fingerprint) throw new HTTPException(422, { message: KEY_REUSED });
  return answerResponse(stored.status, stored.body, true);
}

/**
 * Runs a write that put the claim into its batch; when the claim was already taken (the batch
 * failed on the key and changed nothing), answers what is stored for it instead.
 */
export async function replayIfTaken(c: Context<AppEnv>, claim: IdempotencyClaim | null, write: () => Promise<Response>): Promise<Response> {
  try {
    return await write();
  } catch (error) {
    if (claim && isClaimTaken(error)) return replayStoredAnswer(c, claim);
    throw error;
  }
}

/**
 * For writes whose answer is built in JS after the batch: records it on the claimed key. Also
 * handed to waitUntil, so a client that hangs up does not leave the key without its answer.
 */
async function recordAnswerOf(c: Context<AppEnv>, claim: IdempotencyClaim | null, response: Response): Promise<Response> {
  if (!claim) return response;
  const body = await response.clone().text();
  const recording = recordAnswer(c.var.db, claim.key, response.status, body);
  try {
    c.executionCtx.waitUntil(recording);
  } catch {
    // No execution context (called outside a request): the await below is enough.
  }
  await recording;
  return response;
}

/**
 * The whole mechanism for a write whose answer is built in JS: `write` gets the Db to hand to the
 * data function that changes things (the claim joins that function's D1 batch, see claimingDb).
 * A refusal thrown after the batch committed (a guard that held: 400/404/409) is stored as the
 * key's answer like a success; one thrown before the batch stored nothing, so a retry re-decides.
 * A key already stored is answered before the write runs: the write's own checks (the hold is gone,
 * the order completed) would otherwise refuse the retry before its batch could meet the claim.
 */
export async function idempotentWrite(c: Context<AppEnv>, write: (writeDb: Db) => Promise<Response>): Promise<Response> {
  const claim = await readIdempotencyClaim(c);
  if (!claim) return write(c.var.db);
  if (await findStoredAnswer(c.var.db, claim.key)) return replayStoredAnswer(c, claim);
  const claiming = claimingDb(c.var.db, claim);
  return replayIfTaken(c, claim, async () => {
    let response: Response;
    try {
      response = await write(claiming.db);
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      response = handleError(error, c);
    }
    if (claiming.claimed()) return recordAnswerOf(c, claim, response);
    // Refused before its batch: a twin with this key may have committed meanwhile (and made the
    // refusal: "hold not found"); its answer, or 409 while it runs, is the true one.
    if (await findStoredAnswer(c.var.db, claim.key)) return replayStoredAnswer(c, claim);
    return response;
  });
}
