import { Placeholder, type SQL } from "drizzle-orm";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";

const dialect = new SQLiteAsyncDialect();

type Slot = { name: string } | { value: unknown };

/**
 * A statement compiled once at load: SQLite numbered parameters (`?1`, `?2` …), one per distinct
 * `sql.placeholder()` name however often it repeats, so a rule that names a value twenty times
 * still binds it once and stays far under D1's 100-parameter limit. Hot paths bind it per call
 * on the D1 binding, with no query objects built.
 */
export type CompiledStatement = { readonly text: string; readonly slots: readonly Slot[] };

export function compileOnce(query: SQL | { getSQL(): SQL }): CompiledStatement {
  const { sql: text, params } = dialect.sqlToQuery("getSQL" in query ? query.getSQL() : query);
  const slots: Slot[] = [];
  const byName = new Map<string, number>();
  const numbers = params.map((param) => {
    if (param instanceof Placeholder) {
      let n = byName.get(param.name);
      if (n === undefined) {
        slots.push({ name: param.name });
        n = slots.length;
        byName.set(param.name, n);
      }
      return n;
    }
    slots.push({ value: param });
    return slots.length;
  });
  let i = 0;
  const numbered = text.replace(/\?/g, () => `?${numbers[i++]}`);
  // A literal "?" in the SQL text would shift every parameter: refuse it at load, not at run time.
  if (i !== numbers.length) throw new Error(`compileOnce: ${i} "?" in the text for ${numbers.length} parameters`);
  return { text: numbered, slots };
}

/** The compiled statement bound to this call's values (every placeholder name must be given). */
export function bindCompiled(d1: D1Database, statement: CompiledStatement, values: Readonly<Record<string, unknown>>): D1PreparedStatement {
  const args = statement.slots.map((slot) => {
    if (!("name" in slot)) return slot.value;
    const value = values[slot.name];
    if (value === undefined) throw new Error(`bindCompiled: no value for "${slot.name}"`);
    return value;
  });
  return d1.prepare(statement.text).bind(...args);
}
