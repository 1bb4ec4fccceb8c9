import { type SQL, sql } from "drizzle-orm";
import { auditLog, batches, inventory, inventoryUsage } from "../db/schema";
import { type PerSize, SIZES, type Size } from "../domain/batch-sizes";
import { DEFAULT_PAPERS_PER_BOX, PAPERS_PER_BOX_KEY } from "../domain/paper-consumption";
import { RATE_HISTORY_LIMIT } from "../domain/rates";
import { STAGE_IN_PROGRESS } from "../domain/stages";
import type { Db } from "../env";
import type { Actor } from "./audit";
import type { Statement } from "./d1-batch";

/**
 * Counts writes as SQL that reads the batch row inside each statement (rules §2.5, §4.2, §6).
 *
 * Why no read first: a D1 batch runs as one transaction and D1 runs one batch at a time, so every
 * statement below sees the row exactly as the previous writer left it. The audit row captures the
 * true old value (INSERT … SELECT from the row before the UPDATE), paper consumption charges
 * `count − _last_inventory_consumed_*` from that same row, and the final UPDATE moves counts and
 * markers together. However many requests race, each is applied whole and in some order, and the
 * papers taken always equal the increase of the counts: a lowered count returns its papers.
 *
 * The rate snapshot is computed in the UPDATE too (total ÷ worked hours from the row's own session
 * columns, appended to `rate_history` with SQLite's JSON functions, newest 500 kept), so it needs no
 * version guard or retry either. `rate_metrics` are derived on read from the history (rates.ts).
 *
 * Values are validated integers and our own ISO timestamp, inlined as literals: the repeated
 * expressions would otherwise pass D1's 100-parameter limit. Ids and actors stay bound parameters.
 */

export type CountsWrite = {
  batchId: string;
  counts: Partial<PerSize<number>>;
  now: Date;
  actor: Actor;
  /** Only apply while the batch has this version (edits that read the row first). */
  guardVersion?: number;
};

/**
 * A counts write as SQL pieces: which batch, when, by whom, and per size the new count as an
 * expression over the batch row (a literal for "set to", `counts_x + d` for a delta). `guard` is
 * extra conditions the row must meet (`AND …`); every statement of the write carries it, so
 * they all apply or none does.
 */
export type CountsSql = { id: SQL; now: SQL; actor: SQL; next: Partial<PerSize<SQL>>; guard: SQL };

function intLiteral(value: number): SQL {
  if (!Number.isSafeInteger(value)) throw new Error(`not a safe integer: ${value}`);
  return sql.raw(String(value));
}

function isoLiteral(at: Date): SQL {
  return sql.raw(`'${at.toISOString()}'`);
}

const sizeLiteral = (size: Size) => sql.raw(`'${size}'`);
export const countColumn = (size: Size) => sql.raw(`counts_${size}`);
const markerColumn = (size: Size) => sql.raw(`_last_inventory_consumed_${size}`);

function providedSizes(counts: Partial<PerSize<number>>): [Size, number][] {
  return SIZES.flatMap((s) => (counts[s] === undefined ? [] : [[s, counts[s]] as [Size, number]]));
}

function sizesOf(next: Partial<PerSize<SQL>>): [Size, SQL][] {
  return SIZES.flatMap((s) => {
    const value = next[s];
    return value === undefined ? [] : [[s, value] as [Size, SQL]];
  });
}

/**
 * Absolute counts: values are validated integers and our own ISO timestamp, inlined as literals
 * (the repeated expressions would otherwise pass D1's 100-parameter limit); id and actor are bound.
 */
export function absoluteCountsSql(write: CountsWrite): CountsSql {
  const next: Partial<PerSize<SQL>> = {};
  for (const [size, value] of providedSizes(write.counts)) next[size] = intLiteral(value);
  return {
    id: sql`${write.batchId}`,
    now: isoLiteral(write.now),
    actor: sql`${write.actor}`,
    next,
    guard: write.guardVersion === undefined ? sql`` : sql` AND version = ${write.guardVersion}`,
  };
}

/** Papers per box for the inventory row being updated, from the `papers_per_box` setting. */
const papersPerBoxSql = sql.raw(`COALESCE(
  (SELECT CASE WHEN json_valid(value) AND CAST(json_extract(value, '$."' || inventory.size || '"') AS INTEGER) > 0
     THEN CAST(json_extract(value, '$."' || inventory.size || '"') AS INTEGER) END
   FROM settings WHERE key = '${PAPERS_PER_BOX_KEY}'),
  CASE inventory.size ${SIZES.map((s) => `WHEN '${s}' THEN ${DEFAULT_PAPERS_PER_BOX[s]}`).join(" ")} END)`);

/**
 * Audit rows, usage rows and stock moves of a counts write, named per size (`readCountSideEffects`
 * reads their results by those names); they run before the batch UPDATE.
 * A rise takes papers (loose first, opening boxes); a fall — a corrected typo — returns them as
 * loose papers, with a negative usage row, so stock always moves by exactly the counts' increase.
 * `inventory.last_updated` stays the time of the last manual count (the starting point consumption
 * runs down from), so a dismissed low-stock alert is not revived by every saved count.
 */
export function countSideEffectStatements(db: Db, write: CountsSql): Record<string, Statement> {
  const { id, now, actor, guard } = write;
  const named: Record<string, Statement> = {};
  for (const [size, next] of sizesOf(write.next)) {
    const count = countColumn(size);
    const marker = markerColumn(size);
    const paper = sql`COALESCE(paper_size_override, ${sizeLiteral(size)})`;
    const delta = sql`(SELECT ${next} - ${marker} FROM batches WHERE id = ${id}${guard})`;
    const opened = sql`(CASE WHEN ${delta} <= individual_papers THEN 0
      ELSE MIN(boxes, (${delta} - individual_papers + ${papersPerBoxSql} - 1) / ${papersPerBoxSql}) END)`;
    named[auditName(size)] = db
      .insert(auditLog)
      .select(sql`SELECT NULL, id, strain, ${now}, ${`counts_${size}`}, CAST(${count} AS TEXT), CAST(${next} AS TEXT), ${actor}
        FROM batches WHERE id = ${id} AND ${count} <> ${next}${guard}`);
    named[usageName(size)] = db.insert(inventoryUsage).select(sql`SELECT NULL, ${paper}, ${now}, ${next} - ${marker}, id
        FROM batches WHERE id = ${id} AND ${next} <> ${marker}${guard}`);
    named[stockName(size)] = db
      .update(inventory)
      .set({
        boxes: sql`boxes - ${opened}`,
        individual_papers: sql`MAX(0, individual_papers + ${opened} * ${papersPerBoxSql} - ${delta})`,
      })
      .where(sql`size = (SELECT ${paper} FROM batches WHERE id = ${id}) AND ${delta} <> 0`);
  }
  return named;
}

const auditName = (size: Size) => `audit ${size}`;
const usageName = (size: Size) => `usage ${size}`;
const stockName = (size: Size) => `stock ${size}`;

/**
 * What the side effects of `write` did, read by name from a batch's results: fields whose audit
 * row was written (counts that changed), and whether any paper moved.
 */
export function readCountSideEffects(
  results: Readonly<Record<string, { changes: number } | undefined>>,
  write: CountsSql,
): { changedFields: number; papersConsumed: boolean } {
  const sizes = sizesOf(write.next).map(([size]) => size);
  return {
    changedFields: sizes.reduce((n, size) => n + (results[auditName(size)]?.changes ?? 0), 0),
    papersConsumed: sizes.some((size) => (results[usageName(size)]?.changes ?? 0) > 0),
  };
}

/**
 * SET expressions for the batch UPDATE: counts, markers (the papers of every change were charged or
 * returned above), and when anything changed, a rate snapshot.
 */
export function countSetFragments(write: CountsSql): { sets: Record<string, SQL>; changed: SQL } {
  const provided = sizesOf(write.next);
  const { now } = write;
  const newCount = (size: Size) => write.next[size] ?? countColumn(size);
  const changed = provided.length
    ? sql.join(
        provided.map(([size, next]) => sql`${countColumn(size)} <> ${next}`),
        sql` OR `,
      )
    : sql`0`;
  const total = sql`(${newCount("0_5")} + ${newCount("0_7")} + ${newCount("1_0")})`;
  const hours = sql`(total_work_hours + CASE WHEN current_session_start IS NOT NULL
      THEN MAX(0, (julianday(${now}) - julianday(current_session_start)) * 24) ELSE 0 END)`;
  const rate = sql`(CASE WHEN stage >= ${sql.raw(String(STAGE_IN_PROGRESS))} AND ${total} > 0 AND ${hours} > 0
      THEN ROUND(${total} * 1.0 / ${hours}, 1) END)`;
  const snapshot = sql`((${changed}) AND ${rate} IS NOT NULL)`;
  const history = sql`CASE WHEN json_valid(rate_history) AND json_type(rate_history) = 'array' THEN rate_history ELSE '[]' END`;
  const appended = sql`json_insert(${history}, '$[#]', json_object('timestamp', ${now}, 'rate', ${rate}, 'total_count', ${total}))`;
  const limit = sql.raw(String(RATE_HISTORY_LIMIT));
  // Usually one in, none or one out; a longer imported history is cut to the newest 500 once.
  const trimmed = sql`CASE WHEN json_array_length(${history}) < ${limit} THEN ${appended}
      WHEN json_array_length(${history}) = ${limit} THEN json_remove(${appended}, '$[0]')
      ELSE (SELECT json_group_array(json(value) ORDER BY key) FROM json_each(${appended})
        WHERE key > json_array_length(${history}) - ${limit}) END`;
  const sets: Record<string, SQL> = {};
  for (const [size, next] of provided) {
    sets[`counts_${size}`] = next;
    sets[`_last_inventory_consumed_${size}`] = next;
  }
  Object.assign(sets, {
    rate_history: sql`CASE WHEN ${snapshot} THEN ${trimmed} ELSE rate_history END`,
    cached_production_rate: sql`CASE WHEN ${snapshot} THEN ${rate} ELSE cached_production_rate END`,
    rate_calculation_time: sql`CASE WHEN ${snapshot} THEN ${now} ELSE rate_calculation_time END`,
    last_rate_update: sql`CASE WHEN ${snapshot} THEN ${now} ELSE last_rate_update END`,
    // Metrics are derived from the history on read; cleared here so a stored copy is never stale.
    rate_metrics: sql`CASE WHEN ${snapshot} THEN NULL ELSE rate_metrics END`,
  });
  return { sets, changed };
}

/** The batch UPDATE with its guard, returning the new version (no row: no batch, or guard failed). */
export function batchUpdateStatement(db: Db, batchId: string, sets: Record<string, unknown>, guardVersion?: number) {
  const guard = guardVersion === undefined ? sql`` : sql` AND version = ${guardVersion}`;
  return db
    .update(batches)
    .set(sets as Partial<typeof batches.$inferInsert>)
    .where(sql`id = ${batchId}${guard}`)
    .returning({ version: batches.version });
}

/** The SET list of a whole counts write: counts, markers, rate snapshot, and version and time when anything changed. */
export function countsUpdateSets(write: CountsSql): Record<string, SQL> {
  const { sets, changed } = countSetFragments(write);
  return {
    ...sets,
    version: sql`CASE WHEN ${changed} THEN version + 1 ELSE version END`,
    updated_at: sql`CASE WHEN ${changed} THEN ${write.now} ELSE updated_at END`,
  };
}

/** The whole counts write: side effects, then one UPDATE returning the new version (none = no batch). */
export function countsWriteStatements(db: Db, write: CountsWrite) {
  const counts = absoluteCountsSql(write);
  const update = batchUpdateStatement(db, write.batchId, countsUpdateSets(counts), write.guardVersion);
  return { counts, sideEffects: countSideEffectStatements(db, counts), update };
}
