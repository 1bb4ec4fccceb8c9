import { and, desc, getTableColumns, gte, isNull, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { auditLog, batches, centrifugeOutcomes, centrifugeRecommendations } from "../db/schema";
import type { Size } from "../domain/batch-sizes";
import { resolveGConstant } from "../domain/centrifuge";
import type { OutcomeDiff, OutcomeSource } from "../domain/centrifuge-outcomes";
import { MIN_OUTCOME_STAGE, OUTCOME_FIELDS, OUTCOME_VALUE_FIELDS } from "../domain/centrifuge-outcomes";
import type { Outcome, Recommendation } from "../domain/learning";
import type { Db } from "../env";
import { readSetting } from "./settings";

/** Settings key of the fitted g-force constant (gaps G-CEN-1). */
export const G_CONSTANT_KEY = "centrifuge_g_constant";
const G_CONSTANT_TTL_MS = 30_000;
let cachedConstant: { value: number; expiresAt: number } | null = null;

/**
 * The g-force constant from settings, kept for 30 s per isolate: the calculators are hot paths
 * and the constant changes perhaps once in the product's life.
 */
export async function readGConstant(db: Db, nowMs: number): Promise<number> {
  if (cachedConstant && cachedConstant.expiresAt > nowMs) return cachedConstant.value;
  const value = resolveGConstant(await readSetting(db, G_CONSTANT_KEY));
  cachedConstant = { value, expiresAt: nowMs + G_CONSTANT_TTL_MS };
  return value;
}

/**
 * Rows travel as one JSON array parameter per statement (`json_each`): D1 allows only 100 bound
 * parameters per statement, and 10,000 outcomes as 6-row inserts would take 1,700 statements.
 * A chunk stays far below D1's 2 MB value limit.
 */
const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_BATCH = 50;

async function runInBatches(db: Db, statements: BatchItem<"sqlite">[]): Promise<void> {
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) {
    const [first, ...rest] = statements.slice(i, i + STATEMENTS_PER_BATCH);
    if (first) await db.batch([first, ...rest]);
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `json_extract(value, '$[i]')` for each position of the row arrays, comma-separated. */
function columnsOf(count: number) {
  return sql.raw(Array.from({ length: count }, (_, i) => `json_extract(value, '$[${i}]')`).join(", "));
}

/** Rows whose (batch_id, size) pair is listed in a JSON array of pairs. */
function pairIn(pairs: { batch_id: string; size: string }[]) {
  const json = JSON.stringify(pairs.map((p) => [p.batch_id, p.size]));
  return sql`(${centrifugeOutcomes.batch_id}, ${centrifugeOutcomes.size}) IN (SELECT ${columnsOf(2)} FROM json_each(${json}))`;
}

export async function loadOutcomeSources(db: Db): Promise<OutcomeSource[]> {
  return db
    .select({
      id: batches.id,
      strain: batches.strain,
      stage: batches.stage,
      grind_size: batches.grind_size,
      harvest_date: batches.harvest_date,
      centrifuge_rpm: batches.centrifuge_rpm,
      centrifuge_time_seconds: batches.centrifuge_time_seconds,
      centrifuge_cycles: batches.centrifuge_cycles,
      centrifuge_fill_gauge_cycle1: batches.centrifuge_fill_gauge_cycle1,
      centrifuge_fill_gauge_cycle2: batches.centrifuge_fill_gauge_cycle2,
      centrifuge_machine: batches.centrifuge_machine,
      centrifuge_settings_by_size: batches.centrifuge_settings_by_size,
      running_yield_0_5: batches.running_yield_0_5,
      running_yield_0_7: batches.running_yield_0_7,
      running_yield_1_0: batches.running_yield_1_0,
      cached_production_rate: batches.cached_production_rate,
      production_end_time: batches.production_end_time,
      production_start_time: batches.production_start_time,
      created_at: batches.created_at,
    })
    .from(batches)
    .where(gte(batches.stage, MIN_OUTCOME_STAGE));
}

type StoredOutcome = Outcome & { processed_at: string | null };

export async function loadOutcomes(db: Db): Promise<StoredOutcome[]> {
  const rows = await db.select().from(centrifugeOutcomes);
  return rows.map(({ id: _id, ...row }) => ({ ...row, size: row.size as Size }));
}

/** Writes new and changed outcomes as unprocessed and removes those that no longer qualify. */
export async function applyOutcomeDiff(db: Db, diff: OutcomeDiff): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [];
  for (const rows of chunk(diff.upserts, ROWS_PER_STATEMENT)) {
    const json = JSON.stringify(rows.map((o) => OUTCOME_FIELDS.map((f) => o[f])));
    const excluded = Object.fromEntries(OUTCOME_VALUE_FIELDS.map((f) => [f, sql.raw(`excluded.${f}`)]));
    statements.push(
      db
        .insert(centrifugeOutcomes)
        // Columns in table order: id (numbered by SQLite), the outcome fields, processed_at.
        .select(sql`SELECT NULL, ${columnsOf(OUTCOME_FIELDS.length)}, NULL FROM json_each(${json}) WHERE true`)
        .onConflictDoUpdate({ target: [centrifugeOutcomes.batch_id, centrifugeOutcomes.size], set: { ...excluded, processed_at: null } }),
    );
  }
  for (const pairs of chunk(diff.deletions, ROWS_PER_STATEMENT)) statements.push(db.delete(centrifugeOutcomes).where(pairIn(pairs)));
  await runInBatches(db, statements);
}

export async function loadRecommendationKeys(db: Db) {
  return db
    .select({
      strain: centrifugeRecommendations.strain,
      size: centrifugeRecommendations.size,
      grind_size: centrifugeRecommendations.grind_size,
    })
    .from(centrifugeRecommendations);
}

/**
 * Replaces the recommendations of the affected groups and marks the outcomes it learned from
 * as processed, in one batch: either the whole result lands or none of it.
 */
export async function storeLearning(
  db: Db,
  replace: { strain: string; size: string; grind_size: string }[],
  recommendations: Recommendation[],
  processedIds: { batch_id: string; size: string }[],
  now: Date,
): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [];
  for (const keys of chunk(replace, ROWS_PER_STATEMENT)) {
    const json = JSON.stringify(keys.map((k) => [k.strain, k.size, k.grind_size]));
    const r = centrifugeRecommendations;
    statements.push(db.delete(r).where(sql`(${r.strain}, ${r.size}, ${r.grind_size}) IN (SELECT ${columnsOf(3)} FROM json_each(${json}))`));
  }
  const recFields = Object.keys(getTableColumns(centrifugeRecommendations)) as (keyof Recommendation)[];
  for (const rows of chunk(recommendations, ROWS_PER_STATEMENT)) {
    const json = JSON.stringify(rows.map((rec) => recFields.map((f) => rec[f])));
    statements.push(db.insert(centrifugeRecommendations).select(sql`SELECT ${columnsOf(recFields.length)} FROM json_each(${json})`));
  }
  const at = now.toISOString();
  for (const pairs of chunk(processedIds, ROWS_PER_STATEMENT)) {
    statements.push(
      db
        .update(centrifugeOutcomes)
        .set({ processed_at: at })
        .where(and(isNull(centrifugeOutcomes.processed_at), pairIn(pairs))),
    );
  }
  // One transaction when it fits; a very large first run is split, and stays safe to repeat.
  await runInBatches(db, statements);
}

/** Strain names match as the learning pass groups them: trimmed, case-insensitive (ASCII). */
const sameStrain = (column: SQLiteColumn, strain: string) => sql`trim(${column}) = trim(${strain}) COLLATE NOCASE`;

/** Everything the trend and recommendation endpoints read for one strain, in one round trip. */
export async function readStrainLearning(db: Db, strain: string): Promise<{ outcomes: Outcome[]; recommendations: Recommendation[] }> {
  const [outcomeRows, recRows] = await db.batch([
    db.select().from(centrifugeOutcomes).where(sameStrain(centrifugeOutcomes.strain, strain)),
    db.select().from(centrifugeRecommendations).where(sameStrain(centrifugeRecommendations.strain, strain)),
  ]);
  return {
    outcomes: outcomeRows.map(({ id: _id, processed_at: _p, ...o }) => ({ ...o, size: o.size as Size })),
    recommendations: recRows.map((r) => ({ ...r, size: r.size as Size })),
  };
}

const CENTRIFUGE_HISTORY_LIMIT = 1000;

/** Centrifuge setting changes of a strain from the audit log, newest first. */
export async function readCentrifugeHistory(db: Db, strain: string) {
  return db
    .select({ batch: auditLog.batch, ts: auditLog.ts, field: auditLog.field, old: auditLog.old, new: auditLog.new })
    .from(auditLog)
    .where(and(sameStrain(auditLog.strain, strain), sql`substr(${auditLog.field}, 1, 11) = 'centrifuge_'`))
    .orderBy(desc(auditLog.ts), desc(auditLog.id))
    .limit(CENTRIFUGE_HISTORY_LIMIT);
}
