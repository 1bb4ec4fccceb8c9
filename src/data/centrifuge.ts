import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { and, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { auditLog, batches, centrifugeOutcomes, centrifugeRecommendations } from "../db/schema";
import type { Size } from "../domain/batch-sizes";
import type { OutcomeDiff, OutcomeSource } from "../domain/centrifuge-outcomes";
import { MIN_OUTCOME_STAGE } from "../domain/centrifuge-outcomes";
import { resolveGConstant } from "../domain/centrifuge";
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

/** D1 allows 100 bound parameters per statement; multi-row inserts stay under it. */
const MAX_PARAMS = 100;
const STATEMENTS_PER_BATCH = 200;

export async function runInBatches(db: Db, statements: BatchItem<"sqlite">[]): Promise<void> {
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

export type StoredOutcome = Outcome & { processed_at: string | null };

export async function loadOutcomes(db: Db): Promise<StoredOutcome[]> {
  const rows = await db.select().from(centrifugeOutcomes);
  return rows.map(({ id: _id, ...row }) => ({ ...row, size: row.size as Size }));
}

/** Writes new and changed outcomes as unprocessed and removes those that no longer qualify. */
export async function applyOutcomeDiff(db: Db, diff: OutcomeDiff): Promise<void> {
  const statements: BatchItem<"sqlite">[] = [];
  const perRow = Object.keys(centrifugeOutcomes).length;
  for (const rows of chunk(diff.upserts, Math.floor(MAX_PARAMS / perRow))) {
    statements.push(
      db
        .insert(centrifugeOutcomes)
        .values(rows.map((o) => ({ ...o, processed_at: null })))
        .onConflictDoUpdate({
          target: [centrifugeOutcomes.batch_id, centrifugeOutcomes.size],
          set: {
            strain: sql`excluded.strain`,
            machine: sql`excluded.machine`,
            grind_size: sql`excluded.grind_size`,
            rpm: sql`excluded.rpm`,
            time_seconds: sql`excluded.time_seconds`,
            cycles: sql`excluded.cycles`,
            fill_gauge_cycle1: sql`excluded.fill_gauge_cycle1`,
            fill_gauge_cycle2: sql`excluded.fill_gauge_cycle2`,
            yield_percent: sql`excluded.yield_percent`,
            rate: sql`excluded.rate`,
            harvest_date: sql`excluded.harvest_date`,
            recorded_at: sql`excluded.recorded_at`,
            processed_at: null,
          },
        }),
    );
  }
  for (const d of diff.deletions) {
    statements.push(db.delete(centrifugeOutcomes).where(and(eq(centrifugeOutcomes.batch_id, d.batch_id), eq(centrifugeOutcomes.size, d.size))));
  }
  await runInBatches(db, statements);
}

export async function loadRecommendationKeys(db: Db) {
  return db
    .select({ strain: centrifugeRecommendations.strain, size: centrifugeRecommendations.size, grind_size: centrifugeRecommendations.grind_size })
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
  const statements: BatchItem<"sqlite">[] = replace.map((k) =>
    db
      .delete(centrifugeRecommendations)
      .where(
        and(
          eq(centrifugeRecommendations.strain, k.strain),
          eq(centrifugeRecommendations.size, k.size),
          eq(centrifugeRecommendations.grind_size, k.grind_size),
        ),
      ),
  );
  const perRow = Object.keys(centrifugeRecommendations).length;
  for (const rows of chunk(recommendations, Math.floor(MAX_PARAMS / perRow))) {
    statements.push(db.insert(centrifugeRecommendations).values(rows));
  }
  const at = now.toISOString();
  for (const ids of chunk(processedIds, 45)) {
    const pairs = sql.join(
      ids.map((p) => sql`(${p.batch_id}, ${p.size})`),
      sql`, `,
    );
    statements.push(
      db
        .update(centrifugeOutcomes)
        .set({ processed_at: at })
        .where(and(isNull(centrifugeOutcomes.processed_at), sql`(${centrifugeOutcomes.batch_id}, ${centrifugeOutcomes.size}) IN (VALUES ${pairs})`)),
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

export const CENTRIFUGE_HISTORY_LIMIT = 1000;

/** Centrifuge setting changes of a strain from the audit log, newest first. */
export async function readCentrifugeHistory(db: Db, strain: string) {
  return db
    .select({ batch: auditLog.batch, ts: auditLog.ts, field: auditLog.field, old: auditLog.old, new: auditLog.new })
    .from(auditLog)
    .where(and(sameStrain(auditLog.strain, strain), sql`substr(${auditLog.field}, 1, 11) = 'centrifuge_'`))
    .orderBy(desc(auditLog.ts), desc(auditLog.id))
    .limit(CENTRIFUGE_HISTORY_LIMIT);
}
