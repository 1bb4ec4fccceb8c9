import { env } from "cloudflare:test";
import { afterEach } from "vitest";
import { readConfig } from "../../src/config";
import type { OptionalSecrets } from "../../src/env";
import { type ApexSyncDeps, createApexSyncJob } from "../../src/jobs/apex-sync";
import { runJob } from "../../src/jobs/run-job";
import { createFakeApex, type FakeApex, type FakeApexOptions } from "../fakes/apex-core.mjs";

/** Wherever the Worker's config points (wrangler.toml, or .dev.vars after `npm start`), the fakes answer. */
const config = readConfig(env as Env & OptionalSecrets);
export const APEX_ORIGIN = new URL(config.APEX_BASE_URL).origin;
const PUSHOVER_ORIGIN = new URL(config.PUSHOVER_API_URL).origin;

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

export type FakeWorld = { apex: FakeApex; pushover: { form: URLSearchParams }[] };

/**
 * Routes the Worker's outbound calls to Apex and Pushover to in-memory fakes. Tests and the Worker
 * (and its Durable Objects) share one isolate, so replacing `fetch` reaches them all; no network.
 */
export function installFakes(options: FakeApexOptions = {}): FakeWorld {
  const apex = createFakeApex({ rateLimitPerSecond: 1000, origin: APEX_ORIGIN, ...options });
  const world: FakeWorld = { apex, pushover: [] };
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const origin = new URL(request.url).origin;
    if (origin === APEX_ORIGIN) return apex.handle(request);
    if (origin === PUSHOVER_ORIGIN) {
      world.pushover.push({ form: new URLSearchParams(new TextDecoder().decode(await request.arrayBuffer())) });
      return Response.json({ status: 1, request: crypto.randomUUID() });
    }
    return realFetch(input, init);
  };
  return world;
}

/** Runs the order sync as cron would, recorded through run-job, with no real sleeping. */
export function runSync(now: Date, deps: ApexSyncDeps = {}, runEnv: Env = env) {
  const sleeps: number[] = [];
  const job = createApexSyncJob({
    ...deps,
    client: { sleep: async (ms) => void sleeps.push(ms), ...deps.client },
  });
  return runJob(runEnv, job, now).then((outcome) => ({ ...outcome, sleeps }));
}

export async function count(table: string, where = ""): Promise<number> {
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} ${where}`).first<{ n: number }>();
  return row?.n ?? 0;
}

export async function seedPackage(p: { metrc: string; strain: string; grams: number; created?: string; apexOn?: boolean }) {
  await env.DB.prepare(
    `INSERT INTO finished_goods (metrc_number, strain, initial_grams, current_grams, status, created_date, updated_date, apex_auto_inventory)
     VALUES (?, ?, ?, ?, 'active', ?, ?, ?)`,
  )
    .bind(
      p.metrc,
      p.strain,
      p.grams,
      p.grams,
      p.created ?? "2026-01-01T00:00:00.000Z",
      p.created ?? "2026-01-01T00:00:00.000Z",
      p.apexOn ? 1 : 0,
    )
    .run();
}

export async function packageRow(metrc: string) {
  return env.DB.prepare("SELECT * FROM finished_goods WHERE metrc_number = ?").bind(metrc).first<{
    current_grams: number;
    grams_ordered: number;
    grams_packed: number;
    grams_fulfilled: number;
    grams_packed_lifetime: number;
    status: string;
  }>();
}
