import { type SQL, sql } from "drizzle-orm";
import { heldGramsOf, LIVE_STATUSES, statusAfter } from "./finished-goods-sql";

/**
 * Finished-goods buckets recomputed from the packing list (rules §18.4, gaps G-PACK-7), as SQL so
 * that concurrent packing edits can never leave a package out of step with its lines: each write
 * recomputes from the committed lines inside its own transaction.
 *
 *   grams_ordered = Σ (ordered − packed)⁺ × grams per unit   over open lines mapped to the package
 *   grams_packed  = Σ packed × grams per unit
 */

/**
 * A line reserves grams until its order is completed here or cancelled in Apex. Orders Apex
 * reports Complete or Delivered keep their reservation until the auto-completion ships the grams.
 */
const OPEN_LINE = sql`NOT EXISTS (SELECT 1 FROM apex_orders o WHERE o.id = p.order_id AND (o.completed_at IS NOT NULL OR o.cancelled = 1))`;

const LINES_ORDERED_GRAMS = sql`(SELECT ROUND(COALESCE(SUM(MAX(p.ordered - p.packed, 0) * p.grams_per_unit), 0), 4)
  FROM packing_items p WHERE p.batch_name = finished_goods.metrc_number AND ${OPEN_LINE})`;
const LINES_PACKED_GRAMS = sql`(SELECT ROUND(COALESCE(SUM(p.packed * p.grams_per_unit), 0), 4)
  FROM packing_items p WHERE p.batch_name = finished_goods.metrc_number AND ${OPEN_LINE})`;

const CHANGED = sql`(ABS(grams_ordered - ${LINES_ORDERED_GRAMS}) > 0.0000001 OR ABS(grams_packed - ${LINES_PACKED_GRAMS}) > 0.0000001)`;

/** Packages to recompute: a list of METRC numbers, or a subquery that selects them. */
type PackageSet = readonly string[] | SQL;

function inList(packages: PackageSet): SQL {
  if (!Array.isArray(packages)) return sql`metrc_number IN (${packages})`;
  return sql`metrc_number IN (SELECT value FROM json_each(${JSON.stringify([...new Set(packages)])}))`;
}

/**
 * Two statements for one db.batch: a `synced` history row for each package whose buckets are about
 * to move (written first, while the old values are still visible), then the update itself.
 */
export function recomputePackagesStatements(metrcNumbers: PackageSet, now: Date, reason: string): SQL[] {
  const at = now.toISOString();
  const status = statusAfter({ ordered: LINES_ORDERED_GRAMS, packed: LINES_PACKED_GRAMS });
  // The history row is written before the update, so it states the status the update will set.
  const statusValue = sql`CASE WHEN status IN ${LIVE_STATUSES} THEN (CASE WHEN COALESCE(physical_grams_override, current_grams)
    - ${LINES_ORDERED_GRAMS} - ${LINES_PACKED_GRAMS} - ${heldGramsOf("finished_goods")} <= 1e-9 THEN 'depleted' ELSE 'active' END) ELSE status END`;
  const history = sql`INSERT INTO finished_goods_history
      (metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details)
    SELECT metrc_number, ${at}, 'synced', current_grams, ${LINES_ORDERED_GRAMS}, ${LINES_PACKED_GRAMS}, grams_fulfilled, ${statusValue},
      json_object('reason', ${reason}, 'source', 'packing', 'grams_ordered', ${LINES_ORDERED_GRAMS}, 'grams_packed', ${LINES_PACKED_GRAMS})
    FROM finished_goods WHERE ${inList(metrcNumbers)} AND ${CHANGED}`;
  const update = sql`UPDATE finished_goods SET
      grams_packed_lifetime = ROUND(grams_packed_lifetime + MAX(0, ${LINES_PACKED_GRAMS} - grams_packed), 4),
      grams_ordered = ${LINES_ORDERED_GRAMS},
      grams_packed = ${LINES_PACKED_GRAMS},
      ${status},
      updated_date = ${at}
    WHERE ${inList(metrcNumbers)} AND ${CHANGED}`;
  return [history, update];
}
