/**
 * Test data for backup round trips: fills EVERY app table of the live schema with rows that satisfy
 * its constraints, read from the schema itself (CHECK ... IN lists, foreign keys, primary keys), so
 * tables and columns added by later migrations are covered without editing this file.
 * Values are deliberately awkward: full-precision doubles, quotes, unicode, emoji, newlines, NULLs.
 */
type Column = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number };
type ForeignKey = { table: string; from: string; to: string | null };

const SIZES = ["0_5", "0_7", "1_0"];
const AWKWARD = [
  "plain",
  'it\'s "quoted"',
  "ünïcödé 日本語",
  "emoji 🌿🔥",
  "line\nbreak\ttab",
  "back\\slash",
  "'; DROP TABLE batches; --",
  "",
];

export async function appTables(d1: D1Database): Promise<string[]> {
  const { results } = await d1
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE '\\_restore\\_%' ESCAPE '\\' AND name != 'd1_migrations' ORDER BY name",
    )
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(17);
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** The column definitions of a CREATE TABLE statement, split at top-level commas. */
function definitionsOf(tableSql: string): string[] {
  const body = tableSql.slice(tableSql.indexOf("(") + 1, tableSql.lastIndexOf(")"));
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    else if (!quoted && depth === 0 && ch === ",") {
      parts.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(body.slice(start).trim());
  return parts.map((p) => p.replace(/\s+/g, " "));
}

/** The column's own constraint text, e.g. `stage INTEGER NOT NULL DEFAULT 0 CHECK (stage BETWEEN 0 AND 7)`. */
function definitionOf(definitions: string[], column: string): string {
  return definitions.find((d) => d.replace(/"/g, "").split(" ")[0] === column) ?? "";
}

/** Values a CHECK allows when it lists them: `IN ('a', 'b')` or `= 1`. */
function allowedValues(definition: string): unknown[] | null {
  const check = definition.slice(Math.max(0, definition.search(/\bCHECK\b/i)));
  const equals = /CHECK\s*\(\s*"?\w+"?\s*=\s*(\d+)\s*\)/i.exec(check);
  if (equals?.[1]) return [Number(equals[1])];
  const match = /\bIN\s*\(([^)]*)\)/i.exec(check);
  if (!match?.[1]) return null;
  return match[1].split(",").map((v) => {
    const t = v.trim();
    return t.startsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : Number(t);
  });
}

const OMIT = Symbol("omit");

function valueFor(table: string, column: Column, i: number, definitions: string[], parentKeys: unknown[] | undefined): unknown {
  const definition = definitionOf(definitions, column.name);
  const hasCheck = /\bCHECK\b/i.test(definition);
  const choices = hasCheck ? allowedValues(definition) : null;
  const type = column.type.toUpperCase();
  if (parentKeys) return parentKeys.length ? parentKeys[i % parentKeys.length] : OMIT;
  if (column.pk) {
    if (choices) return choices[i % choices.length];
    return type.includes("INT") ? 100_000 + i : `${table.slice(0, 12)}:${i} ${AWKWARD[i % AWKWARD.length]}`;
  }
  if (hasCheck) {
    if (choices) return !column.notnull && i % 4 === 0 ? null : choices[i % choices.length];
    if (column.dflt_value !== null) return OMIT;
    if (!column.notnull) return null;
    // Remaining checks in this schema are ">= 0" and "> 0".
    return type.includes("INT") ? 1 + (i % 7) : 0.5 + (i % 40) + Math.random();
  }
  if (!column.notnull && i % 5 === 0) return null;
  if (type.includes("INT")) return i * 7919 - 3_000_000;
  if (type.includes("REAL") || type.includes("NUM")) return (Math.random() - 0.3) * 10 ** ((i % 9) - 3);
  return `${column.name} #${i} ${AWKWARD[i % AWKWARD.length]}`;
}

async function foreignKeys(d1: D1Database, table: string): Promise<ForeignKey[]> {
  return (await d1.prepare('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?1)').bind(table).all<ForeignKey>()).results;
}

/** Parents before children, so foreign keys can point at rows that exist. */
function orderByDependencies(tables: string[], fks: Map<string, ForeignKey[]>): string[] {
  const out: string[] = [];
  const visit = (t: string, path: Set<string>) => {
    if (out.includes(t) || path.has(t)) return;
    path.add(t);
    for (const fk of fks.get(t) ?? []) if (fk.table !== t) visit(fk.table, path);
    out.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return out;
}

/** Inserts about `totalRows` rows spread over every app table; returns the row count of the database. */
export async function seedEveryTable(d1: D1Database, totalRows: number): Promise<number> {
  const tables = await appTables(d1);
  const fks = new Map<string, ForeignKey[]>();
  for (const t of tables) fks.set(t, await foreignKeys(d1, t));
  // Tables whose key admits only a few values take fewer rows; the others make up the difference.
  const perTable = Math.ceil((totalRows * 1.1) / tables.length);
  for (const table of orderByDependencies(tables, fks)) {
    const tableSql = (await d1.prepare("SELECT sql FROM sqlite_master WHERE name = ?1").bind(table).first<{ sql: string }>())?.sql ?? "";
    const definitions = definitionsOf(tableSql);
    const columns = (await d1.prepare('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?1)').bind(table).all<Column>())
      .results;
    const parents = new Map<string, unknown[]>();
    for (const fk of fks.get(table) ?? []) {
      const to = fk.to ?? "rowid";
      const { results } = await d1.prepare(`SELECT "${to}" AS k FROM "${fk.table}" ORDER BY rowid LIMIT 500`).all<{ k: unknown }>();
      parents.set(
        fk.from,
        results.map((r) => r.k),
      );
    }
    // A single-column key limited by a CHECK (inventory sizes, the one packing_metadata row) takes few rows.
    const keys = columns.filter((c) => c.pk);
    const limited = keys.length === 1 && keys[0] ? allowedValues(definitionOf(definitions, keys[0].name)) : null;
    const count = limited ? limited.length : perTable;
    const rows: string[] = [];
    let names: string[] = [];
    for (let i = 0; i < count; i++) {
      const values = columns.map((c) => valueFor(table, c, i, definitions, parents.get(c.name)));
      names = columns.filter((_, k) => values[k] !== OMIT).map((c) => `"${c.name}"`);
      rows.push(
        `(${values
          .filter((v) => v !== OMIT)
          .map(sqlLiteral)
          .join(", ")})`,
      );
    }
    const statements: D1PreparedStatement[] = [];
    let chunk: string[] = [];
    let length = 0;
    const push = () => {
      if (chunk.length) statements.push(d1.prepare(`INSERT OR IGNORE INTO "${table}" (${names.join(", ")}) VALUES ${chunk.join(", ")}`));
      chunk = [];
      length = 0;
    };
    for (const row of rows) {
      if (length + row.length > 80_000) push();
      chunk.push(row);
      length += row.length;
    }
    push();
    for (let i = 0; i < statements.length; i += 50) await d1.batch(statements.slice(i, i + 50));
  }
  let total = 0;
  for (const t of tables) total += (await d1.prepare(`SELECT count(*) AS n FROM "${t}"`).first<{ n: number }>())?.n ?? 0;
  return total;
}

/** rowid, or the primary key of a WITHOUT ROWID table. */
async function rowOrderOf(d1: D1Database, table: string): Promise<string> {
  const entry = await d1.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1").bind(table).first<{ sql: string }>();
  if (!/\bWITHOUT\s+ROWID\b/i.test(entry?.sql ?? "")) return "rowid";
  const { results } = await d1
    .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
    .bind(table)
    .all<{ name: string }>();
  return results.map((r) => `"${r.name}"`).join(", ");
}

/** Every row of every app table with each value's SQLite storage class, in rowid (or primary key) order. */
export async function fingerprint(d1: D1Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of await appTables(d1)) {
    const columns = (await d1.prepare("SELECT name FROM pragma_table_info(?1)").bind(table).all<{ name: string }>()).results.map(
      (c) => `"${c.name}"`,
    );
    // One column of storage classes: D1 allows 100 columns in a result.
    const typed = columns.map((c) => `substr(typeof(${c}), 1, 1)`).join(" || ");
    const rows = await d1.prepare(`SELECT ${columns.join(", ")}, ${typed} FROM "${table}" ORDER BY ${await rowOrderOf(d1, table)}`).raw();
    out[table] = JSON.stringify(rows);
  }
  const schema = await d1
    .prepare(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND sql IS NOT NULL ORDER BY type, name",
    )
    .raw();
  out.__schema = JSON.stringify(schema);
  return out;
}

/** Drops every table (d1_migrations too): the empty database a fresh restore rebuilds. */
export async function dropEverything(d1: D1Database): Promise<void> {
  const { results } = await d1
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'",
    )
    .all<{ name: string }>();
  const drops = results.map((r) => d1.prepare(`DROP TABLE "${r.name}"`));
  await d1.batch([d1.prepare("PRAGMA defer_foreign_keys = ON"), ...drops]);
}

export { SIZES };
