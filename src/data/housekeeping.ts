/** Deletes expired and old rows in bounded slices, so a big backlog never makes one long statement. */
import { type SQL, sql } from "drizzle-orm";
import type { HousekeepingCutoffs } from "../domain/housekeeping";
import type { Db } from "../env";

const SLICE_ROWS = 1000;
/** At most this many slices per table and run; what is left goes next run. */
const MAX_SLICES = 200;

type Rule = { table: string; key: string; where: SQL };

function rulesFor(cutoffs: HousekeepingCutoffs): Rule[] {
  return [
    // A revoked or expired session can never sign anyone in again; a missing row is refused the same way.
    { table: "sessions", key: "id", where: sql`revoked_at IS NOT NULL OR expires_at <= ${cutoffs.expiredBefore}` },
    { table: "password_reset_tokens", key: "token_hash", where: sql`used_at IS NOT NULL OR expires_at <= ${cutoffs.expiredBefore}` },
    { table: "rate_limit_hits", key: "rowid", where: sql`window_start < ${cutoffs.rateLimitWindowsBeforeMs}` },
    { table: "idempotency_keys", key: "key", where: sql`created_at < ${cutoffs.idempotencyKeysBefore}` },
    // The newest run of each job stays, however old: status pages show when a job last ran.
    {
      table: "job_runs",
      key: "id",
      where: sql`started_at < ${cutoffs.jobRunsBefore} AND id NOT IN (SELECT MAX(id) FROM job_runs GROUP BY job)`,
    },
  ];
}

async function pruneTable(db: Db, { table, key, where }: Rule): Promise<number> {
  let deleted = 0;
  for (let slice = 0; slice < MAX_SLICES; slice++) {
    const t = sql.raw(table);
    const k = sql.raw(key);
    const result = await db.run(sql`DELETE FROM ${t} WHERE ${k} IN (SELECT ${k} FROM ${t} WHERE ${where} LIMIT ${SLICE_ROWS})`);
    const changes = result.meta.changes ?? 0;
    deleted += changes;
    if (changes < SLICE_ROWS) break;
  }
  return deleted;
}

/** Rows deleted per table. */
export async function pruneExpiredRows(db: Db, cutoffs: HousekeepingCutoffs): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const rule of rulesFor(cutoffs)) deleted[rule.table] = await pruneTable(db, rule);
  return deleted;
}
