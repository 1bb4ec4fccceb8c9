import { beforeAll, describe, expect, it } from "vitest";
import { writeSettings } from "../../src/data/settings";
import { createPackage } from "../helpers/finished-goods";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";
import { batchRow, seedBatch } from "./batches-fixtures";

/**
 * Places where the code departs from spec/rules.md on purpose (README "Decisions"). Each test fails if the
 * code drifts back to the spec's wording without the decision being revisited.
 */

let key = "";
let cookie = "";
beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe("holds take grams from the package's one pool (decision: not per SKU)", () => {
  it("a hold of 6-packs lowers the singles that can still be held", async () => {
    // 10 g: 20 singles of 0.5 g or 3 six-packs of 3 g, out of the same grams.
    const metrc = await createPackage(key, { strain: "Pool Haze", grams: 10 });
    const hold = (sku_name: string, quantity: number) =>
      call("POST", "/api/wholesale/hold", { metrc_number: metrc, sku_name, quantity }, { cookie });
    expect((await hold("0.5g 6-Pack (Magnetic Box)", 2)).status).toBe(200);
    // Per SKU (rules §12.2 step 4) 20 singles would still be free; the pool has 4 g left = 8 singles.
    const refused = await hold("0.5g Singles", 9);
    expect([refused.status, await refused.json()]).toEqual([400, { error: "Only 8 units available (requested 9)" }]);
    expect((await hold("0.5g Singles", 8)).status).toBe(200);
    const pkg = await json<Record<string, unknown>>(await call("GET", `/api/finished-goods/${metrc}`, undefined, { key }));
    expect(pkg).toMatchObject({ held_grams: 10, available_grams: 0 });
  });
});

describe("the work schedule does not clip rate hours (decision: timers follow stage changes)", () => {
  it("an In progress session counts every hour it was open, even outside the scheduled hours and days", async () => {
    // One scheduled hour on Mondays: clipping would leave at most 1 of these 12 hours.
    await writeSettings(db(), { work_schedule: { start_hour: 8, end_hour: 9, work_days: [0] } }, new Date());
    const id = await seedBatch({ stage: 2, current_session_start: hoursAgo(12), production_start_time: hoursAgo(12) });
    expect((await call("POST", `/api/batch/${id}/counts`, { counts_0_5: 1200 }, { key })).status).toBe(200);
    expect((await batchRow(id))?.cached_production_rate).toBe(100);
  });
});
