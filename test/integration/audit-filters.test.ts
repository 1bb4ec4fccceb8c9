import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/schema";
import { call, createApiKey, db, json } from "../helpers/http";

/** GET /api/audit's batch and field filters (the original had none); without them the answer is unchanged. */

let key = "";
const get = (path: string) => call("GET", path, undefined, { key });
type Row = { id: number; batch: string; field: string; ts: string };

beforeAll(async () => {
  key = await createApiKey();
  const at = (minutes: number) => new Date(Date.UTC(2026, 10, 1, 12, minutes)).toISOString();
  await db()
    .insert(auditLog)
    .values([
      { batch: "a1", strain: "Blue Dream", ts: at(1), field: "counts_0_5", old: "0", new: "10" },
      { batch: "a1", strain: "Blue Dream", ts: at(2), field: "stage", old: "1", new: "2" },
      { batch: "a2", strain: "OG Kush", ts: at(3), field: "counts_0_5", old: "0", new: "5" },
      { batch: "a1", strain: "Blue Dream", ts: at(4), field: "counts_0_5", old: "10", new: "20" },
      { batch: "a2", strain: "OG Kush", ts: at(4), field: "counts_1_0", old: "0", new: "7" },
    ]);
});

describe("GET /api/audit filters", () => {
  it("without filters lists every row newest first", async () => {
    const rows = await json<Row[]>(await get("/api/audit"));
    expect(rows.map((r) => [r.batch, r.field])).toEqual([
      ["a2", "counts_1_0"],
      ["a1", "counts_0_5"],
      ["a2", "counts_0_5"],
      ["a1", "stage"],
      ["a1", "counts_0_5"],
    ]);
  });

  it("filters by batch, by field, and by both", async () => {
    const byBatch = await json<Row[]>(await get("/api/audit?batch=a1"));
    expect(byBatch.map((r) => r.field)).toEqual(["counts_0_5", "stage", "counts_0_5"]);
    const byField = await json<Row[]>(await get("/api/audit-log?field=counts_0_5"));
    expect(byField.map((r) => r.batch)).toEqual(["a1", "a2", "a1"]);
    const both = await json<Row[]>(await get("/api/audit?batch=a2&field=counts_0_5"));
    expect(both.map((r) => [r.batch, r.field])).toEqual([["a2", "counts_0_5"]]);
    expect(await json(await get("/api/audit?batch=nobody"))).toEqual([]);
  });

  it("pages inside a filter with limit, before and before_id", async () => {
    const first = await json<Row[]>(await get("/api/audit?field=counts_0_5&limit=2"));
    expect(first.map((r) => r.batch)).toEqual(["a1", "a2"]);
    const last = first.at(-1);
    const next = await json<Row[]>(
      await get(`/api/audit?field=counts_0_5&limit=2&before=${encodeURIComponent(last?.ts ?? "")}&before_id=${last?.id}`),
    );
    expect(next.map((r) => [r.batch, r.ts.slice(14, 16)])).toEqual([["a1", "01"]]);
  });

  it("refuses an empty or overlong filter with a 400", async () => {
    for (const query of ["batch=", "field=%20", `field=${"x".repeat(101)}`]) {
      const res = await get(`/api/audit?${query}`);
      expect(res.status, query).toBe(400);
      expect(await json<{ error: string }>(res)).toHaveProperty("error");
    }
  });
});
