import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, json } from "../helpers/http";

type Plan = {
  rows: {
    strain: string;
    size: string;
    demand_prerolls: number;
    covered_by_stock: number;
    rolling: number;
    to_make: number;
    hours: number;
  }[];
  cones: { size: string; needed: number; stock: number; short: number }[];
  total_to_make: number;
};

let key: string;

beforeEach(async () => {
  const tables = ["apex_orders", "apex_order_items", "packing_items", "packing_items_archive", "sync_state", "job_runs", "job_leases"];
  await env.DB.batch(
    [...tables, "finished_goods", "finished_goods_history", "event_log", "settings", "batches"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  await env.DB.prepare("UPDATE inventory SET boxes = 0, individual_papers = 50").run();
  const world = installFakes();
  key = await createApiKey();
  await seedPackage({ metrc: "1A4000000000000000000011", strain: "Blue Dream", grams: 100 });
  world.apex.addOrder({
    id: 701,
    invoice_number: "INV-701",
    buyer: "Green Shop",
    lines: [
      { product_name: "MoM - Blue Dream 0.5g Pre-Roll", quantity: 300 },
      { product_name: "MoM - OG Kush 1g Pre-Roll", quantity: 4 },
    ],
  });
  expect((await runSync(new Date())).outcome).toBe("success");
});

describe("GET /api/packing/roll-today", () => {
  it("agrees with finished goods, packed counts and batches in progress after a sync", async () => {
    const created = await call(
      "POST",
      "/api/batch",
      { strain: "Blue Dream", input_grams: 100, target_grams_each: 0.5, planned_0_5: 40 },
      { key },
    );
    expect(created.status).toBe(201);
    const res = await call("GET", "/api/packing/roll-today", undefined, { key });
    expect(res.status).toBe(200);
    const plan = await json<Plan>(res);
    // Blue Dream: 300 × 0.5 g = 150 g wanted, the package's 100 g cover 200, the batch plans 40 → 60 to make.
    const bd = plan.rows.find((r) => r.strain === "Blue Dream");
    expect(bd).toMatchObject({ size: "0_5", demand_prerolls: 300, covered_by_stock: 200, rolling: 40, to_make: 60 });
    // OG Kush has no package and no batch: all 4 one-gram rolls.
    expect(plan.rows.find((r) => r.strain === "OG Kush")).toMatchObject({ size: "1_0", to_make: 4, rolling: 0 });
    expect(plan.cones.find((c) => c.size === "0_5")).toEqual({ size: "0_5", needed: 60, stock: 50, short: 10 });
    expect(plan.total_to_make).toBe(64);

    // Packing 100 takes their 50 g off the shelf too: 200 still wanted, 100 covered, the same 60 to make.
    const line = await env.DB.prepare("SELECT id, version FROM packing_items WHERE product_name LIKE '%Blue Dream%'").first<{
      id: number;
      version: number;
    }>();
    expect((await call("PATCH", `/api/packing/items/${line?.id}`, { packed: 100 }, { key })).status).toBe(200);
    const after = await json<Plan>(await call("GET", "/api/packing/roll-today", undefined, { key }));
    expect(after.rows.find((r) => r.strain === "Blue Dream")).toMatchObject({ demand_prerolls: 200, covered_by_stock: 100, to_make: 60 });
  });

  it("answers 401 without a key", async () => {
    expect((await call("GET", "/api/packing/roll-today")).status).toBe(401);
  });
});
