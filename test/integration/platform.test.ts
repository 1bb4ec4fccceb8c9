import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, createApiKey, json, ORIGIN } from "../helpers/http";

/** Every table of spec/data-model.md that the product stores. */
const DATA_MODEL_TABLES = [
  "batches",
  "audit_log",
  "event_log",
  "settings",
  "inventory",
  "inventory_usage",
  "finished_goods",
  "finished_goods_history",
  "wholesale_holds",
  "sku_catalogue",
  "snapshots",
  "snapshot_rows",
  "centrifuge_outcomes",
  "centrifuge_recommendations",
  "weight_checks",
  "apex_orders",
  "apex_order_items",
  "order_status_history",
  "packing_items",
  "packing_items_archive",
  "packing_metadata",
  "store_aliases",
  "apex_batch_map",
  "sync_state",
  "job_runs",
  "job_leases",
  "backups",
  "pushover_alert_log",
  "achievements_unlocked",
  "api_keys",
  "sessions",
  "password_reset_tokens",
  "rate_limit_hits",
];

describe("migrations", () => {
  it("apply to an empty database and create every table of the data model", async () => {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
    const names = results.map((r) => r.name);
    for (const table of DATA_MODEL_TABLES) expect(names, table).toContain(table);
  });

  it("enforce the CHECK constraints the spec names", async () => {
    await expect(
      env.DB.prepare("INSERT INTO batches (id, strain, input_grams, target_grams_each, stage) VALUES ('x', 's', 1, 1, 9)").run(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      env.DB.prepare("INSERT INTO batches (id, strain, input_grams, target_grams_each) VALUES ('y', 's', -1, 1)").run(),
    ).rejects.toThrow(/CHECK/);
  });
});

describe("request limits and headers", () => {
  it("answers a 17 MB body with 413 JSON", async () => {
    const key = await createApiKey();
    const body = new Uint8Array(17 * 1024 * 1024).fill(0x20);
    const res = await SELF.fetch(`${ORIGIN}/api/settings`, {
      method: "PUT",
      body,
      headers: { "X-API-Key": key, "Content-Type": "application/json" },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "Request body is larger than 16 MB" });
  });

  it("answers unknown API paths with 404 JSON", async () => {
    const res = await call("GET", "/api/does-not-exist");
    expect([res.status, await res.json()]).toEqual([404, { error: "Not found" }]);
  });

  it("sends a strict CSP and no-store on API answers", async () => {
    const res = await call("GET", "/api/health");
    expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    // Browser-page headers stay on pages: JSON answers are many and small.
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("refuses a chunked body over 16 MB as it streams, and accepts a small one", async () => {
    const key = await createApiKey();
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    const streamOf = (chunks: number) => {
      let sent = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < chunks) controller.enqueue(chunk);
          else controller.close();
        },
      });
    };
    const big = await SELF.fetch(`${ORIGIN}/api/settings`, {
      method: "PUT",
      body: streamOf(17),
      headers: { "X-API-Key": key, "Content-Type": "application/json" },
    });
    expect([big.status, await big.json()]).toEqual([413, { error: "Request body is larger than 16 MB" }]);
    const small = await SELF.fetch(`${ORIGIN}/api/centrifuge/calculate`, {
      method: "POST",
      body: new Blob(['{"rpm":2200}']).stream(),
      headers: { "X-API-Key": key, "Content-Type": "application/json" },
    });
    expect(small.status).toBe(200);
  });

  it("sends the page CSP on server-rendered pages", async () => {
    const res = await SELF.fetch(`${ORIGIN}/login`);
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Strict-Transport-Security")).toContain("max-age=");
  });

  it("redirects a page request without a session to /login", async () => {
    const res = await SELF.fetch(`${ORIGIN}/admin`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/login");
  });
});

describe("GET /api/openapi.json", () => {
  it("documents every registered route with its auth", async () => {
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, { "x-auth": string }>> }>(
      await call("GET", "/api/openapi.json"),
    );
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/version"]?.get?.["x-auth"]).toBe("none");
    expect(doc.paths["/api/settings"]?.get?.["x-auth"]).toBe("key-or-session");
    expect(doc.paths["/api/api-key"]?.get?.["x-auth"]).toBe("session");
  });
});
