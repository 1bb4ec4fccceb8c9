/**
 * Just enough of D1 for the backup dump to run in Node: the statements dumpDatabase issues, over
 * in-memory tables. Rows are arrays in rowid order; rowids are 1..n.
 */
export type FakeTable = { columns: string[]; rows: unknown[][] };

export function fakeD1(tables: Record<string, FakeTable>, sequences: { name: string; seq: number }[] = []): D1Database {
  const schema = Object.entries(tables).map(([name, t]) => ({
    type: "table",
    name,
    tbl_name: name,
    sql: `CREATE TABLE "${name}" (${t.columns.join(", ")})`,
  }));
  const statement = (sql: string, args: unknown[] = []) => ({
    bind: (...next: unknown[]) => statement(sql, next),
    async all() {
      if (sql.includes("FROM sqlite_master WHERE sql IS NOT NULL")) return { results: schema };
      if (sql.includes("FROM sqlite_sequence")) return { results: sequences };
      if (sql.includes("FROM d1_migrations")) return { results: [] };
      throw new Error(`fake D1 cannot run: ${sql}`);
    },
    async first() {
      if (sql.includes("name = 'sqlite_sequence'")) return sequences.length ? { present: 1 } : null;
      throw new Error(`fake D1 cannot run: ${sql}`);
    },
    async raw() {
      const name = /FROM "([^"]+)"/.exec(sql)?.[1] ?? "";
      const table = tables[name];
      if (!table) throw new Error(`no such table ${name}`);
      const [after, limit] = sql.includes("WHERE (rowid) > (?2)") ? [Number(args[1]), Number(args[0])] : [0, Number(args[0])];
      const rows = table.rows.slice(after, after + limit).map((row, i) => [after + i + 1, ...row]);
      return [["__backup_key0", ...table.columns], ...rows];
    },
  });
  return { prepare: (sql: string) => statement(sql) } as unknown as D1Database;
}
