import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows, createPackage, historyCount, newMetrc, rowOf } from "../helpers/finished-goods";
import { call, createApiKey, json } from "../helpers/http";

let key = "";
beforeAll(async () => {
  key = await createApiKey();
});

type Body = Record<string, unknown>;
const get = async (path: string, headers: Record<string, string> = {}) => call("GET", path, undefined, { key, headers });

describe("POST /api/finished-goods/", () => {
  it("creates a package with initial = current grams, status active and a created history row", async () => {
    const metrc = newMetrc();
    const res = await call(
      "POST",
      "/api/finished-goods/",
      { metrc_number: metrc, strain: "OG Kush", grams: 750, notes: "From batch 7" },
      { key },
    );
    expect(res.status).toBe(201);
    const body = await json<Body>(res);
    expect(body).toMatchObject({
      success: true,
      message: `Package ${metrc} created successfully`,
      package: { metrc_number: metrc, strain: "OG Kush", initial_grams: 750, current_grams: 750, status: "active", notes: "From batch 7" },
    });
    const history = await env.DB.prepare(
      "SELECT change_type, current_grams, status, details FROM finished_goods_history WHERE metrc_number = ?",
    )
      .bind(metrc)
      .all();
    expect(history.results).toHaveLength(1);
    expect(history.results[0]).toMatchObject({ change_type: "created", current_grams: 750, status: "active" });
    expect(JSON.parse(String(history.results[0]?.details))).toMatchObject({
      reason: "initial package creation",
      source: "api",
      grams: 750,
    });
  });

  it("works without the trailing slash and stores lower-case tags in upper case", async () => {
    const metrc = newMetrc().toLowerCase();
    const res = await call("POST", "/api/finished-goods", { metrc_number: metrc, strain: "Gelato", grams: 1 }, { key });
    expect(res.status).toBe(201);
    expect(await rowOf(metrc.toUpperCase())).toMatchObject({ strain: "Gelato" });
    expect((await get(`/api/finished-goods/${metrc}`)).status).toBe(200);
  });

  it("links a source batch when it exists", async () => {
    await env.DB.prepare(
      "INSERT INTO batches (id, strain, input_grams, target_grams_each) VALUES ('batch-src-1', 'OG Kush', 1000, 1)",
    ).run();
    const metrc = newMetrc();
    const res = await call(
      "POST",
      "/api/finished-goods/",
      { metrc_number: metrc, strain: "OG Kush", grams: 10, source_batch_id: "batch-src-1" },
      { key },
    );
    expect(res.status).toBe(201);
    expect(await rowOf(metrc)).toMatchObject({ source_batch_id: "batch-src-1" });
  });

  it.each([
    [{ strain: "X", grams: 1 }, "metrc_number is required"],
    [{ metrc_number: "", strain: "X", grams: 1 }, "metrc_number is required"],
    [
      { metrc_number: "1A40603 00000SHORT", strain: "X", grams: 1 },
      "metrc_number must be 1 to 64 letters, digits, dots, dashes or underscores",
    ],
    [
      { metrc_number: "1A4060300000/0000001", strain: "X", grams: 1 },
      "metrc_number must be 1 to 64 letters, digits, dots, dashes or underscores",
    ],
    [{ metrc_number: "x".repeat(65), strain: "X", grams: 1 }, "metrc_number must be 1 to 64 letters, digits, dots, dashes or underscores"],
    [
      { metrc_number: "x".repeat(2_000_000), strain: "X", grams: 1 },
      "metrc_number must be 1 to 64 letters, digits, dots, dashes or underscores",
    ],
    [{ metrc_number: 12345, strain: "X", grams: 1 }, "metrc_number must be 1 to 64 letters, digits, dots, dashes or underscores"],
    [{ metrc_number: "1A4060300000BADR00000001", grams: 1 }, "strain is required"],
    [{ metrc_number: "1A4060300000BADR00000001", strain: "   ", grams: 1 }, "strain is required"],
    [{ metrc_number: "1A4060300000BADR00000001", strain: "X" }, "grams must be a positive number"],
    [{ metrc_number: "1A4060300000BADR00000001", strain: "X", grams: 0 }, "grams must be a positive number"],
    [{ metrc_number: "1A4060300000BADR00000001", strain: "X", grams: -5 }, "grams must be a positive number"],
    [{ metrc_number: "1A4060300000BADR00000001", strain: "X", grams: "500" }, "grams must be a positive number"],
    [{ metrc_number: "1A4060300000BADR00000001", strain: "X", grams: 1e308 }, "grams must be a positive number"],
    [
      { metrc_number: "1A4060300000BADR00000001", strain: "X", grams: 1, source_batch_id: "no-such-batch" },
      "source_batch_id does not match a batch",
    ],
  ])("refuses %j and stores nothing", async (body, error) => {
    const before = await countRows("finished_goods");
    const res = await call("POST", "/api/finished-goods/", body, { key });
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await countRows("finished_goods")).toBe(before);
  });

  it("takes a label that is not a 24-character METRC tag, as the original did", async () => {
    const metrc = `TEST-${Date.now().toString(36)}`;
    const res = await call("POST", "/api/finished-goods/", { metrc_number: metrc, strain: "Label Kush", grams: 12.5 }, { key });
    expect(res.status).toBe(201);
    expect(await rowOf(metrc.toUpperCase())).toMatchObject({ strain: "Label Kush", current_grams: 12.5 });
    const read = await call("GET", `/api/finished-goods/${metrc}`, undefined, { key });
    expect(read.status).toBe(200);
  });

  it("refuses invalid JSON", async () => {
    const res = await call("POST", "/api/finished-goods/", "{not json", { key });
    expect([res.status, await res.json()]).toEqual([400, { error: "Invalid JSON" }]);
  });

  it("refuses a duplicate METRC tag with 409 and keeps the first package", async () => {
    const metrc = await createPackage(key, { strain: "First", grams: 100 });
    const res = await call("POST", "/api/finished-goods/", { metrc_number: metrc, strain: "Second", grams: 5 }, { key });
    expect([res.status, await res.json()]).toEqual([409, { error: "Package already exists" }]);
    expect(await rowOf(metrc)).toMatchObject({ strain: "First", current_grams: 100 });
    expect(await historyCount(metrc)).toBe(1);
  });

  it("stores unicode and SQL-looking text verbatim", async () => {
    const strain = "Blüe Dréam 🌿'; DROP TABLE finished_goods; --";
    const metrc = await createPackage(key, { strain, grams: 3 });
    expect(await rowOf(metrc)).toMatchObject({ strain });
  });
});

describe("GET /api/finished-goods/", () => {
  let strainTag = "";
  let active = "";
  let depleted = "";
  let archived = "";
  beforeAll(async () => {
    strainTag = `Filter Kush ${Date.now()}`;
    active = await createPackage(key, { strain: strainTag, grams: 200 });
    depleted = await createPackage(key, { strain: strainTag, grams: 10 });
    await call("POST", `/api/finished-goods/${depleted}/set-ordered`, { grams: 10 }, { key });
    archived = await createPackage(key, { strain: strainTag, grams: 50 });
    await call("DELETE", `/api/finished-goods/${archived}`, undefined, { key });
  });

  it("lists live packages with every column and the derived fields", async () => {
    const res = await get(`/api/finished-goods/?strain=${encodeURIComponent(strainTag)}`);
    expect(res.status).toBe(200);
    const body = await json<{ packages: Body[]; total: number; summary: Body; settings: Body }>(res);
    expect(body.packages.map((p) => p.metrc_number).sort()).toEqual([active, depleted].sort());
    expect(body.total).toBe(2);
    const pkg = body.packages.find((p) => p.metrc_number === active);
    expect(pkg).toMatchObject({
      strain: strainTag,
      initial_grams: 200,
      current_grams: 200,
      status: "active",
      grams_ordered: 0,
      grams_packed: 0,
      grams_packed_lifetime: 0,
      grams_fulfilled: 0,
      sku_breakdown: null,
      apex_auto_inventory: 0,
      physical_grams_override: null,
      effective_grams: 200,
      available_grams: 200,
      has_physical_override: false,
      wholesale_holds: {},
      apex_calculated_units: {
        "0.5g Singles": 400,
        "1.0g Singles": 200,
        "0.5g 6-Pack (Magnetic Box)": 66,
        "0.5g 12-Pack (Magnetic Box)": 33,
      },
    });
    expect(pkg).not.toHaveProperty("processed_decrements");
    expect(body.summary).toMatchObject({
      total_packages: expect.any(Number),
      active_packages: expect.any(Number),
      total_grams: expect.any(Number),
      total_strains: expect.any(Number),
    });
    expect(body.settings).toMatchObject({ warning_grams: 500, critical_grams: 50 });
    expect(body.packages.find((p) => p.metrc_number === depleted)).toMatchObject({ status: "depleted", available_grams: 0 });
  });

  it.each([
    ["include_archived=true", ["active", "depleted", "archived"]],
    ["status=archived", ["archived"]],
    ["status=depleted", ["depleted"]],
    ["status=active", ["active"]],
  ])("filters with %s", async (filter, expected) => {
    const res = await get(`/api/finished-goods/?strain=${encodeURIComponent(strainTag)}&${filter}`);
    const body = await json<{ packages: Body[] }>(res);
    const ids = { active, depleted, archived } as Record<string, string>;
    expect(body.packages.map((p) => p.metrc_number).sort()).toEqual(expected.map((k) => ids[k]).sort());
  });

  it("matches strain partially and case-insensitively, and search matches METRC or strain", async () => {
    const partial = await json<{ packages: Body[] }>(
      await get(`/api/finished-goods?strain=${encodeURIComponent(strainTag.slice(0, 8).toUpperCase())}`),
    );
    expect(partial.packages.map((p) => p.metrc_number)).toEqual(expect.arrayContaining([active, depleted]));
    const byTag = await json<{ packages: Body[] }>(await get(`/api/finished-goods/?search=${active.slice(-8)}`));
    expect(byTag.packages.map((p) => p.metrc_number)).toEqual([active]);
    const wildcard = await json<{ packages: Body[] }>(await get("/api/finished-goods/?search=%25%25"));
    expect(wildcard.packages).toEqual([]);
  });

  it.each([["status=gone"], ["include_archived=maybe"], [`search=${"x".repeat(300)}`]])("refuses %s", async (query) => {
    const res = await get(`/api/finished-goods/?${query}`);
    expect(res.status).toBe(400);
  });

  it("answers 304 for If-None-Match with the current ETag and a new body after a change", async () => {
    const first = await get("/api/finished-goods/");
    const etag = first.headers.get("ETag");
    expect(etag).toBeTruthy();
    const again = await get("/api/finished-goods/", { "If-None-Match": etag ?? "" });
    expect(again.status).toBe(304);
    // Only what updates the stored answer travels on a 304.
    expect([again.headers.get("ETag"), again.headers.get("Cache-Control")]).toEqual([etag, "private, no-cache"]);
    expect(again.headers.get("Content-Security-Policy")).toBeNull();
    await call("POST", `/api/finished-goods/${active}/deduct`, { grams: 1 }, { key });
    const after = await get("/api/finished-goods/", { "If-None-Match": etag ?? "" });
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(etag);
    const body = await json<{ packages: Body[] }>(after);
    expect(body.packages.find((p) => p.metrc_number === active)?.current_grams).toBe(199);
  });

  it("needs credentials", async () => {
    expect([(await call("GET", "/api/finished-goods/")).status]).toEqual([401]);
    const wrong = await call("GET", "/api/finished-goods/", undefined, { key: "nope" });
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: "Invalid API key" }]);
  });
});

describe("GET /api/finished-goods/summary, last-updated, history, calculator", () => {
  it("gives the same totals as the lists, whether summed from the live rows or counted in SQL", async () => {
    const overridden = await createPackage(key, { strain: "Summary Check", grams: 123.4567 });
    await call("POST", `/api/finished-goods/${overridden}/physical-override`, { physical_grams: 100.1234 }, { key });
    await call("POST", `/api/finished-goods/${overridden}/order`, { grams: 10.5 }, { key });
    const overHeld = await createPackage(key, { strain: "Summary Check", grams: 3 });
    const orphan = await createPackage(key, { strain: "Summary Orphan", grams: 40 });
    await env.DB.batch([
      env.DB.prepare(
        "INSERT INTO wholesale_holds (id, metrc_number, sku_name, sku_key, grams_per_unit, quantity, created_date) VALUES (?, ?, '0.5g Singles', 'singles_0_5g', 0.5, 7, '2026-02-01T00:00:00Z')",
      ).bind(`hold-${overridden}`, overridden),
      env.DB.prepare(
        "INSERT INTO wholesale_holds (id, metrc_number, sku_name, sku_key, grams_per_unit, quantity, created_date) VALUES (?, ?, '1.0g Singles', 'singles_1g', 1, 5, '2026-02-01T00:00:00Z')",
      ).bind(`hold-${overHeld}`, overHeld),
      env.DB.prepare("UPDATE finished_goods SET status = 'orphaned' WHERE metrc_number = ?").bind(orphan),
    ]);
    // Rows changed straight in D1 do not move the clock: ask for a fresh read.
    const fresh = { "Cache-Control": "no-cache" };
    const fromSql = await json<Body>(await get("/api/finished-goods/summary"));
    const unfiltered = await json<{ summary: Body }>(await get("/api/finished-goods/", fresh));
    const withArchived = await json<{ summary: Body }>(await get("/api/finished-goods/?include_archived=true", fresh));
    expect(fromSql.orphaned_packages).toBeGreaterThanOrEqual(1);
    expect(fromSql.archived_packages).toBeGreaterThanOrEqual(1);
    expect(unfiltered.summary).toEqual(fromSql);
    expect(withArchived.summary).toEqual(fromSql);
  });

  it("summarises counts and grams", async () => {
    const res = await get("/api/finished-goods/summary");
    const summary = await json<Body>(res);
    const count = await env.DB.prepare("SELECT count(*) AS n, SUM(status = 'archived') AS a FROM finished_goods").first<{
      n: number;
      a: number;
    }>();
    expect(summary).toMatchObject({ total_packages: count?.n, archived_packages: count?.a });
    expect(Object.keys(summary).sort()).toEqual(
      [
        "active_packages",
        "archived_packages",
        "depleted_packages",
        "orphaned_packages",
        "total_available_grams",
        "total_grams",
        "total_packages",
        "total_strains",
      ].sort(),
    );
  });

  it("moves last-updated on every change", async () => {
    const metrc = await createPackage(key, { grams: 10 });
    const before = await json<{ timestamp: string }>(await get("/api/finished-goods/last-updated"));
    expect(before.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await call("POST", `/api/finished-goods/${metrc}/add`, { grams: 1 }, { key });
    const after = await json<{ timestamp: string }>(await get("/api/finished-goods/last-updated"));
    expect(after.timestamp > before.timestamp).toBe(true);
  });

  it("lists recent history newest first with details as a JSON string", async () => {
    const metrc = await createPackage(key, { grams: 10 });
    await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 2, reason: "wholesale order" }, { key });
    const body = await json<{ history: Body[]; total: number }>(await get("/api/finished-goods/history?limit=2"));
    expect(body.total).toBe(2);
    expect(body.history[0]).toMatchObject({
      metrc_number: metrc,
      change_type: "deducted",
      current_grams: 8,
      grams_ordered: 0,
      grams_packed: 0,
      status: "active",
    });
    expect(typeof body.history[0]?.details).toBe("string");
    expect(JSON.parse(String(body.history[0]?.details))).toMatchObject({ reason: "wholesale order" });
    expect(body.history[1]).toMatchObject({ metrc_number: metrc, change_type: "created" });
  });

  it.each([["limit=0"], ["limit=abc"], ["limit=1e9"]])("refuses history?%s", async (q) => {
    expect((await get(`/api/finished-goods/history?${q}`)).status).toBe(400);
  });

  it("calculates units for the G = 500 example", async () => {
    const res = await get("/api/finished-goods/calculator?grams=500");
    expect(await json(res)).toEqual({
      input_grams: 500,
      primary_sizes: { "0.5g_singles": 1000, "1.0g_singles": 500, "0.5g_6pack": 166, "0.5g_12pack": 83 },
      custom_sizes: { "0.7g": 714, "0.8g": 625 },
    });
  });

  it.each([
    ["", "grams parameter is required"],
    ["?grams=", "grams must be a positive number"],
    ["?grams=abc", "grams must be a positive number"],
    ["?grams=-1", "grams must be a positive number"],
    ["?grams=1e308", "grams must be a positive number"],
    ["?grams=NaN", "grams must be a positive number"],
  ])("calculator%s → 400 %s", async (q, error) => {
    const res = await get(`/api/finished-goods/calculator${q}`);
    expect([res.status, await res.json()]).toEqual([400, { error }]);
  });
});
