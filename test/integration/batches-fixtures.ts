import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { stampArea } from "../../durable-objects/hub-client";
import { batches } from "../../src/db/schema";
import { db } from "../helpers/http";

/** Shared seeding for the batch integration files (storage is per file, so each seeds its own). */
export type SeedBatch = Partial<typeof batches.$inferInsert>;

let seq = 0;

/** Inserts a batch straight into D1 and stamps the batch clock, as a real write would. */
export async function seedBatch(overrides: SeedBatch = {}): Promise<string> {
  seq += 1;
  const id = overrides.id ?? `batch-${seq}-${crypto.randomUUID().slice(0, 8)}`;
  await db()
    .insert(batches)
    .values({ id, strain: "Blue Dream", input_grams: 1000, target_grams_each: 0.5, display_order: seq, ...overrides });
  await stampArea(env, "batches");
  return id;
}

export async function batchRow(id: string): Promise<typeof batches.$inferSelect | undefined> {
  return db().select().from(batches).where(sql`id = ${id}`).get();
}

export async function auditRows(id: string) {
  return db().all<{ field: string; old: string | null; new: string | null; actor: string; ts: string }>(
    sql`SELECT field, old, new, actor, ts FROM audit_log WHERE batch = ${id} ORDER BY id`,
  );
}

export async function setStock(size: string, boxes: number, individual: number): Promise<void> {
  await db().run(sql`UPDATE inventory SET boxes = ${boxes}, individual_papers = ${individual} WHERE size = ${size}`);
}

export async function stock(size: string): Promise<{ boxes: number; individual_papers: number }> {
  const row = await db().get<{ boxes: number; individual_papers: number }>(
    sql`SELECT boxes, individual_papers FROM inventory WHERE size = ${size}`,
  );
  if (!row) throw new Error(`no inventory row for ${size}`);
  return row;
}

export async function usageRows(batchId: string) {
  return db().all<{ size: string; papers_used: number }>(
    sql`SELECT size, papers_used FROM inventory_usage WHERE batch_id = ${batchId} ORDER BY id`,
  );
}
