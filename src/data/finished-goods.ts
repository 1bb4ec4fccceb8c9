/** Reads of finished-goods packages, their holds and history. Changes are in finished-goods-changes.ts. */
import { type SQL, sql } from "drizzle-orm";
import { type HeldRow, summarizeHolds } from "../domain/holds";
import { EMPTY_SUMMARY, type OtherPackages, type Summary, summarizeLive } from "../domain/package-summary";
import { type PackageHolds, type PackageRow, parseJsonColumn } from "../domain/package-view";
import type { Db } from "../env";
import { rowsOf, runNamedBatch } from "./d1-batch";
import { escapeLike, HELD_BY_PACKAGE, HELD_ROWS_SELECT, heldGramsOf, LIVE_STATUSES, PACKAGE_COLUMNS } from "./finished-goods-sql";

type ListFilter = { includeArchived?: boolean; strain?: string; status?: string; search?: string };

function whereOf(filter: ListFilter): SQL {
  const parts: SQL[] = [];
  // An explicit status filter wins over include_archived.
  if (filter.status) parts.push(sql`status = ${filter.status}`);
  else if (!filter.includeArchived) parts.push(sql`status IN ${LIVE_STATUSES}`);
  if (filter.strain) parts.push(sql`strain LIKE ${`%${escapeLike(filter.strain)}%`} ESCAPE '\\'`);
  if (filter.search) {
    const like = `%${escapeLike(filter.search)}%`;
    parts.push(sql`(metrc_number LIKE ${like} ESCAPE '\\' OR strain LIKE ${like} ESCAPE '\\')`);
  }
  return parts.length ? sql`WHERE ${sql.join(parts, sql` AND `)}` : sql``;
}

/** Totals of rules §5.6 over every package; available grams as each package shows them (package-summary.ts). */
const SUMMARY_SQL = sql`SELECT count(*) AS total_packages,
      COALESCE(SUM(status = 'active'), 0) AS active_packages,
      COALESCE(SUM(status = 'depleted'), 0) AS depleted_packages,
      COALESCE(SUM(status = 'archived'), 0) AS archived_packages,
      COALESCE(SUM(status = 'orphaned'), 0) AS orphaned_packages,
      ROUND(COALESCE(SUM(CASE WHEN status = 'active' THEN COALESCE(physical_grams_override, current_grams) END), 0), 4) AS total_grams,
      ROUND(COALESCE(SUM(CASE WHEN status = 'active'
        THEN MAX(0, ROUND(COALESCE(physical_grams_override, current_grams) - grams_ordered - grams_packed - ROUND(COALESCE(hs.held, 0), 4), 4)) END), 0), 4) AS total_available_grams,
      COUNT(DISTINCT CASE WHEN status = 'active' THEN strain END) AS total_strains
    FROM finished_goods fg LEFT JOIN ${HELD_BY_PACKAGE} hs ON hs.metrc_number = fg.metrc_number`;

/** The unfiltered list holds every live package: the rest are counted here, with the setting. */
function othersAndSetting(settingKey: string) {
  return rowsOf<OtherPackages & { setting: string | null }>(sql`SELECT count(*) AS total,
      COALESCE(SUM(status = 'archived'), 0) AS archived, COALESCE(SUM(status = 'orphaned'), 0) AS orphaned,
      (SELECT value FROM settings WHERE key = ${settingKey}) AS setting
    FROM finished_goods`);
}

const HELD_ROWS = rowsOf<HeldRow>(sql`${HELD_ROWS_SELECT} GROUP BY 1, 2, 3`);

type PackagesWithHolds = { rows: PackageRow[]; holds: Map<string, PackageHolds> };

/**
 * Packages matching the filter, their holds, the summary and one JSON setting: one round trip.
 * Unfiltered, the rows are every live package, so the totals are summed from them in JS rather
 * than by a second scan of the table.
 */
export async function listPackages(
  db: Db,
  filter: ListFilter,
  settingKey: string,
): Promise<PackagesWithHolds & { summary: Summary; setting: unknown }> {
  const where = whereOf(filter);
  const packages = rowsOf<PackageRow>(
    sql`SELECT ${PACKAGE_COLUMNS} FROM finished_goods ${where} ORDER BY strain, created_date, metrc_number`,
  );
  if (isAllLive(filter)) {
    const read = await runNamedBatch(db, { packages, held: HELD_ROWS, others: othersAndSetting(settingKey) });
    const rows = read.packages.rows;
    const holds = summarizeHolds(read.held.rows);
    const others = read.others.rows[0];
    const summary = others ? summarizeLive(rows, holds, others) : EMPTY_SUMMARY;
    return { rows, holds, summary, setting: parseJsonColumn(others?.setting ?? null) };
  }
  const read = await runNamedBatch(db, {
    packages,
    held: HELD_ROWS,
    summary: rowsOf<Summary>(SUMMARY_SQL),
    setting: rowsOf<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${settingKey}`),
  });
  return {
    rows: read.packages.rows,
    holds: summarizeHolds(read.held.rows),
    summary: read.summary.rows[0] ?? EMPTY_SUMMARY,
    setting: parseJsonColumn(read.setting.rows[0]?.value ?? null),
  };
}

function isAllLive(filter: ListFilter): boolean {
  return !filter.status && !filter.includeArchived && !filter.strain && !filter.search;
}

export async function readSummary(db: Db): Promise<Summary> {
  return (await db.all<Summary>(SUMMARY_SQL))[0] ?? EMPTY_SUMMARY;
}

/** Live (active or depleted) packages with their holds, e.g. for the wholesale view and Apex. */
export async function listLivePackages(db: Db, opts: { apexOnly?: boolean } = {}): Promise<PackagesWithHolds> {
  const apex = opts.apexOnly ? sql` AND apex_auto_inventory = 1` : sql``;
  const read = await runNamedBatch(db, {
    packages: rowsOf<PackageRow>(
      sql`SELECT ${PACKAGE_COLUMNS} FROM finished_goods WHERE status IN ${LIVE_STATUSES}${apex} ORDER BY strain, created_date, metrc_number`,
    ),
    held: HELD_ROWS,
  });
  return { rows: read.packages.rows, holds: summarizeHolds(read.held.rows) };
}

export async function findPackage(db: Db, metrc: string): Promise<{ row: PackageRow; holds: PackageHolds } | null> {
  const read = await runNamedBatch(db, {
    packages: rowsOf<PackageRow>(sql`SELECT ${PACKAGE_COLUMNS} FROM finished_goods WHERE metrc_number = ${metrc}`),
    held: rowsOf<HeldRow>(sql`${HELD_ROWS_SELECT} WHERE h.metrc_number = ${metrc} GROUP BY 1, 2, 3`),
  });
  const row = read.packages.rows[0];
  if (!row) return null;
  return { row, holds: summarizeHolds(read.held.rows).get(metrc) ?? { bySku: {}, byName: {}, grams: 0 } };
}

export async function packageExists(db: Db, metrc: string): Promise<boolean> {
  const rows = await db.all<{ one: number }>(sql`SELECT 1 AS one FROM finished_goods WHERE metrc_number = ${metrc}`);
  return rows.length > 0;
}

export async function batchExists(db: Db, batchId: string): Promise<boolean> {
  const rows = await db.all<{ one: number }>(sql`SELECT 1 AS one FROM batches WHERE id = ${batchId}`);
  return rows.length > 0;
}

export type HistoryRow = {
  id: number;
  metrc_number: string;
  timestamp: string;
  change_type: string;
  current_grams: number;
  grams_ordered: number;
  grams_packed: number;
  grams_fulfilled: number;
  status: string | null;
  details: string | null;
};

const HISTORY_COLUMNS = sql.raw(
  "id, metrc_number, timestamp, change_type, current_grams, grams_ordered, grams_packed, grams_fulfilled, status, details",
);

/** Newest first across every package. */
export async function recentHistory(db: Db, limit: number): Promise<HistoryRow[]> {
  return db.all<HistoryRow>(sql`SELECT ${HISTORY_COLUMNS} FROM finished_goods_history ORDER BY timestamp DESC, id DESC LIMIT ${limit}`);
}

/** Newest first for one package, with the total number of its history rows. */
export async function packageHistory(db: Db, metrc: string, limit: number): Promise<{ rows: HistoryRow[]; total: number }> {
  const read = await runNamedBatch(db, {
    history: rowsOf<HistoryRow>(
      sql`SELECT ${HISTORY_COLUMNS} FROM finished_goods_history WHERE metrc_number = ${metrc} ORDER BY timestamp DESC, id DESC LIMIT ${limit}`,
    ),
    count: rowsOf<{ n: number }>(sql`SELECT count(*) AS n FROM finished_goods_history WHERE metrc_number = ${metrc}`),
  });
  return { rows: read.history.rows, total: read.count.rows[0]?.n ?? 0 };
}

export async function newestHistoryTimestamp(db: Db): Promise<string | null> {
  const rows = await db.all<{ ts: string | null }>(sql`SELECT MAX(timestamp) AS ts FROM finished_goods_history`);
  return rows[0]?.ts ?? null;
}

/** Available grams of each live package, optionally of one strain: the input of the low-stock check. */
/** The distinct strains of some packages (unknown tags are left out). */
export async function strainsOfPackages(db: Db, metrcNumbers: readonly string[]): Promise<string[]> {
  const rows = await db.all<{ strain: string }>(
    sql`SELECT DISTINCT strain FROM finished_goods WHERE metrc_number IN (SELECT value FROM json_each(${JSON.stringify(metrcNumbers)}))`,
  );
  return rows.map((r) => r.strain);
}

export async function liveAvailability(db: Db, strain?: string): Promise<{ strain: string; available_grams: number }[]> {
  const only = strain === undefined ? sql`` : sql` AND strain = ${strain}`;
  return db.all(sql`SELECT strain,
      COALESCE(physical_grams_override, current_grams) - grams_ordered - grams_packed - ${heldGramsOf("fg")} AS available_grams
    FROM finished_goods fg WHERE status IN ${LIVE_STATUSES}${only}`);
}
