import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { readSettings } from "../data/settings";
import type { PerSize } from "../domain/batch-sizes";
import { type OperationalSettings, resolveSettings } from "../domain/settings";
import type { AppEnv } from "../env";
import { stampAfterWrite } from "../http/after-write";

export const TAG = "Batches";
export const BATCH_NOT_FOUND = "Batch not found";

export function batchNotFound(): HTTPException {
  return new HTTPException(404, { message: BATCH_NOT_FOUND });
}

/**
 * Moves the batch clock after a committed write (and the inventory clock when papers were used),
 * awaited so whoever wrote never reads an older copy or last-updated afterwards.
 */
export async function stampBatchWrite(c: Context<AppEnv>, papersConsumed = false): Promise<void> {
  await (papersConsumed ? stampAfterWrite(c, "batches", "inventory") : stampAfterWrite(c, "batches"));
}

export async function operationalSettings(c: Context<AppEnv>, keys: (keyof OperationalSettings)[]): Promise<OperationalSettings> {
  return resolveSettings(await readSettings(c.var.db, keys));
}

/** `{counts_0_5, …}` as the body names them → per size, absent ones left undefined. */
export function countsBySize(body: { counts_0_5?: number; counts_0_7?: number; counts_1_0?: number }): Partial<PerSize<number>> {
  return { "0_5": body.counts_0_5, "0_7": body.counts_0_7, "1_0": body.counts_1_0 };
}
