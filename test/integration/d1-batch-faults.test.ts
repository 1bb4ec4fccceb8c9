import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey } from "../helpers/http";

const TABLES = ["apex_orders", "packing_items", "packing_items_archive", "finished_goods", "finished_goods_history", "event_log"];
const METRC = "1A4000000000000000000901";

/** Every row of the tables an order completion writes, in storage order. */
async function contents(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()).results;
  return out;
}

afterEach(async () => {
  await env.DB.prepare("DROP TRIGGER IF EXISTS fail_archive").run();
});

describe("a D1 batch failing mid-way", () => {
  it("leaves nothing half-written: an order completion whose archive insert fails changes no table", async () => {
    const world = installFakes();
    const key = await createApiKey();
    await seedPackage({ metrc: METRC, strain: "Atomic Kush", grams: 100 });
    world.apex.addOrder({ id: 901, invoice_number: "INV-901", lines: [{ product_name: "MoM - Atomic Kush 1g Pre-Roll", quantity: 10 }] });
    expect((await runSync(new Date())).outcome).toBe("success");
    const line = await env.DB.prepare("SELECT id, version, batch_name FROM packing_items WHERE order_id = 901").first<{
      id: number;
      version: number;
      batch_name: string;
    }>();
    expect(line?.batch_name).toBe(METRC);
    expect((await call("PATCH", `/api/packing/items/${line?.id}`, { packed: 10 }, { key })).status).toBe(200);

    // The archive insert comes after the order is claimed and the package is debited in the same batch.
    await env.DB.prepare(
      "CREATE TRIGGER fail_archive BEFORE INSERT ON packing_items_archive BEGIN SELECT RAISE(ABORT, 'injected archive failure'); END",
    ).run();
    const before = await contents();
    const failed = await call("POST", "/api/packing/orders/901/complete", {}, { key });
    expect(failed.status).toBe(500);
    expect(await contents()).toEqual(before);

    await env.DB.prepare("DROP TRIGGER fail_archive").run();
    const done = await call("POST", "/api/packing/orders/901/complete", {}, { key });
    expect(done.status, await done.text()).toBe(200);
    const after = await contents();
    expect(after.packing_items).toHaveLength(0);
    expect(after.packing_items_archive).toHaveLength(1);
    expect(after.finished_goods).toEqual([expect.objectContaining({ metrc_number: METRC, current_grams: 90 })]);
  });
});
