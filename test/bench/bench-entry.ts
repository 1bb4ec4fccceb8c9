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

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/__floor/")) return floor(url, env);
    return app.fetch?.(request, env, ctx) ?? new Response("no app", { status: 500 });
  },
} satisfies ExportedHandler<Env>;
