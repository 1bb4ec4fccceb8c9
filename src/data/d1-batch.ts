import type { SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import type { Db } from "../env";

/** A drizzle `sql` fragment or a query builder (anything with `toSQL()`). */
export type Statement = SQL | { toSQL(): { sql: string; params: unknown[] } };

const dialect = new SQLiteAsyncDialect();

/** A statement already prepared on the D1 binding (hot paths bind compiled SQL themselves). */
function isPrepared(statement: Statement | D1PreparedStatement): statement is D1PreparedStatement {
  return "bind" in statement && "first" in statement;
}

/** drizzle(d1) keeps the binding as `$client`; the app's Db type does not spell it out. */
export function d1Of(db: Db): D1Database {
  return (db as Db & { $client: D1Database }).$client;
}

function toD1(db: Db, statement: Statement | D1PreparedStatement): D1PreparedStatement {
  if (isPrepared(statement)) return statement;
  const query = "toSQL" in statement ? statement.toSQL() : dialect.sqlToQuery(statement);
  return d1Of(db)
    .prepare(query.sql)
    .bind(...query.params);
}

/**
 * Runs statements as one D1 batch (one transaction: all or nothing). drizzle 0.45's `db.batch()`
 * cannot take raw `sql` with parameters (its SQLiteRaw has no prepared statement), so multi-row
 * writes built from `sql` go through here; `runNamedBatch` when results are read.
 */
export async function runBatch(db: Db, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  await d1Of(db).batch(statements.map((s) => toD1(db, s)));
}

/** Names a list of statements `<prefix> 0`, `<prefix> 1` … for `runNamedBatch`, in order. */
export function namedList(prefix: string, statements: readonly Statement[]): Record<string, Statement> {
  return Object.fromEntries(statements.map((s, i) => [`${prefix} ${i}`, s]));
}

/** A statement whose rows read as `Row` (the type rides along; D1 answers plain objects). */
const QUERY = Symbol("query");
export type Query<Row> = { readonly [QUERY]: Statement | D1PreparedStatement; readonly row?: Row };

export function rowsOf<Row>(statement: Statement | D1PreparedStatement): Query<Row> {
  return { [QUERY]: statement };
}

type Named = Record<string, Statement | D1PreparedStatement | Query<unknown>>;
type RowOf<S> = S extends Query<infer Row> ? Row : Record<string, unknown>;
/** Each statement's rows (from SELECT or RETURNING) and the rows it changed, under its own name. */
type NamedResults<Q extends Named> = { [K in keyof Q]: { rows: RowOf<Q[K]>[]; changes: number } };

/**
 * Runs named statements as one D1 batch (one transaction: all or nothing), in the order they are
 * listed, and answers each statement's result under its name: readers never count positions.
 * Names must not look like integers (JavaScript would list those first).
 */
export async function runNamedBatch<Q extends Named>(db: Db, statements: Q): Promise<NamedResults<Q>> {
  const names = Object.keys(statements);
  const prepared = names.map((name) => {
    const entry = statements[name] as Statement | D1PreparedStatement | Query<unknown>;
    return toD1(db, QUERY in entry ? entry[QUERY] : entry);
  });
  const results = await d1Of(db).batch(prepared);
  const named: Record<string, { rows: unknown[]; changes: number }> = {};
  names.forEach((name, i) => {
    named[name] = { rows: results[i]?.results ?? [], changes: results[i]?.meta.changes ?? 0 };
  });
  return named as NamedResults<Q>;
}
