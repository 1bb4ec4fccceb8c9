import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../env";

/** A drizzle `sql` fragment or a query builder (anything with `toSQL()`). */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteAsyncDialect();

/** drizzle(d1) keeps the binding as `$client`; the app's Db type does not spell it out. */
function clientOf(db: Db): D1Database {
  return (db as Db & { $client: D1Database }).$client;
}

function toD1(db: Db, statement: Statement): D1PreparedStatement {
  const query = "toSQL" in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
  return clientOf(db)
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
  return clientOf(db).batch<Row>(statements.map((s) => toD1(db, s)));
}
