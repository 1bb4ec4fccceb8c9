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
    named[auditName(size)] = db
      .insert(auditLog)
      .select(sql`SELECT NULL, id, strain, ${now}, ${`counts_${size}`}, CAST(${count} AS TEXT), CAST(${next} AS TEXT), ${actor}
        FROM batches WHERE id = ${id} AND ${count} <> ${next}${guard}`);
    named[usageName(size)] = db.insert(inventoryUsage).select(sql`SELECT NULL, ${paper}, ${now}, ${next} - ${marker}, id
        FROM batches WHERE id = ${id} AND ${next} <> ${marker}${guard}`);
    // The papers moved, the box size and the boxes to open, worked out once from the batch row
    // joined to its paper's stock row (LIMIT 1 keeps SQLite from inlining them again).
    const moved = sql`SELECT inventory.size AS x_size, inventory.individual_papers AS x_loose, inventory.boxes AS x_boxes,
        ${next} - ${marker} AS x_delta, ${papersPerBoxSql} AS x_ppb
      FROM batches JOIN inventory ON inventory.size = ${paper} WHERE batches.id = ${id}${guard} LIMIT 1`;
    const opened = sql`SELECT x_size, x_delta, x_ppb, CASE WHEN x_delta <= x_loose THEN 0
        ELSE MIN(x_boxes, (x_delta - x_loose + x_ppb - 1) / x_ppb) END AS x_opened FROM (${moved}) LIMIT 1`;
    const stock = db.update(inventory).set({
      boxes: sql`boxes - x.x_opened`,
      individual_papers: sql`MAX(0, individual_papers + x.x_opened * x.x_ppb - x.x_delta)`,
    });
    named[stockName(size)] = (stock.from(sql`(${opened}) AS x`) as unknown as typeof stock).where(
      sql`inventory.size = x.x_size AND x.x_delta <> 0`,
    );
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
 * The values a counts write derives from the batch row, computed once in the UPDATE's FROM
 * subquery (`x`) rather than spelled out in every SET expression: the new counts, the new total,
 * whether anything changed, the rate (total ÷ worked hours) and the history to append to. D1
 * compiles every statement it runs, and each repetition of the rate was compiled again (the
 * UPDATE was 7 KB of SQL); the SET expressions read `x.x_*` instead.
 */
function derivedValuesSql(write: CountsSql, provided: [Size, SQL][]): SQL {
  const { id, now } = write;
  const nextColumn = (size: Size) => sql.raw(`x_next_${size}`);
  const nexts = sql.join(
    provided.map(([size, next]) => sql`${next} AS ${nextColumn(size)}`),
    sql`, `,
  );
  const countNow = (size: Size) => sql.raw(`x_count_${size}`);
  const newCount = (size: Size) => (write.next[size] === undefined ? countNow(size) : nextColumn(size));
  const changed = sql.join(
    provided.map(([size]) => sql`${countNow(size)} <> ${nextColumn(size)}`),
    sql` OR `,
  );
  const hours = sql`(total_work_hours + CASE WHEN current_session_start IS NOT NULL
      THEN MAX(0, (julianday(${now}) - julianday(current_session_start)) * 24) ELSE 0 END)`;
  const history = sql`CASE WHEN json_valid(rate_history) AND json_type(rate_history) = 'array' THEN rate_history ELSE '[]' END`;
  const rate = sql`(CASE WHEN x_stage >= ${sql.raw(String(STAGE_IN_PROGRESS))} AND x_total > 0 AND x_hours > 0
      THEN ROUND(x_total * 1.0 / x_hours, 1) END)`;
  // Three levels: the row's own values, what they add up to, then the rate over those. LIMIT 1
  // (there is one row) keeps SQLite from flattening them back into one repeated expression.
  const own = sql`SELECT stage AS x_stage, ${nexts}, ${hours} AS x_hours, ${history} AS x_hist,
      counts_0_5 AS x_count_0_5, counts_0_7 AS x_count_0_7, counts_1_0 AS x_count_1_0 FROM batches WHERE id = ${id} LIMIT 1`;
  const summed = sql`SELECT *, (${newCount("0_5")} + ${newCount("0_7")} + ${newCount("1_0")}) AS x_total, (${changed}) AS x_changed
      FROM (${own}) LIMIT 1`;
  return sql`(SELECT *, ${rate} AS x_rate, x_changed AND ${rate} IS NOT NULL AS x_snap, json_array_length(x_hist) AS x_len
      FROM (${summed}) LIMIT 1) AS x`;
}

/**
 * SET expressions for the batch UPDATE: counts, markers (the papers of every change were charged or
 * returned above), and when anything changed, a rate snapshot. They read the derived values, so
 * the UPDATE names `from` in its FROM clause (null when no count is given: nothing to set).
 */
export function countSetFragments(write: CountsSql): { sets: Record<string, SQL>; changed: SQL; from: SQL | null } {
  const provided = sizesOf(write.next);
  if (provided.length === 0) return { sets: {}, changed: sql`0`, from: null };
  const { now } = write;
  const snapshot = sql`x.x_snap`;
  const point = sql`json_object('timestamp', ${now}, 'rate', x.x_rate, 'total_count', x.x_total)`;
  const appended = sql`json_insert(x.x_hist, '$[#]', ${point})`;
  const limit = sql.raw(String(RATE_HISTORY_LIMIT));
  // Usually one in, none or one out; a longer imported history is cut to the newest 500 once.
  const trimmed = sql`CASE WHEN x.x_len < ${limit} THEN ${appended}
      WHEN x.x_len = ${limit} THEN json_remove(${appended}, '$[0]')
      ELSE (SELECT json_group_array(json(value) ORDER BY key) FROM json_each(${appended})
        WHERE key > x.x_len - ${limit}) END`;
  const sets: Record<string, SQL> = {};
  for (const [size] of provided) {
    sets[`counts_${size}`] = sql.raw(`x.x_next_${size}`);
    sets[`_last_inventory_consumed_${size}`] = sql.raw(`x.x_next_${size}`);
  }
  Object.assign(sets, {
    rate_history: sql`CASE WHEN ${snapshot} THEN ${trimmed} ELSE rate_history END`,
    cached_production_rate: sql`CASE WHEN ${snapshot} THEN x.x_rate ELSE cached_production_rate END`,
    rate_calculation_time: sql`CASE WHEN ${snapshot} THEN ${now} ELSE rate_calculation_time END`,
    last_rate_update: sql`CASE WHEN ${snapshot} THEN ${now} ELSE last_rate_update END`,
    // Metrics are derived from the history on read; cleared here so a stored copy is never stale.
    rate_metrics: sql`CASE WHEN ${snapshot} THEN NULL ELSE rate_metrics END`,
  });
  return { sets, changed: sql`x.x_changed`, from: derivedValuesSql(write, provided) };
}

/**
 * The batch UPDATE with its guard, returning the new version (no row: no batch, or guard failed).
 * `from` is the derived-values subquery of countSetFragments, when the sets read it.
 */
export function batchUpdateStatement(db: Db, batchId: string, sets: Record<string, unknown>, guardVersion?: number, from?: SQL | null) {
  const guard = guardVersion === undefined ? sql`` : sql` AND batches.version = ${guardVersion}`;
  const update = db.update(batches).set(sets as Partial<typeof batches.$inferInsert>);
  // Joined to a one-row subquery; drizzle types the joined builder apart, its SQL is the same shape.
  const joined = from ? (update.from(from) as unknown as typeof update) : update;
  return joined.where(sql`batches.id = ${batchId}${guard}`).returning({ version: batches.version });
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
  const from = countSetFragments(counts).from;
  const update = batchUpdateStatement(db, write.batchId, countsUpdateSets(counts), write.guardVersion, from);
  return { counts, sideEffects: countSideEffectStatements(db, counts), update };
}
