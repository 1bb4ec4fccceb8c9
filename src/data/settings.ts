import { inArray } from "drizzle-orm";
import { settings } from "../db/schema";
import type { Db } from "../env";

/** Reads several JSON settings in one query; absent keys are missing from the result. */
export async function readSettings(db: Db, keys: readonly string[]): Promise<Record<string, unknown>> {
  const rows = await db
    .select()
    .from(settings)
    .where(inArray(settings.key, [...keys]));
  const out: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      out[row.key] = JSON.parse(row.value);
    } catch {
      // A corrupt value reads as unset so that defaults apply instead of a 500.
    }
  }
  return out;
}

export async function readSetting(db: Db, key: string): Promise<unknown> {
  return (await readSettings(db, [key]))[key];
}

export function writeSettingStatement(db: Db, key: string, value: unknown, now: Date) {
  const text = JSON.stringify(value);
  const at = now.toISOString();
  return db
    .insert(settings)
    .values({ key, value: text, updated_at: at })
    .onConflictDoUpdate({ target: settings.key, set: { value: text, updated_at: at } });
}

export async function writeSettings(db: Db, values: Record<string, unknown>, now: Date): Promise<void> {
  const statements = Object.entries(values).map(([key, value]) => writeSettingStatement(db, key, value, now));
  const [first, ...rest] = statements;
  if (!first) return;
  await db.batch([first, ...rest]);
}
