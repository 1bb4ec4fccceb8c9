import { and, eq, getTableColumns, sql } from "drizzle-orm";
import { batches } from "../db/schema";
import { STAGE_FINISHED, STAGE_WAITING_ON_TESTING } from "../domain/stages";
import type { Db } from "../env";

export type BatchRow = typeof batches.$inferSelect;

/** Columns holding JSON text; the API answers them as JSON values (null when unreadable). */
const JSON_TEXT_COLUMNS = [
  "source_materials",
  "production_sessions",
  "rate_history",
  "rate_metrics",
  "centrifuge_settings_by_size",
  "test_results",
  "weight_log_0_5",
  "weight_log_0_7",
  "weight_log_1_0",
] as const;
const JSON_TEXT = new Set<string>(JSON_TEXT_COLUMNS);
/** Bookkeeping that is not part of the REST shape. */
const HIDDEN = new Set(["version"]);

const API_COLUMNS = Object.values(getTableColumns(batches))
  .map((c) => c.name)
  .filter((name) => !HIDDEN.has(name));

/**
 * The list as one JSON text built by SQLite: one query, one cell, no per-row work in the Worker.
 * json_object takes at most 127 arguments, so each row is two objects spliced together; the first
 * ends on a plain number column so trimming its closing brace is exact.
 */
function listSql(includeHistory: boolean, where: string, orderBy: string): string {
  const names = API_COLUMNS.filter((n) => includeHistory || n !== "rate_history");
  // A rate history that is not an array (imported) is no history, as the counts SQL reads it.
  const valid = (n: string) => (n === "rate_history" ? `json_valid(${n}) AND json_type(${n}) = 'array'` : `json_valid(${n})`);
  const pair = (n: string) => `'${n}', ${JSON_TEXT.has(n) ? `CASE WHEN ${valid(n)} THEN json(${n}) END` : n}`;
  const half = Math.ceil(names.length / 2);
  const first = [...names.slice(0, half).filter((n) => n !== "display_order"), "display_order"];
  const second = names.slice(half).filter((n) => n !== "display_order");
  const row = `rtrim(json_object(${first.map(pair).join(", ")}), '}') || ',' || ltrim(json_object(${second.map(pair).join(", ")}), '{')`;
  return `SELECT COALESCE('[' || group_concat(${row}, ',' ORDER BY ${orderBy}) || ']', '[]') AS body FROM batches WHERE ${where}`;
}

const LIST_ORDER = { active: "display_order, created_at, id", archived: "COALESCE(production_end_time, updated_at) DESC, id" };
const LIST_SQL = {
  active: { plain: listSql(false, "archived = 0", LIST_ORDER.active), history: listSql(true, "archived = 0", LIST_ORDER.active) },
  archived: { plain: listSql(false, "archived = 1", LIST_ORDER.archived), history: listSql(true, "archived = 1", LIST_ORDER.archived) },
};

/** Active (`/api/data`) or archived batches as a ready JSON array text. */
export async function listBatchesJson(db: Db, which: "active" | "archived", includeHistory: boolean): Promise<string> {
  const row = await db.get<{ body: string }>(sql.raw(LIST_SQL[which][includeHistory ? "history" : "plain"]));
  return row?.body ?? "[]";
}

export async function findBatchRow(db: Db, id: string): Promise<BatchRow | null> {
  return (await db.select().from(batches).where(eq(batches.id, id)).get()) ?? null;
}

function parseJsonText(text: unknown): unknown {
  if (typeof text !== "string" || text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The REST shape of one batch: its columns, JSON columns parsed, bookkeeping left out. */
export function presentBatch(row: BatchRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (HIDDEN.has(key)) continue;
    out[key] = JSON_TEXT.has(key) ? parseJsonText(value) : value;
  }
  return out;
}

/** Final rates of a strain's finished batches (stage ≥ 3), oldest first, any case of the name. */
export async function strainFinishedRates(db: Db, strain: string): Promise<number[]> {
  const rows = await db.all<{ rate: number }>(sql`SELECT cached_production_rate AS rate FROM batches
    WHERE strain = ${strain} COLLATE NOCASE AND stage >= ${STAGE_FINISHED} AND cached_production_rate > 0
    ORDER BY COALESCE(production_end_time, updated_at), id`);
  return rows.map((r) => r.rate);
}

/** Active batches waiting on testing, with when they entered the stage (newest stage audit row as fallback). */
export async function waitingOnTesting(db: Db) {
  return db.all<{ id: string; strain: string; stage: number; stage_entered_at: string | null }>(sql`SELECT id, strain, stage,
      COALESCE(stage_entered_at, (SELECT MAX(ts) FROM audit_log WHERE batch = batches.id AND field IN ('stage', 'stage_auto_advanced'))) AS stage_entered_at
    FROM batches WHERE archived = 0 AND stage = ${STAGE_WAITING_ON_TESTING}`);
}

export async function countBatchesWithIds(db: Db, ids: readonly string[]): Promise<number> {
  const row = await db.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM batches WHERE id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  return row?.n ?? 0;
}

export async function batchExists(db: Db, id: string): Promise<boolean> {
  return (
    (await db
      .select({ id: batches.id })
      .from(batches)
      .where(and(eq(batches.id, id)))
      .get()) !== undefined
  );
}
