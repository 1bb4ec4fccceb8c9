/// <reference types="vite/client" />
import { SELF } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import customLayout from "../fixtures/snapshots/custom-layout.csv?raw";
import malformed from "../fixtures/snapshots/malformed.csv?raw";
import storeA from "../fixtures/snapshots/store-a.csv?raw";
import storeALater from "../fixtures/snapshots/store-a-later.csv?raw";
import storeB from "../fixtures/snapshots/store-b.csv?raw";
import { checkContract } from "../helpers/contract";
import { call, createApiKey, db, json, login, ORIGIN, setPassword } from "../helpers/http";

let cookie = "";

beforeAll(async () => {
  await setPassword();
  cookie = await login();
});

async function upload(files: [string, string][], field = "files[]", headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, text] of files) form.append(field, new File([text], name, { type: "text/csv" }));
  const res = await SELF.fetch(`${ORIGIN}/api/recommendations/upload`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: ORIGIN, ...headers },
  });
  // Multipart uploads bypass call(): their answers go through the same contract check.
  await checkContract("POST", "/api/recommendations/upload", res);
  return res;
}

const asSession = (method: string, path: string, body?: unknown) => call(method, path, body, { cookie });

async function counts() {
  const [snaps] = await db().all<{ n: number }>(sql`SELECT count(*) AS n FROM snapshots`);
  const [rows] = await db().all<{ n: number }>(sql`SELECT count(*) AS n FROM snapshot_rows`);
  return { snapshots: snaps?.n, rows: rows?.n };
}

type UploadReply = { success: boolean; strain_count: number; store_count: number; timestamp: string; files_processed: string[] };

let first = "";
let second = "";

describe("POST /api/recommendations/upload", () => {
  it("turns store CSV files into a snapshot", async () => {
    const res = await upload([
      ["store-a.csv", storeA],
      ["store-b.csv", storeB],
    ]);
    expect(res.status).toBe(200);
    const body = await json<UploadReply>(res);
    expect(body).toMatchObject({ success: true, strain_count: 4, store_count: 2, files_processed: ["store-a.csv", "store-b.csv"] });
    expect(Date.parse(body.timestamp)).not.toBeNaN();
    first = body.timestamp;
  });

  it("refuses a malformed CSV, naming the file and line, and stores nothing", async () => {
    const before = await counts();
    const res = await upload([
      ["store-b.csv", storeB],
      ["malformed.csv", malformed],
    ]);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: 'malformed.csv line 3: On Hand "ten" is not a non-negative number' });
    expect(await counts()).toEqual(before);
  });

  it.each([
    ["no files", () => upload([], "other"), "No files uploaded"],
    ["an empty file", () => upload([["empty.csv", ""]]), "empty.csv line 1: the file is empty"],
    ["a 3 MB file", () => upload([["big.csv", "x".repeat(3 * 1024 * 1024)]]), "big.csv is larger than 2 MB"],
    [
      "21 files",
      () => upload(Array.from({ length: 21 }, (_, i): [string, string] => [`s${i}.csv`, storeB])),
      "At most 20 files per upload",
    ],
  ])("refuses %s", async (_label, send, error) => {
    const before = await counts();
    const res = await send();
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
    expect(await counts()).toEqual(before);
  });

  it("refuses a JSON body", async () => {
    const res = await asSession("POST", "/api/recommendations/upload", { files: ["a"] });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "Upload the CSV files as multipart/form-data in files[]" });
  });

  it("is session only and refuses a cross-site post", async () => {
    const key = await createApiKey();
    const withKey = await call("POST", "/api/recommendations/upload", undefined, { key });
    expect(withKey.status).toBe(401);
    expect(await json(withKey)).toEqual({ error: "Authentication required" });
    const crossSite = await upload([["store-b.csv", storeB]], "files[]", { Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
  });

  it("keeps SQL-looking and unicode names as plain text", async () => {
    const res = await upload([["ünïcode 🌿.csv", 'Product,On Hand,Units Sold\n"\'; DROP TABLE snapshots; --",5,5\nBlüe Dréam 🌿,1,1\n']]);
    expect(res.status).toBe(200);
    const { timestamp } = await json<UploadReply>(res);
    const snap = await json<{ data: { combined: { strain: string }[]; stores: string[] } }>(
      await asSession("GET", `/api/snapshots/${encodeURIComponent(timestamp)}`),
    );
    expect(snap.data.stores).toEqual(["ünïcode 🌿"]);
    expect(snap.data.combined.map((r) => r.strain)).toEqual(["'; DROP TABLE snapshots; --", "Blüe Dréam 🌿"]);
  });
});

describe("GET /api/snapshots/{timestamp} and GET /api/recommendations", () => {
  it("shows the combined rows and the stores", async () => {
    const res = await asSession("GET", `/api/snapshots/${encodeURIComponent(first)}`);
    expect(res.status).toBe(200);
    const body = await json<{ timestamp: string; data: { combined: unknown[]; stores: string[] } }>(res);
    expect(body.timestamp).toBe(first);
    expect(body.data.stores).toEqual(["Store A", "store-b"]);
    expect(body.data.combined[0]).toEqual({
      strain: "Blue Dream",
      total_inventory: 450,
      avg_sold_per_day: 12.5,
      days_until_stockout: 36,
      urgency: "low",
      priority_score: 35,
    });
  });

  it("answers 404 for an unknown timestamp", async () => {
    for (const ts of ["2020-01-01T00:00:00Z", "'; DROP TABLE snapshots; --", "%F0%9F%8C%BF"]) {
      const res = await asSession("GET", `/api/snapshots/${ts}`);
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ error: "Snapshot not found" });
    }
  });

  it("serves the newest snapshot as the recommendations", async () => {
    const res = await upload([
      ["store-a-later.csv", storeALater],
      ["store-b.csv", storeB],
    ]);
    second = (await json<UploadReply>(res)).timestamp;
    const latest = await json<{ timestamp: string }>(await asSession("GET", "/api/recommendations"));
    expect(latest.timestamp).toBe(second);
  });

  it("lists snapshots newest first", async () => {
    const body = await json<{ snapshots: { timestamp: string; files_processed: string[]; strain_count: number }[] }>(
      await asSession("GET", "/api/snapshots/history"),
    );
    expect(body.snapshots[0]).toMatchObject({ timestamp: second, files_processed: ["store-a-later.csv", "store-b.csv"], strain_count: 4 });
    expect(body.snapshots.map((s) => s.timestamp)).toContain(first);
  });
});

describe("POST /api/snapshots/compare-detailed and /insights", () => {
  it("compares two snapshots per strain", async () => {
    const res = await asSession("POST", "/api/snapshots/compare-detailed", { timestamp1: first, timestamp2: second });
    const body = await json<{ comparisons: { strain: string; status: string; changes: { inventory_delta: number } }[] }>(res);
    expect(body.comparisons.map((c) => [c.strain, c.status, c.changes.inventory_delta])).toEqual([
      ["Blue Dream", "updated", -200],
      ["Gelato, Reserve", "removed", -100],
      ["OG Kush", "updated", -40],
      ["Runtz", "new", 50],
      ["Wedding Cake", "unchanged", 0],
    ]);
  });

  it("narrows the comparison to one store", async () => {
    const res = await asSession("POST", "/api/snapshots/compare-detailed", {
      timestamp1: first,
      timestamp2: second,
      store_filter: "store b",
    });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Store not found in either snapshot" });
    const ok = await json<{ comparisons: { strain: string; status: string }[] }>(
      await asSession("POST", "/api/snapshots/compare-detailed", { timestamp1: first, timestamp2: second, store_filter: "STORE-B" }),
    );
    expect(ok.comparisons.every((c) => c.status === "unchanged")).toBe(true);
  });

  it("draws insights", async () => {
    const res = await asSession("POST", "/api/snapshots/insights", { timestamp1: first, timestamp2: second });
    expect(await json(res)).toEqual({
      insights: [
        { type: "danger", title: "Urgency Increased", message: "1 strain(s) now more urgent: Blue Dream" },
        { type: "info", title: "New Strains", message: "1 new strain(s) appeared: Runtz" },
        { type: "warning", title: "Strains Removed", message: "1 strain(s) no longer reported: Gelato, Reserve" },
      ],
    });
  });

  it.each([
    ["/api/snapshots/compare-detailed", { timestamp1: "nope", timestamp2: "x" }, 404, "Snapshot not found"],
    ["/api/snapshots/compare-detailed", { timestamp2: "x" }, 400, "timestamp1 is required"],
    ["/api/snapshots/compare-detailed", { timestamp1: 5, timestamp2: "x" }, 400, "Invalid value for timestamp1"],
    ["/api/snapshots/insights", { timestamp1: "x".repeat(2_000_000), timestamp2: "x" }, 400, "Invalid value for timestamp1"],
    ["/api/snapshots/insights", { timestamp1: "a" }, 400, "timestamp2 is required"],
    ["/api/snapshots/export-csv", {}, 400, "timestamp is required"],
    ["/api/snapshots/export-csv", { timestamp: "2020-01-01T00:00:00Z" }, 404, "Snapshot not found"],
  ])("%s with %j → %i", async (path, body, status, error) => {
    const res = await asSession("POST", path, body);
    expect(res.status).toBe(status);
    expect(await json(res)).toEqual({ error });
  });
});

describe("POST /api/snapshots/export-csv", () => {
  it("exports a snapshot that uploads back to the same figures", async () => {
    const res = await asSession("POST", "/api/snapshots/export-csv", { timestamp: first });
    const exported = await json<{ csv: string; filename: string }>(res);
    expect(exported.filename).toBe(`snapshot-${first.replace(/[:.]/g, "-")}.csv`);
    const again = await json<UploadReply>(await upload([[exported.filename, exported.csv]]));
    const original = await json<{ data: unknown }>(await asSession("GET", `/api/snapshots/${encodeURIComponent(first)}`));
    const reimported = await json<{ data: unknown }>(await asSession("GET", `/api/snapshots/${encodeURIComponent(again.timestamp)}`));
    expect(reimported.data).toEqual(original.data);
  });
});

describe("the CSV column mapping", () => {
  it("documents the default and accepts a new layout", async () => {
    const current = await json(await asSession("GET", "/api/snapshots/csv-mapping"));
    expect(current).toEqual({
      mapping: {
        store: "Store",
        strain: "Product",
        on_hand: "On Hand",
        units_sold: "Units Sold",
        period_days: "Period Days",
        default_period_days: 30,
      },
      default: {
        store: "Store",
        strain: "Product",
        on_hand: "On Hand",
        units_sold: "Units Sold",
        period_days: "Period Days",
        default_period_days: 30,
      },
    });
    const mapping = {
      store: "Shop",
      strain: "Strain Name",
      on_hand: "Qty",
      units_sold: "Sold 7d",
      period_days: "Days",
      default_period_days: 7,
    };
    const put = await asSession("PUT", "/api/snapshots/csv-mapping", mapping);
    expect(put.status).toBe(200);
    const res = await upload([["custom-layout.csv", customLayout]]);
    const { timestamp } = await json<UploadReply>(res);
    const snap = await json<{ data: { combined: { strain: string; urgency: string }[]; stores: string[] } }>(
      await asSession("GET", `/api/snapshots/${encodeURIComponent(timestamp)}`),
    );
    expect(snap.data.stores).toEqual(["Downtown"]);
    expect(snap.data.combined.map((r) => [r.strain, r.urgency])).toEqual([
      ["Blue Dream", "medium"],
      ["Runtz", "high"],
    ]);
    await asSession("PUT", "/api/snapshots/csv-mapping", {
      store: "Store",
      strain: "Product",
      on_hand: "On Hand",
      units_sold: "Units Sold",
      period_days: "Period Days",
      default_period_days: 30,
    });
  });

  it.each([
    [{ store: "Store" }, "strain is required"],
    [
      { store: "", strain: "a", on_hand: "b", units_sold: "c", period_days: "d", default_period_days: 30 },
      "column names must not be empty",
    ],
    [
      { store: "a", strain: "a", on_hand: "b", units_sold: "c", period_days: "d", default_period_days: -1 },
      "default_period_days must be greater than 0",
    ],
    [
      { store: "a", strain: "a", on_hand: "b", units_sold: "c", period_days: "d", default_period_days: 1, extra: 1 },
      "Invalid value for request",
    ],
  ])("refuses %j", async (body, error) => {
    const res = await asSession("PUT", "/api/snapshots/csv-mapping", body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
  });
});

describe("hostile bodies on the snapshot POSTs", () => {
  const paths = ["/api/snapshots/compare-detailed", "/api/snapshots/insights", "/api/snapshots/export-csv"];
  const bodies: [string, unknown][] = [
    ["null", "null"],
    ["an array", [first]],
    ["numbers", { timestamp: 1, timestamp1: 1, timestamp2: 2 }],
    ["objects", { timestamp: {}, timestamp1: { $ne: "" }, timestamp2: [] }],
    ["SQL", { timestamp: "' OR 1=1 --", timestamp1: "' OR 1=1 --", timestamp2: "x'); DROP TABLE snapshots; --" }],
    ["unicode", { timestamp: "🌿", timestamp1: "🌿", timestamp2: "ß", store_filter: "🌿" }],
  ];
  for (const path of paths) {
    it.each(bodies)(`${path} answers 4xx JSON to %s`, async (_label, body) => {
      const res = await asSession("POST", path, body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(typeof (await json(res)).error).toBe("string");
    });
  }
});
