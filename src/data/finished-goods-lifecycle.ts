/** Creating and permanently deleting packages; both write their history row in the same batch. */
import { sql } from "drizzle-orm";
import type { PackageRow } from "../domain/package-view";
import type { Db } from "../env";
import { rowsOf, runNamedBatch } from "./d1-batch";
import { historyRowIfChanged } from "./finished-goods-changes";
import { PACKAGE_COLUMNS } from "./finished-goods-sql";

type NewPackage = { metrc_number: string; strain: string; grams: number; notes: string | null; source_batch_id: string | null };

/** The new row, or null when a package with that METRC tag already exists. */
export async function insertPackage(db: Db, pkg: NewPackage, details: Record<string, unknown>, now: Date): Promise<PackageRow | null> {
  const at = now.toISOString();
  const written = await runNamedBatch(db, {
    inserted:
      rowsOf<PackageRow>(sql`INSERT INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date, notes, source_batch_id)
      VALUES (${pkg.metrc_number}, ${pkg.strain}, ${pkg.grams}, ${pkg.grams}, 'active', ${at}, ${at}, ${pkg.notes},
        (SELECT id FROM batches WHERE id = ${pkg.source_batch_id}))
      ON CONFLICT (metrc_number) DO NOTHING RETURNING ${PACKAGE_COLUMNS}`),
    history: historyRowIfChanged(pkg.metrc_number, "created", { ...details, grams: pkg.grams, grams_changed: pkg.grams }, at),
  });
  return written.inserted.rows[0] ?? null;
}

/**
 * Deletes the package and, with it, its holds (the cascade made explicit). The history row is
 * written first, while the package still exists; history outlives the package.
 */
export async function deletePackage(
  db: Db,
  metrc: string,
  details: Record<string, unknown>,
  now: Date,
): Promise<{ deleted: boolean; holdsReleased: number }> {
  const at = now.toISOString();
  const written = await runNamedBatch(db, {
    holds: sql`DELETE FROM wholesale_holds WHERE metrc_number = ${metrc} RETURNING id`,
    history: sql`INSERT INTO finished_goods_history (metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details)
      SELECT metrc_number, ${at}, 'deleted', current_grams, grams_ordered, grams_packed, grams_fulfilled, status,
        json_set(${JSON.stringify({ ...details, grams_changed: 0 })}, '$.holds_released', changes())
      FROM finished_goods WHERE metrc_number = ${metrc}`,
    package: sql`DELETE FROM finished_goods WHERE metrc_number = ${metrc} RETURNING metrc_number`,
  });
  return { deleted: written.package.rows.length > 0, holdsReleased: written.holds.rows.length };
}
