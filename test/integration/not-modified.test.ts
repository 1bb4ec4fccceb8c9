import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { answerIfNotModified } from "../../src/http/not-modified";
import { createPackage } from "../helpers/finished-goods";
import { call, createApiKey, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";

// Key-authenticated revalidations of the hot lists are answered before the router
// (src/http/not-modified.ts); everything else goes through the app. Both must answer alike.
let key = "";
let cookie = "";
let metrc = "";
beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
  metrc = await createPackage(key, { strain: "Front Door", grams: 100 });
  await seedBatch({ strain: "Front Door" });
});

const LISTS = ["/api/finished-goods/", "/api/finished-goods", "/api/data", "/api/data/", "/api/archive", "/api/data?include_history=true"];

async function currentTag(path: string): Promise<string> {
  const res = await call("GET", path, undefined, { key });
  expect(res.status).toBe(200);
  const etag = res.headers.get("ETag");
  expect(etag).toMatch(/^W\/"/);
  return etag ?? "";
}

describe("conditional GET of a hot list", () => {
  it.each(LISTS)("%s: 304 with only ETag and Cache-Control for a current tag and a valid key", async (path) => {
    const etag = await currentTag(path);
    const res = await call("GET", path, undefined, { key, headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect([...res.headers.keys()].sort()).toEqual(["cache-control", "etag"]);
    expect([res.headers.get("ETag"), res.headers.get("Cache-Control")]).toEqual([etag, "private, no-cache"]);
  });

  it("never answers 304 without a valid key or session", async () => {
    const etag = await currentTag("/api/finished-goods/");
    const wrong = await call("GET", "/api/finished-goods/", undefined, { key: "not-the-key", headers: { "If-None-Match": etag } });
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: "Invalid API key" }]);
    const empty = await call("GET", "/api/finished-goods/", undefined, { key: "", headers: { "If-None-Match": etag } });
    expect(empty.status).toBe(401);
    const none = await call("GET", "/api/finished-goods/", undefined, { headers: { "If-None-Match": etag } });
    expect([none.status, await none.json()]).toEqual([401, { error: "Authentication required" }]);
  });

  it("gives a session the same tag and the same 304 as a key", async () => {
    const etag = await currentTag("/api/data");
    const bySession = await call("GET", "/api/data", undefined, { cookie });
    expect(bySession.headers.get("ETag")).toBe(etag);
    const revalidated = await call("GET", "/api/data", undefined, { cookie, headers: { "If-None-Match": etag } });
    expect(revalidated.status).toBe(304);
  });

  it("matches a tag in a list, a strong form of the tag, and *", async () => {
    const etag = await currentTag("/api/finished-goods/");
    for (const header of [`W/"other", ${etag}`, etag.slice(2), "*"]) {
      const res = await call("GET", "/api/finished-goods/", undefined, { key, headers: { "If-None-Match": header } });
      expect(res.status, header).toBe(304);
    }
  });

  it("answers the whole list for a stale tag, and the new tag is current", async () => {
    const etag = await currentTag("/api/finished-goods/");
    expect((await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 1 }, { key })).status).toBe(200);
    const res = await call("GET", "/api/finished-goods/", undefined, { key, headers: { "If-None-Match": etag } });
    expect(res.status).toBe(200);
    const next = res.headers.get("ETag") ?? "";
    expect(next).not.toBe(etag);
    const body = (await res.json()) as { packages: { metrc_number: string; current_grams: number }[] };
    expect(body.packages.find((p) => p.metrc_number === metrc)?.current_grams).toBe(99);
    const again = await call("GET", "/api/finished-goods/", undefined, { key, headers: { "If-None-Match": next } });
    expect(again.status).toBe(304);
  });

  it("does not take a tag of one list for another", async () => {
    const data = await currentTag("/api/data");
    const archive = await call("GET", "/api/archive", undefined, { key, headers: { "If-None-Match": data } });
    expect(archive.status).toBe(200);
    const withHistory = await call("GET", "/api/data?include_history=true", undefined, { key, headers: { "If-None-Match": data } });
    expect(withHistory.status).toBe(200);
  });

  it("leaves other methods and paths to the app", async () => {
    const etag = await currentTag("/api/finished-goods/");
    const post = await call("POST", "/api/finished-goods/", {}, { key, headers: { "If-None-Match": etag } });
    expect(post.status).toBe(400);
    const summary = await call("GET", "/api/finished-goods/summary", undefined, { key, headers: { "If-None-Match": etag } });
    expect(summary.status).toBe(200);
  });
});

describe("answerIfNotModified (the front door itself)", () => {
  const request = (path: string, headers: Record<string, string>, method = "GET") =>
    new Request(`https://prt.example${path}`, { method, headers });

  it("answers a current tag with a valid key itself", async () => {
    const etag = await currentTag("/api/finished-goods/");
    const answer = await answerIfNotModified(request("/api/finished-goods/", { "X-API-Key": key, "If-None-Match": etag }), env);
    expect(answer?.status).toBe(304);
    expect(answer?.headers.get("ETag")).toBe(etag);
  });

  it("hands over, without a turn, what it cannot answer cheaply", () => {
    expect(answerIfNotModified(request("/api/finished-goods/", { "X-API-Key": key }), env)).toBeNull();
    expect(answerIfNotModified(request("/api/finished-goods/", { "If-None-Match": "*" }), env)).toBeNull();
    expect(answerIfNotModified(request("/api/finished-goods/summary", { "X-API-Key": key, "If-None-Match": "*" }), env)).toBeNull();
    expect(answerIfNotModified(request("/api/data", { "X-API-Key": key, "If-None-Match": "*" }, "POST"), env)).toBeNull();
  });

  it("hands over a wrong key and a stale tag to the app", async () => {
    const etag = await currentTag("/api/data");
    expect(await answerIfNotModified(request("/api/data", { "X-API-Key": "wrong", "If-None-Match": etag }), env)).toBeNull();
    expect(await answerIfNotModified(request("/api/data", { "X-API-Key": key, "If-None-Match": 'W/"stale"' }), env)).toBeNull();
  });
});
