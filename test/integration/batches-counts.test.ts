import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { writeSettings } from "../../src/data/settings";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";
import { auditRows, batchRow, seedBatch, setStock, stock, usageRows } from "./batches-fixtures";

let key: string;
let cookie: string;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** From `boxes` and `loose` papers of one size, saves each count of that size on a new batch in turn; the stock after each save. */
async function stockAfterSaves(size: "0_5" | "0_7" | "1_0", [boxes, loose]: [number, number], counts: number[]) {
  await setStock(size, boxes, loose);
  const id = await seedBatch();
  const after: { boxes: number; individual_papers: number }[] = [];
  for (const count of counts) {
    await call("POST", `/api/batch/${id}/counts`, { [`counts_${size}`]: count }, { key });
    after.push(await stock(size));
  }
  return { id, after };
}

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

describe("POST /api/batch/{batch_id}/counts", () => {
  it("saves running totals and answers ok, with an audit row per changed field naming the actor", async () => {
    const id = await seedBatch({ counts_0_7: 5 });
    const res = await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 250, counts_0_7: 5 }, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true });
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 250, counts_0_7: 5, counts_1_0: 0 });
    const audit = await auditRows(id);
    expect(audit.map(({ field, old, new: after, actor }) => ({ field, old, new: after, actor }))).toEqual([
      { field: "counts_0_5", old: "0", new: "250", actor: "api_key" },
    ]);
    await call("POST", `/api/batch/${id}/counts`, { counts_1_0: 3 }, { cookie });
    expect((await auditRows(id)).at(-1)).toMatchObject({ field: "counts_1_0", old: "0", new: "3", actor: "session" });
  });

  it("consumes papers for the rise, opening boxes as needed, and logs inventory_usage", async () => {
    const { id, after } = await stockAfterSaves("0_5", [10, 50], [480, 500]);
    expect(after).toEqual([
      { boxes: 9, individual_papers: 570 },
      { boxes: 9, individual_papers: 550 },
    ]);
    expect(await usageRows(id)).toEqual([
      { size: "0_5", papers_used: 480 },
      { size: "0_5", papers_used: 20 },
    ]);
    expect(await batchRow(id)).toMatchObject({ _last_inventory_consumed_0_5: 500 });
  });

  it("returns the papers of a lowered count (a corrected typo), with a negative usage row", async () => {
    await setStock("1_0", 5, 0);
    const id = await seedBatch();
    await call("POST", `/api/batch/${id}/counts`, { counts_1_0: 100 }, { key });
    await call("POST", `/api/batch/${id}/counts`, { counts_1_0: 60 }, { key });
    expect(await batchRow(id)).toMatchObject({ counts_1_0: 60, _last_inventory_consumed_1_0: 60 });
    expect(await stock("1_0")).toEqual({ boxes: 4, individual_papers: 940 });
    await call("POST", `/api/batch/${id}/counts`, { counts_1_0: 70 }, { key });
    expect(await stock("1_0")).toEqual({ boxes: 4, individual_papers: 930 });
    expect(await usageRows(id)).toEqual([
      { size: "1_0", papers_used: 100 },
      { size: "1_0", papers_used: -40 },
      { size: "1_0", papers_used: 10 },
    ]);
  });

  it("takes the paper override's stock and the papers_per_box setting", async () => {
    await writeSettings(db(), { papers_per_box: { "0_5": 1000, "0_7": 900, "1_0": 100 } }, new Date());
    await setStock("1_0", 3, 0);
    const id = await seedBatch({ paper_size_override: "1_0" });
    await call("POST", `/api/batch/${id}/counts`, { counts_0_7: 150 }, { key });
    expect(await stock("1_0")).toEqual({ boxes: 1, individual_papers: 50 });
    expect(await usageRows(id)).toEqual([{ size: "1_0", papers_used: 150 }]);
    await writeSettings(db(), { papers_per_box: { "0_5": 1000, "0_7": 900, "1_0": 1000 } }, new Date());
  });

  it("opens exactly the boxes a rise needs, also when it takes a whole number of boxes", async () => {
    const { after } = await stockAfterSaves("0_7", [5, 20], [920, 1821]);
    expect(after).toEqual([
      // 20 loose + one box of 900 = 920: one box opened, nothing left loose.
      { boxes: 4, individual_papers: 0 },
      // 901 more: one full box and one paper from the next.
      { boxes: 2, individual_papers: 899 },
    ]);
  });

  it("never takes stock below zero", async () => {
    const { after } = await stockAfterSaves("0_7", [1, 10], [5000]);
    expect(after).toEqual([{ boxes: 0, individual_papers: 0 }]);
  });

  it("appends a rate snapshot {timestamp, rate, total_count} and caches the rate (480 in 4 h → 120)", async () => {
    const id = await seedBatch({ stage: 2, current_session_start: hoursAgo(4) });
    await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 300, counts_1_0: 180 }, { key });
    const row = await batchRow(id);
    const history = JSON.parse(row?.rate_history ?? "[]");
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ total_count: 480 });
    expect(history[0].rate).toBeCloseTo(120, 0);
    expect(row?.cached_production_rate).toBeCloseTo(120, 0);
    expect(row?.last_rate_update).toBe(history[0].timestamp);
  });

  it("takes no snapshot before stage 2 or when nothing changed, and keeps at most 500", async () => {
    const early = await seedBatch({ stage: 1 });
    await call("POST", `/api/batch/${early}/counts`, { counts_0_5: 10 }, { key });
    expect((await batchRow(early))?.rate_history).toBeNull();
    const full = Array.from({ length: 500 }, (_, i) => ({ timestamp: hoursAgo(500 - i), rate: i, total_count: i }));
    const id = await seedBatch({ stage: 2, total_work_hours: 1, counts_0_5: 10, rate_history: JSON.stringify(full) });
    await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 10 }, { key });
    expect(JSON.parse((await batchRow(id))?.rate_history ?? "[]")).toHaveLength(500);
    await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 20 }, { key });
    const history = JSON.parse((await batchRow(id))?.rate_history ?? "[]");
    expect(history).toHaveLength(500);
    expect(history[0].rate).toBe(1);
    expect(history.at(-1)).toMatchObject({ rate: 20, total_count: 20 });
  });

  it("cuts a longer imported history to the newest 500 on the next snapshot", async () => {
    const long = Array.from({ length: 510 }, (_, i) => ({ timestamp: hoursAgo(510 - i), rate: i, total_count: i }));
    const id = await seedBatch({ stage: 2, total_work_hours: 1, rate_history: JSON.stringify(long) });
    await call("POST", `/api/batch/${id}/counts`, { counts_1_0: 30 }, { key });
    const history = JSON.parse((await batchRow(id))?.rate_history ?? "[]");
    expect(history).toHaveLength(500);
    expect(history[0].rate).toBe(11);
    expect(history.at(-1)).toMatchObject({ rate: 30, total_count: 30 });
  });

  it("answers 404 Batch not found and changes nothing", async () => {
    const before = await db().get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`);
    const res = await call("POST", "/api/batch/missing/counts", { counts_0_5: 5 }, { key });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
    expect(await db().get(sql`SELECT count(*) AS n FROM audit_log`)).toEqual(before);
  });

  it("answers 400 Invalid JSON and leaves the batch as it was", async () => {
    const id = await seedBatch({ counts_0_5: 7 });
    const res = await call("POST", `/api/batch/${id}/counts`, "{not json", { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: "Invalid JSON" });
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 7 });
  });

  it.each(["counts_0_5", "counts_0_7", "counts_1_0"])(
    "answers 400 Invalid value for %s (negative, fraction, text) and changes nothing",
    async (field) => {
      const id = await seedBatch({ counts_0_5: 1, counts_0_7: 2, counts_1_0: 3 });
      const before = await batchRow(id);
      for (const value of [-1, 2.5, "12", null]) {
        const res = await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 100, [field]: value }, { key });
        expect(res.status).toBe(400);
        expect(await json(res)).toEqual({ error: `Invalid value for ${field}` });
      }
      expect(await batchRow(id)).toEqual(before);
      expect(await auditRows(id)).toEqual([]);
    },
  );

  it("needs credentials", async () => {
    const id = await seedBatch();
    expect(await json(await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 1 }))).toEqual({ error: "Authentication required" });
    expect(await json(await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 1 }, { key: "nope" }))).toEqual({
      error: "Invalid API key",
    });
    expect((await batchRow(id))?.counts_0_5).toBe(0);
  });
});

describe("100 concurrent count updates on one batch", () => {
  it("apply whole and in some order: final counts equal one request, papers moved equal the final increase, one audit row per change", async () => {
    await setStock("0_5", 100, 0);
    const id = await seedBatch({ stage: 2, current_session_start: hoursAgo(2) });
    const values = Array.from({ length: 100 }, (_, i) => 10 * (i + 1));
    const responses = await Promise.all(values.map((v) => call("POST", `/api/batch/${id}/counts`, { counts_0_5: v }, { key })));
    expect(responses.map((r) => r.status)).toEqual(values.map(() => 200));

    const row = await batchRow(id);
    expect(values).toContain(row?.counts_0_5);
    expect(row?._last_inventory_consumed_0_5).toBe(row?.counts_0_5);

    // Every request changed the value (all values differ), so there is one audit row each, and the
    // rows chain: each old value is the previous row's new value, from 0 to the final count.
    const audit = await auditRows(id);
    expect(audit).toHaveLength(100);
    let previous = "0";
    for (const entry of audit) {
      expect(entry.old).toBe(previous);
      previous = entry.new ?? "";
    }
    expect(previous).toBe(String(row?.counts_0_5));

    // Papers: rises are charged and falls returned in the applied order, so the stock moved by
    // exactly the final increase (0 → final count), whatever order the requests landed in.
    const finalIncrease = row?.counts_0_5 ?? -1;
    const used = (await usageRows(id)).reduce((sum, u) => sum + u.papers_used, 0);
    const after = await stock("0_5");
    expect(used).toBe(finalIncrease);
    expect(100 * 1000 - (after.boxes * 1000 + after.individual_papers)).toBe(finalIncrease);
    expect(JSON.parse(row?.rate_history ?? "[]")).toHaveLength(100);
  });

  it("100 concurrent saves of the same rise charge the papers once: stock moves by exactly the final increase", async () => {
    await setStock("0_7", 10, 0);
    const id = await seedBatch({ counts_0_7: 100, _last_inventory_consumed_0_7: 100 });
    await Promise.all(Array.from({ length: 100 }, () => call("POST", `/api/batch/${id}/counts`, { counts_0_7: 600 }, { key })));
    expect(await batchRow(id)).toMatchObject({ counts_0_7: 600, _last_inventory_consumed_0_7: 600 });
    const after = await stock("0_7");
    expect(10 * 900 - (after.boxes * 900 + after.individual_papers)).toBe(500);
    expect(await usageRows(id)).toEqual([{ size: "0_7", papers_used: 500 }]);
    expect((await auditRows(id)).map((a) => [a.field, a.old, a.new])).toEqual([["counts_0_7", "100", "600"]]);
  });
});

describe("POST /api/update-progress/{batch_id}", () => {
  it("saves counts and answers progress and today's figures", async () => {
    const id = await seedBatch({ planned_0_5: 400, planned_0_7: 200, planned_1_0: 400, counts_0_5: 150, counts_0_7: 120, counts_1_0: 260 });
    const res = await call("POST", `/api/update-progress/${id}`, { counts_0_5: 200, counts_0_7: 150, counts_1_0: 300 }, { key });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      status: "success",
      message: "Production progress updated successfully!",
      data: {
        counts_0_5: 200,
        counts_0_7: 150,
        counts_1_0: 300,
        planned_0_5: 400,
        planned_0_7: 200,
        planned_1_0: 400,
        total_actual: 650,
        total_planned: 1000,
        progress_0_5: 50,
        progress_0_7: 75,
        progress_1_0: 75,
        overall_progress: 65,
        today_0_5: 50,
        today_0_7: 30,
        today_1_0: 40,
        today_total: 120,
      },
    });
  });

  it.each(["counts_0_5", "counts_0_7", "counts_1_0"])("needs every count: without %s → 400 and nothing changes", async (field) => {
    const id = await seedBatch();
    const body: Record<string, number> = { counts_0_5: 1, counts_0_7: 1, counts_1_0: 1 };
    delete body[field];
    const res = await call("POST", `/api/update-progress/${id}`, body, { key });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ error: `${field} is required` });
    expect(await batchRow(id)).toMatchObject({ counts_0_5: 0, counts_0_7: 0, counts_1_0: 0 });
  });

  it("answers 404 Batch not found", async () => {
    const res = await call("POST", "/api/update-progress/missing", { counts_0_5: 1, counts_0_7: 1, counts_1_0: 1 }, { key });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: "Batch not found" });
  });
});
