import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";
import { auditRows, batchRow, seedBatch, setStock, stock, usageRows } from "./batches-fixtures";

let key: string;
let cookie: string;

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

const delta = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  call("POST", `/api/batch/${id}/count-deltas`, body, { key, headers });

async function storedKeys(): Promise<number> {
  return (await db().get<{ n: number }>(sql`SELECT count(*) AS n FROM idempotency_keys`))?.n ?? 0;
}

describe("POST /api/batch/{batch_id}/count-deltas", () => {
  it("adds to one size's count and answers the new counts, with an audit row, paper use and a rate snapshot", async () => {
    await setStock("0_5", 10, 0);
    const id = await seedBatch({
      counts_0_5: 100,
      _last_inventory_consumed_0_5: 100,
      stage: 2,
      current_session_start: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    const res = await delta(id, { size: "0.5g", delta: 25 });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      ok: true,
      batch_id: id,
      size: "0_5",
      delta: 25,
      counts_0_5: 125,
      counts_0_7: 0,
      counts_1_0: 0,
      version: 1,
    });
    const row = await batchRow(id);
    expect(row).toMatchObject({ counts_0_5: 125, _last_inventory_consumed_0_5: 125 });
    expect(JSON.parse(row?.rate_history ?? "[]").at(-1)).toMatchObject({ total_count: 125 });
    expect((await auditRows(id)).map(({ field, old, new: after, actor }) => ({ field, old, new: after, actor }))).toEqual([
      { field: "counts_0_5", old: "100", new: "125", actor: "api_key" },
    ]);
    expect(await usageRows(id)).toEqual([{ size: "0_5", papers_used: 25 }]);
    expect(await stock("0_5")).toEqual({ boxes: 9, individual_papers: 975 });
  });

  it("takes away with a negative delta and returns the papers", async () => {
    await setStock("1_0", 2, 0);
    const id = await seedBatch({ counts_1_0: 60, _last_inventory_consumed_1_0: 60 });
    const res = await call("POST", `/api/batch/${id}/count-deltas`, { size: "1_0", delta: -25 }, { cookie });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ counts_1_0: 35 });
    expect(await stock("1_0")).toEqual({ boxes: 2, individual_papers: 25 });
    expect((await auditRows(id)).at(-1)).toMatchObject({ field: "counts_1_0", old: "60", new: "35", actor: "session" });
  });

  it("refuses a delta that would take the count below 0, with a clear message, and changes nothing", async () => {
    await setStock("0_7", 3, 7);
    const id = await seedBatch({ counts_0_7: 10, _last_inventory_consumed_0_7: 10 });
    const before = await batchRow(id);
    const res = await delta(id, { size: "0_7", delta: -25 });
    expect(res.status).toBe(409);
    expect(await json(res)).toEqual({ error: "The 0.7 g count is 10: taking away 25 would make it negative. Nothing was saved." });
    expect(await batchRow(id)).toEqual(before);
    expect(await auditRows(id)).toEqual([]);
    expect(await usageRows(id)).toEqual([]);
    expect(await stock("0_7")).toEqual({ boxes: 3, individual_papers: 7 });
  });

  it.each([
    [{ size: "0_5", delta: 0 }, "delta must be a whole number between -100000 and 100000, and not 0"],
    [{ size: "0_5", delta: 2.5 }, "delta must be a whole number between -100000 and 100000, and not 0"],
    [{ size: "0_5", delta: 100_001 }, "delta must be a whole number between -100000 and 100000, and not 0"],
    [{ size: "0_5", delta: "25" }, "delta must be a whole number between -100000 and 100000, and not 0"],
    [{ size: "2g", delta: 25 }, 'Invalid size "2g": use 0_5, 0_7 or 1_0'],
    [{ delta: 25 }, "size is required"],
    [[25], "Request body must be a JSON object"],
  ])("refuses %j with 400 and changes nothing", async (body, error) => {
    const id = await seedBatch({ counts_0_5: 5 });
    const res = await delta(id, body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error });
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 5 });
  });

  it("answers 404 for an unknown batch", async () => {
    const res = await delta("no-such-batch", { size: "0_5", delta: 25 });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
  });

  it("needs a key or a session", async () => {
    const id = await seedBatch();
    const res = await call("POST", `/api/batch/${id}/count-deltas`, { size: "0_5", delta: 25 });
    expect(res.status).toBe(401);
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 0 });
  });
});

describe("Idempotency-Key on count deltas", () => {
  it("replays the stored answer for the same key and applies once", async () => {
    const id = await seedBatch({ counts_0_5: 0 });
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const first = await delta(id, { size: "0_5", delta: 25 }, headers);
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    // Someone else counts in between: the replay still answers what the first request got.
    await delta(id, { size: "0_5", delta: 50 });
    const again = await delta(id, { size: "0_5", delta: 25 }, headers);
    expect(again.status).toBe(200);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 75 });
    expect((await auditRows(id)).length).toBe(2);
  });

  it("answers 422 for the same key with another body, and changes nothing", async () => {
    const id = await seedBatch({ counts_0_5: 0 });
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    await delta(id, { size: "0_5", delta: 25 }, headers);
    const other = await delta(id, { size: "0_5", delta: 50 }, headers);
    expect(other.status).toBe(422);
    expect(await json(other)).toEqual({
      error: "This Idempotency-Key was already used for a different request; send a new key for a new change",
    });
    const elsewhere = await call("POST", `/api/batch/${await seedBatch()}/count-deltas`, { size: "0_5", delta: 25 }, { key, headers });
    expect(elsewhere.status).toBe(422);
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 25 });
  });

  it("stores a refusal too: the same key replays it even after the count has risen", async () => {
    const id = await seedBatch({ counts_0_5: 10, _last_inventory_consumed_0_5: 10 });
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const refused = await delta(id, { size: "0_5", delta: -25 }, headers);
    expect(refused.status).toBe(409);
    await delta(id, { size: "0_5", delta: 100 });
    const again = await delta(id, { size: "0_5", delta: -25 }, headers);
    expect(again.status).toBe(409);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 110 });
  });

  it("answers 409 with Retry-After for a key whose first request has not finished, and applies nothing", async () => {
    const id = await seedBatch({ counts_0_5: 10, _last_inventory_consumed_0_5: 10 });
    const pending = crypto.randomUUID();
    await db().run(
      sql`INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at) VALUES (${pending}, 'x', 0, '', ${new Date().toISOString()})`,
    );
    const res = await delta(id, { size: "0_5", delta: 25 }, { "Idempotency-Key": pending });
    expect(res.status).toBe(409);
    expect(res.headers.get("Retry-After")).toBe("1");
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 10 });
  });

  it("refuses a malformed key with 400 before anything is written", async () => {
    const id = await seedBatch();
    const keysBefore = await storedKeys();
    const res = await delta(id, { size: "0_5", delta: 25 }, { "Idempotency-Key": "has space" });
    expect(res.status).toBe(400);
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 0 });
    expect(await storedKeys()).toBe(keysBefore);
  });

  it("applies 100 concurrent deltas from two tablets exactly, each sent twice with its key; papers equal the net rise", async () => {
    await setStock("0_5", 1000, 0);
    const id = await seedBatch({ counts_0_5: 500, _last_inventory_consumed_0_5: 500 });
    const before = await stock("0_5");
    const ops = Array.from({ length: 100 }, (_, i) => ({
      body: { size: "0_5", delta: i % 4 === 3 ? -5 : 25 },
      headers: { "Idempotency-Key": `tablet-${i % 2 ? "b" : "a"}-${i}-${crypto.randomUUID()}` },
    }));
    const sends = ops.flatMap((op) => [delta(id, op.body, op.headers), delta(id, op.body, op.headers)]);
    const statuses = (await Promise.all(sends)).map((r) => r.status);
    // Every send answers 200: the first of each pair applies, its twin gets the stored answer.
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const net = ops.reduce((sum, op) => sum + op.body.delta, 0);
    expect(net).toBe(75 * 25 - 25 * 5);
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 500 + net });
    const used = (await usageRows(id)).reduce((sum, r) => sum + r.papers_used, 0);
    expect(used).toBe(net);
    const after = await stock("0_5");
    expect(before.boxes * 1000 + before.individual_papers - (after.boxes * 1000 + after.individual_papers)).toBe(net);
    expect((await auditRows(id)).length).toBe(100);
  });
});
