import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "../db/schema";
import { SIZE_GRAMS, SIZES, type Size } from "../domain/batch-sizes";
import type { Db } from "../env";
import type { Actor } from "./audit";
import { type CountsSql, countColumn, countSetFragments, countSideEffectStatements, countsUpdateSets } from "./batch-counts";
import { bindCompiled, type CompiledStatement, compileOnce } from "./compiled-sql";
import { d1Of, rowsOf, runNamedBatch } from "./d1-batch";
import { claimWithAnswerStatement, type IdempotencyClaim } from "./idempotency";

/**
 * A count delta ("+25 of 0.5 g") applied as one D1 batch, with the same audit, paper-consumption and
 * rate-snapshot SQL as absolute counts (batch-counts.ts), the new count being `counts_x + delta`
 * read from the row inside each statement. Deltas commute: tablets that were offline together all
 * land, in any order, and 100 racing deltas sum exactly. A delta that would take the count below 0
 * changes nothing. The answer (status and body) is computed by the last statement of the batch, so
 * with an Idempotency-Key it is stored in the same transaction as the change it answers.
 */

// Builds the statements once at load; this drizzle instance compiles SQL and never runs a query.
const compiler = drizzle({} as D1Database, { schema }) as unknown as Db;

const p = {
  id: sql.placeholder("id"),
  // D1 binds every JS number as REAL; counts are whole numbers (CAST(25.0 AS TEXT) is "25.0").
  delta: sql`CAST(${sql.placeholder("delta")} AS INTEGER)`,
  now: sql.placeholder("now"),
  actor: sql.placeholder("actor"),
};

function sizeLabel(size: Size): string {
  return `${SIZE_GRAMS[size].toFixed(1)} g`;
}

/**
 * `status` and `body` of the answer, read right after the batch UPDATE: `changes()` says whether it
 * applied; if not, the row says why (no batch, or the count would go below 0).
 */
function answerSelect(size: Size) {
  const count = sql.raw(`b.counts_${size}`);
  return sql`SELECT
      CASE WHEN a.applied THEN 200 WHEN b.id IS NULL THEN 404 ELSE 409 END AS status,
      CASE WHEN a.applied THEN json_object('ok', json('true'), 'batch_id', b.id, 'size', ${sql.raw(`'${size}'`)}, 'delta', ${p.delta},
          'counts_0_5', b.counts_0_5, 'counts_0_7', b.counts_0_7, 'counts_1_0', b.counts_1_0, 'version', b.version)
        WHEN b.id IS NULL THEN json_object('error', 'Batch not found')
        ELSE json_object('error', ${sql.raw(`'The ${sizeLabel(size)} count is '`)} || ${count} || ': taking away ' || (0 - ${p.delta})
          || ' would make it negative. Nothing was saved.') END AS body
    FROM (SELECT changes() > 0 AS applied) a LEFT JOIN batches b ON b.id = ${p.id}`;
}

/** The change's statements by name (audit, usage and stock per size, then the batch UPDATE). */
type DeltaStatements = { change: Record<string, CompiledStatement>; answer: CompiledStatement; claimWithAnswer: CompiledStatement };

function compileFor(size: Size): DeltaStatements {
  const next = sql`(${countColumn(size)} + ${p.delta})`;
  const write: CountsSql = {
    id: sql`${p.id}`,
    now: sql`${p.now}`,
    actor: sql`${p.actor}`,
    next: { [size]: next },
    guard: sql` AND ${next} >= 0`,
  };
  const { from } = countSetFragments(write);
  const update = compiler
    .update(schema.batches)
    .set(countsUpdateSets(write) as Partial<typeof schema.batches.$inferInsert>)
    .from(from ?? sql``)
    .where(sql`batches.id = ${p.id} AND ${sql.raw(`x.x_next_${size}`)} >= 0`);
  return {
    change: Object.fromEntries(
      Object.entries({ ...countSideEffectStatements(compiler, write), update }).map(([name, s]) => [name, compileOnce(s)]),
    ),
    answer: compileOnce(answerSelect(size)),
    claimWithAnswer: claimWithAnswerStatement(answerSelect(size)),
  };
}

const STATEMENTS = Object.fromEntries(SIZES.map((size) => [size, compileFor(size)])) as Record<Size, DeltaStatements>;

type CountDelta = { batchId: string; size: Size; delta: number; now: Date; actor: Actor };
type DeltaAnswer = { status: number; body: string };

/**
 * Applies the delta and answers it. With a claim, the batch's last statement stores the key with
 * its answer (a repeat fails it, and with it the whole batch: see data/idempotency.ts).
 */
export async function applyCountDelta(db: Db, delta: CountDelta, claim: IdempotencyClaim | null): Promise<DeltaAnswer> {
  const d1 = d1Of(db);
  const statements = STATEMENTS[delta.size];
  const values = { id: delta.batchId, delta: delta.delta, now: delta.now.toISOString(), actor: delta.actor, ...claim };
  const change = Object.fromEntries(Object.entries(statements.change).map(([name, s]) => [name, bindCompiled(d1, s, values)]));
  const answerStatement = claim ? statements.claimWithAnswer : statements.answer;
  const written = await runNamedBatch(db, { ...change, answer: rowsOf<DeltaAnswer>(bindCompiled(d1, answerStatement, values)) });
  const answer = written.answer.rows[0] as DeltaAnswer | undefined;
  if (!answer) throw new Error("count delta: the batch returned no answer");
  return answer;
}
