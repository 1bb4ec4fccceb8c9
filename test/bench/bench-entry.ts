// Bench-only Worker entry: the real app, plus the floors that bound it, measured on the same
// runtime in the same process. Never deployed: wrangler.toml's main stays src/index.ts.
import app from "../../src/index";

export { ApexPushScheduler } from "../../durable-objects/apex-push-scheduler";
export { BackupRunner } from "../../durable-objects/backup-runner";
export { BatchHub } from "../../durable-objects/batch-hub";

const JSON_HEADERS = { "Content-Type": "application/json" };

async function floor(url: URL, env: Env): Promise<Response> {
  const kind = url.pathname.slice("/__floor/".length);
  if (kind === "hello") return new Response('{"hello":"world"}', { headers: JSON_HEADERS });
  if (kind === "read") {
    // The raw D1 query of the rows the scenario returns, serialised as JSON.
    const sql = url.searchParams.get("q") ?? "SELECT 1";
    const { results } = await env.DB.prepare(sql).all();
    return new Response(JSON.stringify(results), { headers: JSON_HEADERS });
  }
  if (kind === "write") {
    const row = await env.DB.prepare("UPDATE bench_counter SET n = n + 1 WHERE id = 1 RETURNING n").first();
    return new Response(JSON.stringify(row), { headers: JSON_HEADERS });
  }
  return new Response("unknown floor", { status: 404 });
}

/**
 * Where a write's time goes (`npm run bench -- delta-breakdown`): the header `X-Bench-D1` swaps the
 * app's D1 batches for the request. `trivial` runs as many no-op statements in their place, `one`
 * runs a single one, `memory` answers without D1; the last statement's row is always a 200 answer.
 * Single queries (the key lookup) still reach D1. Only this entry reads the header.
 */
const ANSWER_ROW = { status: 200, body: '{"ok":true}' };

function swappedBatches(db: D1Database, mode: string): D1Database {
  const swapped = async (statements: D1PreparedStatement[]) => {
    const count = mode === "trivial" ? statements.length : mode === "one" ? 1 : 0;
    const ran = await (count
      ? db.batch(Array.from({ length: count }, (_, i) => db.prepare(i === count - 1 ? "SELECT 200 AS status" : "SELECT 1 WHERE 0")))
      : []);
    return statements.map((_, i) => ({
      success: true,
      meta: { ...(ran[0]?.meta ?? {}), changes: 1 },
      results: i === statements.length - 1 ? [ANSWER_ROW] : [],
    }));
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "batch") return swapped;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__floor/")) return floor(url, env);
    const swap = request.headers.get("X-Bench-D1");
    const appEnv = swap ? { ...env, DB: swappedBatches(env.DB, swap) } : env;
    return app.fetch?.(request, appEnv, ctx) ?? new Response("no app", { status: 500 });
  },
} satisfies ExportedHandler<Env>;
