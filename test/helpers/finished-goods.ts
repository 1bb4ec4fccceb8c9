import { env } from "cloudflare:test";
import { vi } from "vitest";
import { createFakePushover, type FakePushover } from "../fakes/pushover-core.mjs";
import { call, json } from "./http";

let serial = 0;

/** A fresh, valid 24-character METRC tag. */
export function newMetrc(prefix = "TEST"): string {
  serial++;
  return `1A4060300000${prefix.slice(0, 4).padEnd(4, "X")}${String(serial).padStart(8, "0")}`;
}

export type PackageOptions = { strain?: string; grams?: number; notes?: string };

/** Creates a package through the API and returns its METRC tag. */
export async function createPackage(key: string, options: PackageOptions = {}): Promise<string> {
  const metrc = newMetrc();
  const res = await call(
    "POST",
    "/api/finished-goods/",
    { metrc_number: metrc, strain: options.strain ?? "Blue Dream", grams: options.grams ?? 500, notes: options.notes },
    { key },
  );
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return metrc;
}

export async function getPackage(key: string, metrc: string): Promise<Record<string, unknown>> {
  return json(await call("GET", `/api/finished-goods/${metrc}`, undefined, { key }));
}

export async function rowOf(metrc: string): Promise<Record<string, unknown> | null> {
  return env.DB.prepare("SELECT * FROM finished_goods WHERE metrc_number = ?").bind(metrc).first();
}

export async function countRows(table: string, where = "1 = 1", ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function historyCount(metrc: string): Promise<number> {
  return countRows("finished_goods_history", "metrc_number = ?", metrc);
}

/**
 * Routes the Worker's outbound fetches to PUSHOVER_API_URL into a fake Pushover; anything else
 * fails loudly (tests never reach the network). Call `restore()` after.
 */
export function installFakePushover(): FakePushover & { restore: () => void } {
  const fake = createFakePushover();
  const base = env.PUSHOVER_API_URL.replace(/\/+$/, "");
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith(`${base}/`)) return fake.handle(request);
    throw new Error(`unexpected outbound fetch in a test: ${request.url}`);
  });
  return Object.assign(fake, { restore: () => spy.mockRestore() });
}
