import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type packingItems, storeAliases } from "../db/schema";
import {
  assignNeedsProduction,
  DEFAULT_PACKING_SETTINGS,
  isNewOrder,
  needsPacking,
  type PackingSettings,
  SYNC_INTERVAL_BOUNDS,
} from "../domain/packing";
import { normalizeStrain } from "../domain/product-name";
import type { Db } from "../env";
import { namedList, runNamedBatch } from "./d1-batch";
import { heldGramsOf } from "./finished-goods-sql";
import { recomputePackagesStatements } from "./packing-grams";
import { readSetting } from "./settings";

const PACKING_SETTINGS_KEY = "packing_settings";

const StoredSettings = z.object({
  excluded_statuses: z.array(z.string().max(200)).max(50),
  excluded_products: z.array(z.string().max(500)).max(500),
  include_3rd_party_products: z.boolean(),
  auto_complete_statuses: z.array(z.string().max(200)).max(50),
  initial_sync_date: z
    .string()
    .max(40)
    .refine((v) => !Number.isNaN(Date.parse(v))),
  apex_status_writeback: z.boolean(),
  apex_packed_status_name: z.string().max(200),
  inventory_push_enabled: z.boolean(),
  seller_license_number: z.string().max(100),
  apex_poll_interval_seconds: z
    .number()
    .int()
    .min(SYNC_INTERVAL_BOUNDS.apex_poll_interval_seconds.min)
    .max(SYNC_INTERVAL_BOUNDS.apex_poll_interval_seconds.max),
  apex_min_write_interval_seconds: z
    .number()
    .int()
    .min(SYNC_INTERVAL_BOUNDS.apex_min_write_interval_seconds.min)
    .max(SYNC_INTERVAL_BOUNDS.apex_min_write_interval_seconds.max),
});

/** Stored values win where valid; anything missing or corrupt falls back to its default. */
export async function readPackingSettings(db: Db): Promise<PackingSettings> {
  const stored = await readSetting(db, PACKING_SETTINGS_KEY);
  const out: PackingSettings = { ...DEFAULT_PACKING_SETTINGS };
  if (typeof stored !== "object" || stored === null) return out;
  for (const key of Object.keys(StoredSettings.shape) as (keyof PackingSettings)[]) {
    const parsed = StoredSettings.shape[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) (out as Record<string, unknown>)[key] = parsed.data;
  }
  return out;
}

/** Merges changed settings into the stored object in SQL (JSON merge patch): concurrent edits of different keys both land. */
export function patchPackingSettingsStatement(changes: Partial<PackingSettings>, now: Date): SQL {
  const at = now.toISOString();
  const patch = JSON.stringify(changes);
  return sql`INSERT INTO settings (key, value, updated_at) VALUES (${PACKING_SETTINGS_KEY}, ${patch}, ${at})
    ON CONFLICT (key) DO UPDATE SET value = json_patch(CASE WHEN json_valid(settings.value) THEN settings.value ELSE '{}' END, excluded.value),
      updated_at = excluded.updated_at`;
}

/** A packing line as stored, joined with its order's status and its store alias. */
type LineRecord = typeof packingItems.$inferSelect & {
  store_alias: string | null;
  order_status: string | null;
  order_excluded: number | null;
};

const LINE_SELECT = sql`SELECT p.*, a.display_name AS store_alias, o.order_status AS order_status, o.excluded AS order_excluded
  FROM packing_items p
  LEFT JOIN apex_orders o ON o.id = p.order_id
  LEFT JOIN store_aliases a ON a.buyer_company = p.buyer_company AND p.buyer_company <> ''`;

/** Open lines: their order has not been completed here. Excluded orders' lines come too (filter `all`). */
export async function readOpenLines(db: Db, where?: { strainKey?: string; orderId?: number }) {
  const filters = [sql`(o.completed_at IS NULL)`];
  if (where?.strainKey !== undefined) filters.push(sql`p.strain_key = ${where.strainKey}`);
  if (where?.orderId !== undefined) filters.push(sql`p.order_id = ${where.orderId}`);
  return db.all<LineRecord>(sql`${LINE_SELECT} WHERE ${sql.join(filters, sql` AND `)} ORDER BY p.order_date, p.id`);
}

export async function readLine(db: Db, id: number): Promise<LineRecord | null> {
  return (await db.get<LineRecord>(sql`${LINE_SELECT} WHERE p.id = ${id}`)) ?? null;
}

/** Unpacked grams on the shelf per strain: effective − packed − held over active packages. */
export async function shelfGramsByStrain(db: Db): Promise<Map<string, number>> {
  const rows = await db.all<{ strain: string; grams: number }>(sql`
    SELECT strain, COALESCE(physical_grams_override, current_grams) - grams_packed - ${heldGramsOf("finished_goods")} AS grams
    FROM finished_goods WHERE status IN ('active', 'depleted')`);
  const out = new Map<string, number>();
  for (const r of rows) {
    const key = normalizeStrain(r.strain);
    out.set(key, (out.get(key) ?? 0) + Math.max(0, r.grams));
  }
  return out;
}

/** The JSON shape of one line for the page: stored fields plus what the rules compute. */
function lineView(line: LineRecord, needsProduction: number, now: Date) {
  const { store_alias, order_excluded, ...row } = line;
  return {
    ...row,
    store_name: store_alias ?? row.store_name,
    store_name_apex: row.store_name,
    is_new: isNewOrder(row.order_date, now),
    needs_packing: needsPacking(row),
    needs_production: needsProduction,
    order_excluded: order_excluded === 1,
  };
}
export type LineView = ReturnType<typeof lineView>;

/** Every open line with `needs_production` computed across all active lines (oldest first). */
export async function readLineViews(db: Db, now: Date, where?: { strainKey?: string; orderId?: number }): Promise<LineView[]> {
  const [lines, shelf] = await Promise.all([
    readOpenLines(db, where?.strainKey === undefined ? undefined : { strainKey: where.strainKey }),
    shelfGramsByStrain(db),
  ]);
  const competing = lines.filter((l) => l.order_excluded !== 1);
  const production = assignNeedsProduction(competing, shelf);
  return lines
    .filter((l) => where?.orderId === undefined || l.order_id === where.orderId)
    .map((l) => lineView(l, production.get(l.id) ?? 0, now));
}

type LinePatch = {
  packed?: number | undefined;
  initials?: string | undefined;
  notes?: string | undefined;
  delivery_date?: string | undefined;
  delivery_notes?: string | undefined;
  internal_notes?: string | undefined;
  batch_name?: string | undefined;
};

const TEXT_FIELDS = ["initials", "notes", "delivery_date", "delivery_notes", "internal_notes"] as const;

/**
 * Field-level update (concurrent edits of different fields never overwrite each other), guarded
 * so that `packed` never exceeds `ordered` and, when `version` is given, nobody changed the line
 * since. The packages the line pointed to, before and after, are recomputed in the same batch.
 */
export async function updateLine(db: Db, id: number, patch: LinePatch, previousBatch: string, version: number | undefined, now: Date) {
  const sets: SQL[] = [sql`version = version + 1`, sql`last_updated = ${now.toISOString()}`];
  for (const key of TEXT_FIELDS) {
    const value = patch[key];
    if (value !== undefined) sets.push(sql`${sql.identifier(key)} = ${value}`);
  }
  if (patch.packed !== undefined) sets.push(sql`packed = ${patch.packed}`, sql`synced_packed = ${patch.packed}`);
  if (patch.batch_name !== undefined) {
    // A scan verified the package the line had; another package needs its own scan.
    const keep = sql`batch_name = ${patch.batch_name} AND ${patch.batch_name} <> ''`;
    sets.push(
      sql`verified_tag = CASE WHEN ${keep} THEN verified_tag ELSE '' END`,
      sql`verified_by = CASE WHEN ${keep} THEN verified_by ELSE '' END`,
      sql`verified_at = CASE WHEN ${keep} THEN verified_at ELSE NULL END`,
    );
  }
  if (patch.batch_name) sets.push(sql`batch_name = ${patch.batch_name}`, sql`metrc_source = 'manual'`);
  if (patch.batch_name === "") {
    // Clearing an override falls back to the METRC label Apex gave the order line, if any.
    const apexLabel = sql`COALESCE((SELECT i.batch_name FROM apex_order_items i WHERE i.order_id = packing_items.order_id
      AND i.product_name = packing_items.product_name AND i.batch_name <> '' LIMIT 1), '')`;
    sets.push(sql`batch_name = ${apexLabel}`, sql`metrc_source = CASE WHEN ${apexLabel} <> '' THEN 'apex' ELSE '' END`);
  }
  const guards = [sql`id = ${id}`];
  if (patch.packed !== undefined) guards.push(sql`ordered >= ${patch.packed}`);
  if (version !== undefined) guards.push(sql`version = ${version}`);
  const packages = sql`SELECT ${previousBatch} UNION SELECT batch_name FROM packing_items WHERE id = ${id}`;
  const written = await runNamedBatch(db, {
    line: sql`UPDATE packing_items SET ${sql.join(sets, sql`, `)} WHERE ${sql.join(guards, sql` AND `)} RETURNING id`,
    ...namedList("recompute", recomputePackagesStatements(packages, now, "packing edit")),
  });
  return written.line.rows.length > 0;
}

/** Completed lines, newest completion first; `range` limits to one week. */
export async function readArchive(db: Db, range: { from: string; to: string } | null, limit = 5000) {
  const where = range ? sql`WHERE completion_date >= ${range.from} AND completion_date < ${range.to}` : sql``;
  return db.all<Record<string, unknown> & { completion_date: string }>(
    sql`SELECT * FROM packing_items_archive ${where} ORDER BY completion_date DESC, id DESC LIMIT ${limit}`,
  );
}

export async function listStoreAliases(db: Db) {
  const [aliases, stores] = await Promise.all([
    db.select().from(storeAliases).orderBy(storeAliases.buyer_company),
    db.all<{ buyer_company: string }>(sql`SELECT DISTINCT buyer_company FROM apex_orders WHERE buyer_company <> '' ORDER BY buyer_company`),
  ]);
  return { aliases, stores: stores.map((s) => s.buyer_company) };
}

export function upsertStoreAliasStatement(db: Db, buyerCompany: string, displayName: string, now: Date) {
  const at = now.toISOString();
  return db
    .insert(storeAliases)
    .values({ buyer_company: buyerCompany, display_name: displayName, updated_at: at })
    .onConflictDoUpdate({ target: storeAliases.buyer_company, set: { display_name: displayName, updated_at: at } })
    .returning();
}
