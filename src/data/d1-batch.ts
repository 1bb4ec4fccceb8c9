import type { SQL } from "drizzle-orm";
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../env";

/** A drizzle `sql` fragment or a query builder (anything with `toSQL()`). */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteAsyncDialect();

/** drizzle(d1) keeps the binding as `$client`; the app's Db type does not spell it out. */
export function d1Of(db: Db): D1Database {
  return (db as Db & { $client: D1Database }).$client;
}

function toD1(db: Db, statement: Statement): D1PreparedStatement {
  const query = "toSQL" in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
  return d1Of(db)
    .prepare(query.sql)
    .bind(...query.params);
}

/**
 * Runs statements as one D1 batch (one transaction: all or nothing). drizzle 0.45's `db.batch()`
 * cannot take raw `sql` with parameters (its SQLiteRaw has no prepared statement), so multi-row
 * writes built from `sql` go through here. Rows from `RETURNING` are in each result's `results`.
 */
export async function runBatch<Row = Record<string, unknown>>(db: Db, statements: readonly Statement[]): Promise<D1Result<Row>[]> {
  if (statements.length === 0) return [];
  return d1Of(db).batch<Row>(statements.map((s) => toD1(db, s)));
}

type Prepared = { getQuery(): { sql: string; params: unknown[] }; mapResult(result: unknown, isFromBatch?: boolean): unknown };
type Preparable = { _prepare(): Prepared };

/**
 * `db.batch` for drizzle queries that include raw `db.all(sql…)` / `db.run(sql…)` with parameters:
 * prepares every statement on the D1 binding itself and lets each query map its own result, exactly
 * as drizzle's batch would (same bug as above).
 */
export async function runMappedBatch<T extends readonly [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]>(
  db: Db,
  items: T,
): Promise<BatchResponse<T>> {
  const prepared = items.map((item) => (item as unknown as Preparable)._prepare());
  const statements = prepared.map((p) => {
    const query = p.getQuery();
    return d1Of(db)
      .prepare(query.sql)
      .bind(...query.params);
  });
  const results = await d1Of(db).batch(statements);
  return results.map((result, i) => prepared[i]?.mapResult(result, true)) as BatchResponse<T>;
}
