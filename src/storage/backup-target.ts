import type { HeaderRecord } from "../domain/backup-records";
import { isInternalTable, quoteIdent, STAGING_PREFIX } from "../domain/backup-records";

/** A restore that must not go ahead; the message says why and what to do. */
export class RestoreRefusedError extends Error {
  override name = "RestoreRefusedError";
}

type TargetState = { tables: Set<string>; migrations: string[]; staging: string[] };

export async function columnsOf(d1: D1Database, table: string): Promise<string[]> {
  const [names] = await d1.prepare(`SELECT * FROM ${quoteIdent(table)} LIMIT 0`).raw({ columnNames: true });
  return names;
}

/** The database a backup would be restored into: its tables, migrations and leftover staging tables. */
export async function inspectTarget(d1: D1Database): Promise<TargetState> {
  const { results } = await d1.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").all<{ name: string }>();
  const tables = new Set<string>();
  const staging: string[] = [];
  for (const { name } of results) {
    if (name.startsWith(STAGING_PREFIX)) staging.push(name);
    else if (!isInternalTable(name)) tables.add(name);
  }
  const hasLedger = results.some((r) => r.name === "d1_migrations");
  const migrations = hasLedger
    ? (await d1.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>()).results.map((r) => r.name)
    : [];
  return { tables, migrations, staging };
}

export type RestoreMode = "fresh" | "replace";

/**
 * A database without app tables is rebuilt from the backup's own schema ("fresh"); otherwise its
 * schema must be the backup's (same migrations, same columns) and its rows are replaced.
 */
export function chooseRestoreMode(manifest: HeaderRecord, target: TargetState): RestoreMode {
  if (target.tables.size === 0) return "fresh";
  const ours = manifest.migrations.map((m) => m.name);
  if (ours.join("\n") !== target.migrations.join("\n")) {
    const last = (list: string[]) => list.at(-1) ?? "none";
    throw new RestoreRefusedError(
      `Schema mismatch: the backup was taken at migration ${last(ours)} (${ours.length} applied) but the database is at ${last(target.migrations)} (${target.migrations.length} applied). Restore into an empty database, then apply newer migrations.`,
    );
  }
  for (const table of manifest.tables) {
    if (!target.tables.has(table)) throw new RestoreRefusedError(`Schema mismatch: table ${table} is missing from the database`);
  }
  return "replace";
}

/** `countRows` as statements to run inside a batch, and the reader of their results. */
export function countStatements(d1: D1Database, tables: readonly string[]) {
  const slices: string[][] = [];
  for (let i = 0; i < tables.length; i += 90) slices.push(tables.slice(i, i + 90));
  return {
    statements: slices.map((slice) =>
      d1.prepare(`SELECT ${slice.map((t, j) => `(SELECT count(*) FROM ${quoteIdent(t)}) AS c${j}`).join(", ")}`),
    ),
    read(results: readonly D1Result[]): Map<string, number> {
      const out = new Map<string, number>();
      slices.forEach((slice, i) => {
        const row = (results[i]?.results[0] ?? {}) as Record<string, number>;
        slice.forEach((t, j) => {
          out.set(t, Number(row[`c${j}`] ?? 0));
        });
      });
      return out;
    },
  };
}

/** Row count of each table: one query per 90 tables (D1 allows 100 result columns, and few compound terms). */
export async function countRows(d1: D1Database, tables: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < tables.length; i += 90) {
    const slice = tables.slice(i, i + 90);
    const [counts] = await d1.prepare(`SELECT ${slice.map((t) => `(SELECT count(*) FROM ${quoteIdent(t)})`).join(", ")}`).raw<number[]>();
    slice.forEach((t, j) => {
      out.set(t, Number(counts?.[j] ?? 0));
    });
  }
  return out;
}
