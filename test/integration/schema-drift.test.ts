import { env } from "cloudflare:test";
import { is, SQL } from "drizzle-orm";
import { getTableConfig, type SQLiteColumn, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "../../src/db/schema";

/**
 * The drizzle schema in src/db/schema/ and the database the migrations build must describe the same tables:
 * columns (type, NOT NULL, default, primary key), indexes, UNIQUE constraints and foreign keys. Code typed by
 * the schema and SQL run against the migrated database would otherwise disagree without any test noticing.
 * CHECK constraints and collations are left out: SQLite's PRAGMAs do not report them.
 */

// What the platform and SQLite add to every database, not the app's tables.
const PLATFORM_TABLES = /^(sqlite_|_cf_|d1_migrations$)/;
// Columns drizzle fills in JavaScript ($defaultFn) that the migrations default to the same ISO instant in SQL.
const ISO_NOW_DEFAULT = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

type ColumnInfo = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
type IndexListRow = { name: string; unique: number; origin: "c" | "u" | "pk"; partial: number };
type ForeignKeyRow = { id: number; seq: number; table: string; from: string; to: string; on_delete: string };

const dialect = new SQLiteSyncDialect();
const tables = Object.values(schema).flatMap((value) => (is(value, SQLiteTable) ? [value] : []));

async function pragma<T>(statement: string): Promise<T[]> {
  return (await env.DB.prepare(statement).all<T>()).results;
}

/** A default as SQLite's PRAGMA table_info prints it. */
function defaultText(column: SQLiteColumn): string | null {
  const value: unknown = column.default;
  if (value === undefined || value === null) return column.defaultFn ? ISO_NOW_DEFAULT : null;
  if (is(value, SQL)) return dialect.sqlToQuery(value).sql;
  if (typeof value === "string") return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

function drizzleShape(table: SQLiteTable) {
  const config = getTableConfig(table);
  const compositeKey = config.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
  const columns = config.columns
    .map((column) => {
      const pkPosition = column.primary ? 1 : compositeKey.indexOf(column.name) + 1;
      // An INTEGER PRIMARY KEY is the rowid: NULL is never stored, whatever NOT NULL says.
      const rowid = pkPosition === 1 && compositeKey.length === 0 && column.getSQLType() === "integer";
      return {
        name: column.name,
        type: column.getSQLType().toUpperCase(),
        notNull: rowid ? "rowid" : column.notNull,
        default: defaultText(column),
        pk: pkPosition,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const indexes = config.indexes
    .map((index) => ({
      name: index.config.name,
      unique: Boolean(index.config.unique),
      columns: index.config.columns.map((c) => (is(c, SQL) ? dialect.sqlToQuery(c).sql : c.name)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const uniques = [
    ...config.columns.filter((c) => c.isUnique).map((c) => [c.name]),
    ...config.uniqueConstraints.map((u) => u.columns.map((c) => c.name)),
  ]
    .map((cols) => cols.join(","))
    .sort();
  const foreignKeys = config.foreignKeys
    .map((fk) => {
      const ref = fk.reference();
      return {
        from: ref.columns.map((c) => c.name).join(","),
        table: getTableConfig(ref.foreignTable).name,
        to: ref.foreignColumns.map((c) => c.name).join(","),
        onDelete: (fk.onDelete ?? "no action").toUpperCase(),
      };
    })
    .sort((a, b) => a.from.localeCompare(b.from));
  const autoIncrement = config.columns.some((c) => "autoIncrement" in c && c.autoIncrement === true);
  return { columns, indexes, uniques, foreignKeys, autoIncrement };
}

async function databaseShape(name: string) {
  const info = await pragma<ColumnInfo>(`PRAGMA table_info("${name}")`);
  const compositeKey = info.filter((c) => c.pk > 0).length > 1;
  const columns = info
    .map((column) => {
      const rowid = column.pk === 1 && !compositeKey && column.type.toUpperCase() === "INTEGER";
      return {
        name: column.name,
        type: column.type.toUpperCase(),
        notNull: rowid ? "rowid" : column.notnull === 1,
        default: column.dflt_value,
        pk: column.pk,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const indexList = await pragma<IndexListRow>(`PRAGMA index_list("${name}")`);
  const indexColumns = async (index: string) =>
    (await pragma<{ seqno: number; name: string }>(`PRAGMA index_info("${index}")`)).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
  const indexes = [];
  const uniques = [];
  for (const index of indexList) {
    const cols = await indexColumns(index.name);
    if (index.origin === "c") indexes.push({ name: index.name, unique: index.unique === 1, columns: cols });
    else if (index.origin === "u") uniques.push(cols.join(","));
  }
  const fkRows = await pragma<ForeignKeyRow>(`PRAGMA foreign_key_list("${name}")`);
  const foreignKeys = [...new Set(fkRows.map((r) => r.id))]
    .map((id) => {
      const parts = fkRows.filter((r) => r.id === id).sort((a, b) => a.seq - b.seq);
      return {
        from: parts.map((p) => p.from).join(","),
        table: parts[0]?.table ?? "",
        to: parts.map((p) => p.to).join(","),
        onDelete: parts[0]?.on_delete.toUpperCase() ?? "",
      };
    })
    .sort((a, b) => a.from.localeCompare(b.from));
  const sql = await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").bind(name).first<string>("sql");
  const autoIncrement = /\bAUTOINCREMENT\b/i.test(sql ?? "");
  return {
    columns,
    indexes: indexes.sort((a, b) => a.name.localeCompare(b.name)),
    uniques: uniques.sort(),
    foreignKeys,
    autoIncrement,
  };
}

describe("drizzle schema and migrations", () => {
  it("name the same tables", async () => {
    const inDatabase = (await pragma<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
      .map((t) => t.name)
      .filter((name) => !PLATFORM_TABLES.test(name));
    expect(tables.map((t) => getTableConfig(t).name).sort()).toEqual(inDatabase);
  });

  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))("agree on table %s", async (name, table) => {
    expect(drizzleShape(table)).toEqual(await databaseShape(name));
  });
});
