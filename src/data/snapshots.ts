import { asc, desc, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { snapshotRows, snapshots } from "../db/schema";
import type { SnapshotRow, Urgency } from "../domain/snapshots";
import type { Db } from "../env";

/** Settings key of the CSV column mapping (decisions 6). */
export const CSV_MAPPING_KEY = "snapshot_csv_mapping";

type NewSnapshot = {
  timestamp: string;
  files: string[];
  stores: string[];
  strainCount: number;
  byStore: SnapshotRow[];
  combined: SnapshotRow[];
};

/** 8 values per row; D1 takes at most 100 bound parameters per statement. */
const ROWS_PER_INSERT = 12;

/**
 * Stores a snapshot and all its rows in one batch (one transaction): an upload is kept whole or
 * not at all. Combined rows carry store ''. Throws on a duplicate timestamp; nothing is written then.
 */
export async function insertSnapshot(db: Db, snap: NewSnapshot, now: Date): Promise<void> {
  const rows = [...snap.byStore, ...snap.combined].map((r) => ({ snapshot_ts: snap.timestamp, ...r }));
  const inserts: BatchItem<"sqlite">[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) inserts.push(db.insert(snapshotRows).values(rows.slice(i, i + ROWS_PER_INSERT)));
  await db.batch([
    db.insert(snapshots).values({
      timestamp: snap.timestamp,
      files_processed: JSON.stringify(snap.files),
      strain_count: snap.strainCount,
      store_count: snap.stores.length,
      stores: JSON.stringify(snap.stores),
      created_at: now.toISOString(),
    }),
    ...inserts,
  ]);
}

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

export type StoredSnapshot = {
  timestamp: string;
  files_processed: string[];
  strain_count: number;
  store_count: number;
  stores: string[];
  rows: SnapshotRow[];
};

/** One snapshot with its rows, or null. */
export async function readSnapshot(db: Db, timestamp: string): Promise<StoredSnapshot | null> {
  const [heads, rows] = await db.batch([
    db.select().from(snapshots).where(eq(snapshots.timestamp, timestamp)),
    db.select().from(snapshotRows).where(eq(snapshotRows.snapshot_ts, timestamp)).orderBy(asc(snapshotRows.id)),
  ]);
  const head = heads[0];
  if (!head) return null;
  return {
    timestamp: head.timestamp,
    files_processed: parseList(head.files_processed),
    strain_count: head.strain_count,
    store_count: head.store_count,
    stores: parseList(head.stores),
    rows: rows.map((r) => ({
      store: r.store,
      strain: r.strain,
      total_inventory: r.total_inventory,
      avg_sold_per_day: r.avg_sold_per_day,
      days_until_stockout: r.days_until_stockout,
      urgency: r.urgency as Urgency,
      priority_score: r.priority_score,
    })),
  };
}

export async function latestSnapshotTimestamp(db: Db): Promise<string | null> {
  const row = await db.select({ timestamp: snapshots.timestamp }).from(snapshots).orderBy(desc(snapshots.timestamp)).limit(1).get();
  return row?.timestamp ?? null;
}

const HISTORY_LIMIT = 500;

export async function listSnapshots(db: Db) {
  const rows = await db
    .select({
      timestamp: snapshots.timestamp,
      files_processed: snapshots.files_processed,
      strain_count: snapshots.strain_count,
      store_count: snapshots.store_count,
    })
    .from(snapshots)
    .orderBy(desc(snapshots.timestamp))
    .limit(HISTORY_LIMIT);
  return rows.map((r) => ({ ...r, files_processed: parseList(r.files_processed) }));
}
