/** Helpers shared by the finished-goods routers. */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodType } from "zod";
import { requestApexPush } from "../../durable-objects/apex-push-client";
import { actorOf } from "../auth/middleware";
import { MetrcParams } from "../contracts/finished-goods";
import type { ResponseSchemas } from "../contracts/responses";
import { findPackage } from "../data/finished-goods";
import type { HistorySource } from "../data/finished-goods-changes";
import { loadCatalogue } from "../data/sku-catalogue";
import { resolvePushover } from "../domain/low-stock";
import type { PackageHolds, PackageRow } from "../domain/package-view";
import type { Sku } from "../domain/skus";
import type { AppEnv } from "../env";
import { inBackground, stampAfterWrite } from "../http/after-write";
import { checkLowStockQuietly } from "../integrations/pushover";

export const TAG = "Finished goods";
export const PACKAGE_NOT_FOUND = "Package not found";
export const INSUFFICIENT_GRAMS = "Insufficient grams available";

/** The route spec of a per-package endpoint, `/api/finished-goods/:metrc_number/<path>`. */
export function packageRoute<B extends ZodType | undefined>(
  method: "get" | "post",
  path: string,
  summary: string,
  body: B,
  response: ResponseSchemas,
  responses: Record<number, string> = {},
) {
  return {
    method,
    path: `/api/finished-goods/:metrc_number/${path}`,
    auth: "key-or-session",
    tag: TAG,
    summary,
    params: MetrcParams,
    body,
    response,
    responses: { 404: "Package not found", ...responses },
  } as const;
}

/** Tags are stored as entered at creation; lookups accept any letter case. */
export function metrcOf(raw: string): string {
  return raw.trim().toUpperCase();
}

export function notFound(): HTTPException {
  return new HTTPException(404, { message: PACKAGE_NOT_FOUND });
}

/** "api" for API-key clients, "manual" for people in the app (rules §5.4 history details). */
export function sourceOf(c: Context<AppEnv>): HistorySource {
  return c.var.principal?.kind === "api_key" ? "api" : "manual";
}

export function detailsOf(
  c: Context<AppEnv>,
  reason: string | null | undefined,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  // A named user or key is recorded as `by`, so history says who; the original password and key keep the original's details.
  const actor = actorOf(c);
  const by = actor.startsWith("user:") || actor.startsWith("key:") ? { by: actor } : {};
  return { ...(reason ? { reason } : {}), source: sourceOf(c), ...by, ...extra };
}

export async function loadPackage(c: Context<AppEnv>, metrc: string): Promise<{ row: PackageRow; holds: PackageHolds; catalogue: Sku[] }> {
  const [found, catalogue] = await Promise.all([findPackage(c.var.db, metrc), loadCatalogue(c.var.db)]);
  if (!found) throw notFound();
  return { ...found, catalogue };
}

/**
 * After a committed change: move the finished-goods clock (and the wholesale one when holds moved),
 * ask for a debounced Apex inventory push, then check low stock for the strain in the background so a failing Pushover never fails the request.
 */
export async function afterChange(
  c: Context<AppEnv>,
  opts: { strain?: string | null; wholesale?: boolean; alertSettings?: unknown } = {},
): Promise<void> {
  await (opts.wholesale ? stampAfterWrite(c, "finished-goods", "wholesale") : stampAfterWrite(c, "finished-goods"));
  // Units on Apex follow grams and holds; the scheduler debounces pushes to one per 10 s.
  await inBackground(c, requestApexPush(c.env));
  // Settings read with the change itself: with notifications off there is nothing to check.
  if (opts.alertSettings !== undefined && !resolvePushover(opts.alertSettings).enabled) return;
  if (opts.strain) await inBackground(c, checkLowStockQuietly(c.env, c.var.db, opts.strain));
}
