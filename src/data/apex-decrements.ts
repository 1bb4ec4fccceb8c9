/**
 * Idempotent Apex sale decrements (rules §12.5): one guarded UPDATE records the idempotency key in
 * `processed_decrements` and, for manual-unit SKUs, lowers manual_units. A key already in the ledger,
 * or more units than the SKU has, leaves the row untouched.
 */
import { type SQL, sql } from "drizzle-orm";
import type { PackageRow } from "../domain/package-view";
import type { Db } from "../env";
import { rowsOf, runNamedBatch } from "./d1-batch";
import { historyRowIfChanged } from "./finished-goods-changes";
import { freeUnitsOf, jsonKeyPath, manualUnitsSetting, PACKAGE_COLUMNS, type SkuRef } from "./finished-goods-sql";

type DecrementOutcome =
  | { kind: "not_found" }
  | { kind: "duplicate" }
  | { kind: "insufficient"; before: PackageRow }
  | { kind: "applied"; before: PackageRow; after: PackageRow };

const LEDGER = sql.raw("CASE WHEN json_valid(processed_decrements) THEN processed_decrements ELSE '{}' END");
const SETTINGS = sql.raw("CASE WHEN json_valid(apex_sku_settings) THEN apex_sku_settings ELSE '{}' END");

/** The ledger keeps the newest keys only (rules §12.5): a webhook is not retried for 1000 sales. */
export const LEDGER_LIMIT = 1000;

function trimmed(ledger: SQL): SQL {
  return sql`(SELECT json_group_object(key, json(value)) FROM (SELECT key, value FROM json_each(${ledger})
    ORDER BY json_extract(value, '$.ts') DESC, key DESC LIMIT ${sql.raw(String(LEDGER_LIMIT))}))`;
}

export async function decrementApexUnits(
  db: Db,
  metrc: string,
  sku: SkuRef,
  units: number,
  idempotencyKey: string | null,
  details: Record<string, unknown>,
  now: Date,
): Promise<DecrementOutcome> {
  const at = now.toISOString();
  const seen = idempotencyKey === null ? sql`0` : sql`EXISTS (SELECT 1 FROM json_each(${LEDGER}) WHERE key = ${idempotencyKey})`;
  const manual = manualUnitsSetting("finished_goods", sku);
  const ledger =
    idempotencyKey === null
      ? sql`processed_decrements`
      : trimmed(sql`json_patch(${LEDGER}, json_object(${idempotencyKey}, json_object('sku', ${sku.key}, 'units', ${units}, 'ts', ${at})))`);
  const written = await runNamedBatch(db, {
    before: rowsOf<PackageRow & { seen: number }>(
      sql`SELECT ${PACKAGE_COLUMNS}, ${seen} AS seen FROM finished_goods WHERE metrc_number = ${metrc}`,
    ),
    after: rowsOf<PackageRow>(sql`UPDATE finished_goods SET
        apex_sku_settings = CASE WHEN ${manual} IS NOT NULL
          THEN json_set(${SETTINGS}, ${jsonKeyPath(sku.key)}, json_object('excluded', json('false'), 'manual_units', ${manual} - ${units}))
          ELSE apex_sku_settings END,
        processed_decrements = ${ledger},
        updated_date = ${at}
      WHERE metrc_number = ${metrc} AND NOT ${seen} AND ${freeUnitsOf("finished_goods", sku)} >= ${units} - 1e-9
      RETURNING ${PACKAGE_COLUMNS}`),
    history: historyRowIfChanged(
      metrc,
      "apex_units",
      { ...details, sku: sku.key, units, idempotency_key: idempotencyKey, grams_changed: 0 },
      at,
    ),
  });
  const was = written.before.rows[0];
  if (!was) return { kind: "not_found" };
  if (was.seen) return { kind: "duplicate" };
  const changed = written.after.rows[0];
  return changed ? { kind: "applied", before: was, after: changed } : { kind: "insufficient", before: was };
}
