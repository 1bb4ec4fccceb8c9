/**
 * `db.batch` for statements that include raw `db.all(sql…)` / `db.run(sql…)` with parameters.
 * drizzle-orm 0.45's D1 session binds raw statements through a prepared `stmt` they do not have
 * ("Cannot read properties of undefined (reading 'bind')"), so this prepares every statement on the
 * D1 binding itself and lets each query map its own result, exactly as drizzle's batch would.
 */
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { Db } from "../env";

type Prepared = { getQuery(): { sql: string; params: unknown[] }; mapResult(result: unknown, isFromBatch?: boolean): unknown };
type Preparable = { _prepare(): Prepared };

function clientOf(db: Db): D1Database {
  return (db as Db & { $client: D1Database }).$client;
}

export async function runBatch<T extends readonly [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>(
  db: Db,
  items: T,
): Promise<BatchResponse<T>> {
  const client = clientOf(db);
  const prepared = items.map((item) => (item as unknown as Preparable)._prepare());
  const statements = prepared.map((p) => {
    const query = p.getQuery();
    return client.prepare(query.sql).bind(...query.params);
  });
  const results = await client.batch(statements);
  return results.map((result, i) => prepared[i]?.mapResult(result, true)) as BatchResponse<T>;
}
