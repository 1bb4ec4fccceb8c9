import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createPackage, rowOf } from "../helpers/finished-goods";
import { call, createApiKey } from "../helpers/http";

let key = "";
beforeAll(async () => {
  key = await createApiKey();
});

describe("concurrent gram changes", () => {
  it("200 concurrent 1 g deducts on a 100 g package: exactly 100 succeed, the rest are refused, balance ends at 0", async () => {
    const metrc = await createPackage(key, { grams: 100 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const res = await call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 1 }, { key });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      }),
    );
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status !== 200);
    expect(ok).toHaveLength(100);
    expect(refused).toHaveLength(100);
    for (const r of refused) expect(r).toEqual({ status: 400, body: { error: "Insufficient grams available" } });
    // Every success saw a distinct balance: no lost or doubled update.
    expect(new Set(ok.map((a) => a.body.current_grams)).size).toBe(100);
    expect(await rowOf(metrc)).toMatchObject({ current_grams: 0, status: "depleted" });
    const history = await env.DB.prepare(
      "SELECT count(*) AS n, MIN(current_grams) AS low FROM finished_goods_history WHERE metrc_number = ? AND change_type = 'deducted'",
    )
      .bind(metrc)
      .first<{ n: number; low: number }>();
    expect(history).toEqual({ n: 100, low: 0 });
  });

  it("concurrent adds and deducts never lose an update", async () => {
    const metrc = await createPackage(key, { grams: 50 });
    await Promise.all([
      ...Array.from({ length: 40 }, () => call("POST", `/api/finished-goods/${metrc}/add`, { grams: 0.5 }, { key })),
      ...Array.from({ length: 40 }, () => call("POST", `/api/finished-goods/${metrc}/deduct`, { grams: 0.25 }, { key })),
    ]);
    expect(await rowOf(metrc)).toMatchObject({ current_grams: 60 });
  });
});
