import { eq, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { idempotencyKeys } from "../db/schema";
import type { Db } from "../env";
import { bindCompiled, type CompiledStatement, compileOnce } from "./compiled-sql";

/** A request's Idempotency-Key, the fingerprint of the request it came with, and when. */
export type IdempotencyClaim = { key: string; fingerprint: string; at: string };
type StoredAnswer = { fingerprint: string; status: number; body: string };

/**
 * The claim: the first statement of the write's own D1 batch. A key already stored fails it with a
 * UNIQUE error, which aborts the whole batch, so a repeated request can never apply twice, however
 * the two race. Status 0 marks "claimed, answer not yet recorded".
 */
const CLAIM = compileOnce(sql`INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at)
  VALUES (${sql.placeholder("key")}, ${sql.placeholder("fingerprint")}, 0, '', ${sql.placeholder("at")})`);

function claimStatement(d1: D1Database, claim: IdempotencyClaim): D1PreparedStatement {
  return bindCompiled(d1, CLAIM, claim);
}

/**
 * For writes whose answer is computed in SQL: the claim and the answer in one statement, the last
 * of the write's batch. It stores the key with the answer (`answer` selects `status` and `body`)
 * and returns it; a key already stored fails it with the UNIQUE error, and D1 rolls the whole batch
 * back, so a repeat still never applies twice. Binds `key`, `fingerprint` and `at` by name.
 */
export function claimWithAnswerStatement(answer: SQL): CompiledStatement {
  return compileOnce(sql`INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at)
    SELECT ${sql.placeholder("key")}, ${sql.placeholder("fingerprint")}, status, body, ${sql.placeholder("at")} FROM (${answer})
    RETURNING status, body`);
}

/** The UNIQUE failure of a claim: the key was stored by an earlier (or concurrent) request. */
export function isClaimTaken(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed: idempotency_keys\.key/.test(error.message);
}

export async function findStoredAnswer(db: Db, key: string): Promise<StoredAnswer | null> {
  const row = await db
    .select({ fingerprint: idempotencyKeys.fingerprint, status: idempotencyKeys.status, body: idempotencyKeys.body })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key))
    .get();
  return row ?? null;
}

/** Records the answer of a write whose answer was built after its batch committed. */
export async function recordAnswer(db: Db, key: string, status: number, body: string): Promise<void> {
  await db.update(idempotencyKeys).set({ status, body }).where(eq(idempotencyKeys.key, key));
}

/**
 * The app's Db for one keyed write: the claim rides as the first statement of the first D1 batch
 * run through it (drizzle's `db.batch`, runBatch, runNamedBatch or `d1.batch` alike), its result
 * taken off again so callers see their own results at their own indexes. Hand it only to the data
 * function that performs the write, whose first batch is the change itself. `claimed()` says
 * whether that batch committed (the key is then stored, with status 0 until its answer is recorded).
 */
export function claimingDb(db: Db, claim: IdempotencyClaim): { db: Db; claimed: () => boolean } {
  const d1 = (db as Db & { $client: D1Database }).$client;
  let state: "open" | "running" | "committed" = "open";
  const batch = async <T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> => {
    if (state !== "open") return d1.batch<T>(statements);
    state = "running";
    const results = await d1.batch<T>([claimStatement(d1, claim), ...statements]);
    state = "committed";
    return results.slice(1);
  };
  const client = new Proxy(d1, {
    get(target, prop) {
      if (prop === "batch") return batch;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  // No schema: the write functions build queries, never `db.query.*`, and schema metadata is costly.
  return { db: drizzle(client) as unknown as Db, claimed: () => state === "committed" };
}
