import { and, eq, sql } from "drizzle-orm";
import { auditLog, batches, settings, weightChecks } from "../db/schema";
import type { Size } from "../domain/batch-sizes";
import type { WeightLogEntry } from "../domain/weight-check";
import type { Db } from "../env";

function sizeColumns(size: Size) {
  return {
    log: batches[`weight_log_${size}`],
    running: batches[`running_yield_${size}`],
    lastCount: batches[`last_weight_check_count_${size}`],
    lastDate: batches[`last_weight_check_date_${size}`],
  };
}

type WeightCheckState = {
  id: string;
  strain: string;
  target_grams_each: number;
  log_text: string | null;
  running_yield: number;
  last_count: number;
  last_date: string | null;
};

/** The batch's weight state for one size and the stored tare weights, in one round trip. */
export async function readWeightCheckState(
  db: Db,
  batchId: string,
  size: Size,
): Promise<{ state: WeightCheckState | null; tare: unknown }> {
  const col = sizeColumns(size);
  const [rows, tareRows] = await db.batch([
    db
      .select({
        id: batches.id,
        strain: batches.strain,
        target_grams_each: batches.target_grams_each,
        log_text: col.log,
        running_yield: col.running,
        last_count: col.lastCount,
        last_date: col.lastDate,
      })
      .from(batches)
      .where(eq(batches.id, batchId)),
    db.select({ value: settings.value }).from(settings).where(eq(settings.key, "tare_weights")),
  ]);
  let tare: unknown;
  try {
    tare = tareRows[0] ? JSON.parse(tareRows[0].value) : undefined;
  } catch {
    tare = undefined;
  }
  return { state: rows[0] ?? null, tare };
}

type SaveWeightCheck = {
  state: WeightCheckState;
  size: Size;
  entry: WeightLogEntry;
  logText: string;
  runningYield: number;
  actor: string;
  now: Date;
};

/**
 * Appends the check in one batch: the batch's log, running yield and last-check fields change
 * only if the log is still what was read (another check may have landed meanwhile); the
 * weight_checks row and the audit rows are written only when that update applied.
 * Returns false when the log had moved on, so the caller can re-read and retry.
 */
export async function saveWeightCheck(db: Db, input: SaveWeightCheck): Promise<boolean> {
  const { state, size, entry, now } = input;
  const col = sizeColumns(size);
  const at = now.toISOString();
  // Rows selected from the batch only when its log is now the one we wrote: the inserts apply
  // exactly when the update above them did. A null id lets SQLite number the row.
  const ifApplied = and(eq(batches.id, state.id), eq(col.log, input.logText));
  const value = <T>(v: T, name: string) => sql<T>`${v}`.as(name);
  const audits: [string, string | null, string | null][] = [
    [`weight_log_${size}`, String(state.log_text ? countEntries(state.log_text) : 0), String(countEntries(input.logText))],
    [`running_yield_${size}`, String(state.running_yield), String(input.runningYield)],
    [`last_weight_check_count_${size}`, String(state.last_count), String(entry.count_at_measurement)],
    [`last_weight_check_date_${size}`, state.last_date, at],
  ];
  const [update] = await db.batch([
    db
      .update(batches)
      .set({
        [`weight_log_${size}`]: input.logText,
        [`running_yield_${size}`]: input.runningYield,
        [`last_weight_check_count_${size}`]: entry.count_at_measurement,
        [`last_weight_check_date_${size}`]: at,
        updated_at: at,
        // Other batch writers guard on the version: a weight check is a change they must see.
        version: sql`${batches.version} + 1`,
      })
      .where(and(eq(batches.id, state.id), sql`${col.log} IS ${state.log_text}`))
      .returning({ id: batches.id }),
    db.insert(weightChecks).select(
      db
        .select({
          id: value(null, "id"),
          batch_id: batches.id,
          size: value(size, "size"),
          sample_weight: value(entry.sample_weight, "sample_weight"),
          count_at_measurement: value(entry.count_at_measurement, "count_at_measurement"),
          avg_weight: value(entry.avg_weight, "avg_weight"),
          yield_percent: value(entry.yield_percent, "yield_percent"),
          recorded_at: value(at, "recorded_at"),
        })
        .from(batches)
        .where(ifApplied),
    ),
    ...audits
      .filter(([, oldValue, newValue]) => oldValue !== newValue)
      .map(([field, oldValue, newValue]) =>
        db.insert(auditLog).select(
          db
            .select({
              id: value(null, "id"),
              batch: batches.id,
              strain: batches.strain,
              ts: value(at, "ts"),
              field: value(field, "field"),
              old: value(oldValue, "old"),
              new: value(newValue, "new"),
              actor: value(input.actor, "actor"),
            })
            .from(batches)
            .where(ifApplied),
        ),
      ),
  ]);
  return update.length === 1;
}

/** The audit trail keeps the log's length; the entries themselves live in weight_checks. */
function countEntries(text: string): number {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}

/** Every size's weight columns and counts of one batch. */
export async function readWeightAnalytics(db: Db, batchId: string) {
  return (
    (await db
      .select({
        id: batches.id,
        strain: batches.strain,
        target_grams_each: batches.target_grams_each,
        counts_0_5: batches.counts_0_5,
        counts_0_7: batches.counts_0_7,
        counts_1_0: batches.counts_1_0,
        weight_log_0_5: batches.weight_log_0_5,
        weight_log_0_7: batches.weight_log_0_7,
        weight_log_1_0: batches.weight_log_1_0,
        running_yield_0_5: batches.running_yield_0_5,
        running_yield_0_7: batches.running_yield_0_7,
        running_yield_1_0: batches.running_yield_1_0,
        last_weight_check_count_0_5: batches.last_weight_check_count_0_5,
        last_weight_check_count_0_7: batches.last_weight_check_count_0_7,
        last_weight_check_count_1_0: batches.last_weight_check_count_1_0,
        last_weight_check_date_0_5: batches.last_weight_check_date_0_5,
        last_weight_check_date_0_7: batches.last_weight_check_date_0_7,
        last_weight_check_date_1_0: batches.last_weight_check_date_1_0,
      })
      .from(batches)
      .where(eq(batches.id, batchId))
      .get()) ?? null
  );
}
