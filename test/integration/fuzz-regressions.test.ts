/** Refusals the route fuzz (fuzz-routes.test.ts) found writing to the database, each pinned here. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { countRows } from "../helpers/finished-goods";
import { call, createApiKey } from "../helpers/http";

describe("refusals write nothing", () => {
  it("DELETE /api/packing/store-aliases/{unknown} is 404 without an event row; a real removal logs one", async () => {
    const key = await createApiKey();
    const events = () => countRows("event_log", "action = 'store_alias_removed'");
    const before = await events();
    const missing = await call("DELETE", "/api/packing/store-aliases/no-such-buyer", undefined, { key });
    expect(missing.status).toBe(404);
    expect(await events()).toBe(before);
    await env.DB.prepare(
      "INSERT INTO store_aliases (buyer_company, display_name, updated_at) VALUES ('Fuzz Buyer', 'Fuzz Shop', '2026-03-01')",
    ).run();
    const removed = await call("DELETE", "/api/packing/store-aliases/Fuzz%20Buyer", undefined, { key });
    expect(removed.status).toBe(200);
    expect(await events()).toBe(before + 1);
  });
});
