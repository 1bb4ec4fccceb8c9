import { type SQL, sql } from "drizzle-orm";
import { apexBatchMap } from "../db/schema";
import type { BatchMapEntry, PushHold, PushPackage } from "../domain/batch-mapping";
import type { Db } from "../env";
import { runBatch } from "./d1-batch";
import { HELD_ROWS_SELECT } from "./finished-goods-sql";

const PUSH_STATE_KEY = "apex_push";

export type BatchMapRow = typeof apexBatchMap.$inferSelect;

export async function readBatchMap(db: Db): Promise<BatchMapRow[]> {
  return db.select().from(apexBatchMap).orderBy(apexBatchMap.strain_normalized, apexBatchMap.sku_key, apexBatchMap.apex_batch_id);
}

/**
 * Replaces the mapping with a fresh pull in one transaction; batches already known keep the last
 * quantity sent, so a refresh does not cause a round of identical pushes.
 */
export async function replaceBatchMap(db: Db, entries: readonly BatchMapEntry[], now: Date): Promise<void> {
  const at = now.toISOString();
  const ids = JSON.stringify(entries.map((e) => e.apex_batch_id));
  const upserts: SQL[] = [];
  for (let i = 0; i < entries.length; i += 300) {
    upserts.push(
      sql`INSERT INTO apex_batch_map (apex_batch_id, product_id, product_name, strain_normalized, sku_key, grams_per_unit, pack_count, refreshed_at)
        SELECT j.value ->> '$.apex_batch_id', j.value ->> '$.product_id', j.value ->> '$.product_name', j.value ->> '$.strain_normalized',
          j.value ->> '$.sku_key', j.value ->> '$.grams_per_unit', j.value ->> '$.pack_count', ${at}
        FROM json_each(${JSON.stringify(entries.slice(i, i + 300))}) j WHERE true
        ON CONFLICT (apex_batch_id) DO UPDATE SET product_id = excluded.product_id, product_name = excluded.product_name,
          strain_normalized = excluded.strain_normalized, sku_key = excluded.sku_key, grams_per_unit = excluded.grams_per_unit,
          pack_count = excluded.pack_count, refreshed_at = excluded.refreshed_at`,
    );
  }
  await runBatch(db, [sql`DELETE FROM apex_batch_map WHERE apex_batch_id NOT IN (SELECT value FROM json_each(${ids}))`, ...upserts]);
}

const REFRESH_KEY = "apex_map_refresh";

/**
 * Takes the batch-map refresh slot (each refresh pulls the whole catalogue and costs credits): at
 * most one attempt per `cooldownMs`, failed attempts included, however many callers race. Answers
 * how long to wait when the slot is taken.
 */
export async function claimMapRefresh(db: Db, now: Date, cooldownMs: number): Promise<{ ok: true } | { ok: false; waitMs: number }> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - cooldownMs).toISOString();
  const taken = await db.all<{ key: string }>(sql`INSERT INTO sync_state (key, value, updated_at) VALUES (${REFRESH_KEY}, ${at}, ${at})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE sync_state.updated_at <= ${cutoff}
    RETURNING key`);
  if (taken.length > 0) return { ok: true };
  const row = await db.get<{ updated_at: string }>(sql`SELECT updated_at FROM sync_state WHERE key = ${REFRESH_KEY}`);
  const last = Date.parse(row?.updated_at ?? "") || now.getTime();
  return { ok: false, waitMs: Math.max(1000, last + cooldownMs - now.getTime()) };
}

/** Gives the slot back after a refresh that got nothing (Apex refused or failed): a retry may run at once. */
export async function releaseMapRefresh(db: Db, now: Date): Promise<void> {
  await db.run(sql`DELETE FROM sync_state WHERE key = ${REFRESH_KEY} AND updated_at = ${now.toISOString()}`);
}

/** Packages that take part in the Apex push: "Apex ON" (gaps G-FG-9), any status. */
export async function readPushPackages(db: Db): Promise<PushPackage[]> {
  return db.all<PushPackage>(sql`SELECT metrc_number, strain, status, current_grams, physical_grams_override, grams_ordered, grams_packed,
      apex_sku_settings, custom_skus
    FROM finished_goods WHERE apex_auto_inventory = 1`);
}

/** Held units and grams per package and SKU, for Apex-ON packages. */
export async function readPushHolds(db: Db): Promise<PushHold[]> {
  return db.all<PushHold>(sql`${HELD_ROWS_SELECT} JOIN finished_goods f ON f.metrc_number = h.metrc_number
    WHERE f.apex_auto_inventory = 1 GROUP BY h.metrc_number, sku_key`);
}

type PushState = {
  last_push_at: string | null;
  last_pushed: { apex_batch_id: number; quantity: number }[];
  last_error: string | null;
  last_error_at: string | null;
  /** Apex credits the pushes (and mapping refreshes) used this month (UTC). */
  credits_month: string | null;
  credits_used_month: number;
};

const EMPTY_PUSH_STATE: PushState = {
  last_push_at: null,
  last_pushed: [],
  last_error: null,
  last_error_at: null,
  credits_month: null,
  credits_used_month: 0,
};

export async function readPushState(db: Db): Promise<PushState> {
  const row = await db.get<{ value: string }>(sql`SELECT value FROM sync_state WHERE key = ${PUSH_STATE_KEY}`);
  if (!row) return { ...EMPTY_PUSH_STATE };
  try {
    return { ...EMPTY_PUSH_STATE, ...(JSON.parse(row.value) as Partial<PushState>) };
  } catch {
    return { ...EMPTY_PUSH_STATE };
  }
}

type PushRound = { sent: readonly { apex_batch_id: number; quantity: number }[]; error: string | null; credits: number };

/**
 * Remembers what each batch was last sent (so only changes go next time) and the round's outcome.
 * Only the push scheduler writes this, one alarm at a time.
 */
export async function recordPush(db: Db, round: PushRound, previous: PushState, now: Date): Promise<void> {
  const at = now.toISOString();
  const month = at.slice(0, 7);
  const state: PushState = {
    ...previous,
    ...(round.sent.length ? { last_push_at: at, last_pushed: [...round.sent] } : {}),
    last_error: round.error,
    last_error_at: round.error ? at : previous.last_error_at,
    credits_month: month,
    credits_used_month: (previous.credits_month === month ? previous.credits_used_month : 0) + round.credits,
  };
  await runBatch(db, [
    sql`UPDATE apex_batch_map SET last_quantity_sent = j.value ->> '$.quantity', last_sent_at = ${at}
      FROM json_each(${JSON.stringify(round.sent)}) j WHERE apex_batch_map.apex_batch_id = j.value ->> '$.apex_batch_id'`,
    sql`INSERT INTO sync_state (key, value, updated_at) VALUES (${PUSH_STATE_KEY}, ${JSON.stringify(state)}, ${at})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ]);
}

/** Strains of live Apex-ON packages that no Apex batch matches (pages §26: "unmatched strains"). */
export async function readPushStrains(db: Db): Promise<string[]> {
  const rows = await db.all<{ strain: string }>(
    sql`SELECT DISTINCT strain FROM finished_goods WHERE apex_auto_inventory = 1 AND status IN ('active', 'depleted') ORDER BY strain`,
  );
  return rows.map((r) => r.strain);
}
