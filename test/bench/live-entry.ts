// Bench-only Worker entry for the live-dashboard bench (test/bench/live-bench.mjs). Never
// deployed: wrangler.toml's main stays src/index.ts. It serves the real app, plus:
// - LiveFloor, the broadcast floor: a bare Durable Object that accepts hibernatable sockets and
//   fans one frame out to all of them, nothing else (before answering, or after with ?after=1);
// - BatchHubSync, the hub with the fan-out sent before the stamp answers, to compare with the
//   deployed hub, which fans out after answering;
// - /__live/write, a write that stamps batches, used only while POST /api/batch/{id}/counts is absent.
import { DurableObject } from "cloudflare:workers";
import { BatchHub } from "../../durable-objects/batch-hub";
import { stampArea } from "../../durable-objects/hub-client";
import app from "../../src/index";

// Every Durable Object the Worker declares (wrangler.toml) must be exported by the entry.
export * from "../../src/index";

export class BatchHubSync extends BatchHub {
  protected override scheduleFlush(): void {
    this.flush();
  }
}

export class LiveFloor extends DurableObject {
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1]);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    const frame = JSON.stringify({ type: "changed", topic: "batches", timestamp: new Date().toISOString() });
    const fanOut = () => {
      for (const ws of this.ctx.getWebSockets()) ws.send(frame);
    };
    // ?after=1: answer first and fan out on the next turn, the way the hub does after a stamp.
    if (new URL(request.url).searchParams.has("after")) setTimeout(fanOut, 0);
    else fanOut();
    return new Response(null, { status: 204 });
  }
}

type BenchEnv = Env & { LIVE_FLOOR: DurableObjectNamespace<LiveFloor> };

async function benchWrite(env: BenchEnv): Promise<Response> {
  const row = await env.DB.prepare(
    "UPDATE batches SET counts_0_5 = counts_0_5 + 1 WHERE id = (SELECT MIN(id) FROM batches) RETURNING counts_0_5",
  ).first();
  await stampArea(env, "batches");
  return Response.json(row);
}

export default {
  fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/__live/floor") return env.LIVE_FLOOR.get(env.LIVE_FLOOR.idFromName("floor")).fetch(request);
    if (path === "/__live/write" && request.method === "POST") return benchWrite(env);
    return app.fetch?.(request, env, ctx) ?? new Response("no app", { status: 500 });
  },
} satisfies ExportedHandler<BenchEnv>;
