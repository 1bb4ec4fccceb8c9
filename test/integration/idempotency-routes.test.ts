/**
 * Idempotency-Key on every write that adds or subtracts (a retried write must not apply twice), one table for all of
 * them: the same key replays the stored answer and applies once, the same key with another request
 * answers 422 and changes nothing, concurrent duplicates apply once, and a retry after a dropped
 * reply applies once. The count-delta route has its own deeper test (batch-count-deltas.test.ts).
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../src/http/registry";
import { installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { countRows, createPackage, newMetrc } from "../helpers/finished-goods";
import { call, createApiKey, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";

let key = "";
let cookie = "";
beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
});

type Request = { method: string; path: string; body?: unknown; session?: boolean };
/** One route: `setup` prepares fresh data and returns the keyed request, another request, and a reading of what it changes. */
type Case = { route: string; setup: () => Promise<{ request: Request; other: Request; effect: () => Promise<unknown> }> };

const send = (r: Request, headers: Record<string, string>) =>
  call(r.method, r.path, r.body, r.session ? { cookie, headers } : { key, headers });

async function packageEffect(metrc: string) {
  const row = await env.DB.prepare(
    "SELECT current_grams, grams_ordered, grams_packed, grams_fulfilled FROM finished_goods WHERE metrc_number = ?",
  )
    .bind(metrc)
    .first();
  return { row, history: await countRows("finished_goods_history", "metrc_number = ?", metrc) };
}

function gramsCase(op: string, body: unknown, other: unknown, prepare?: (metrc: string) => Promise<void>): Case {
  return {
    route: `POST /api/finished-goods/:metrc_number/${op}`,
    async setup() {
      const metrc = await createPackage(key, { grams: 500 });
      await prepare?.(metrc);
      const path = `/api/finished-goods/${metrc}/${op}`;
      return { request: { method: "POST", path, body }, other: { method: "POST", path, body: other }, effect: () => packageEffect(metrc) };
    },
  };
}

const ordered = (grams: number) => async (metrc: string) => {
  const res = await call("POST", `/api/finished-goods/${metrc}/order`, { grams }, { key });
  expect(res.status).toBe(200);
};

async function seedHold(metrc: string): Promise<string> {
  const res = await call("POST", "/api/wholesale/hold", { metrc_number: metrc, sku_name: "0.5g Singles", quantity: 4 }, { cookie });
  expect(res.status).toBe(200);
  return String(((await res.json()) as { hold_id: string }).hold_id);
}

const BD05 = "MoM - Blue Dream 0.5g Pre-Roll";
let orderSeq = 7100;

/** One Apex order of one line, synced into packing (through the fake Apex, as cron would). */
async function seedOrder(): Promise<{ orderId: number; lineId: number; metrc: string }> {
  const world = installFakes();
  const metrc = newMetrc("IDEM");
  await seedPackage({ metrc, strain: "Blue Dream", grams: 1000 });
  orderSeq += 1;
  world.apex.addOrder({
    id: orderSeq,
    invoice_number: `INV-${orderSeq}`,
    buyer: "Green Shop",
    lines: [{ product_name: BD05, quantity: 6 }],
  });
  expect((await runSync(new Date())).outcome).toBe("success");
  const line = await env.DB.prepare("SELECT id FROM packing_items WHERE order_id = ?").bind(orderSeq).first<{ id: number }>();
  if (!line) throw new Error("the sync made no packing line");
  return { orderId: orderSeq, lineId: line.id, metrc };
}

/** The METRC package the sync matched to the line: the tag a scan of it reads. */
async function lineTag(lineId: number): Promise<string> {
  const line = await env.DB.prepare("SELECT batch_name FROM packing_items WHERE id = ?").bind(lineId).first<{ batch_name: string }>();
  if (!line?.batch_name) throw new Error("the sync matched no package to the line");
  return line.batch_name;
}
// A second apply would move verified_at, so a replay that applied again would show here.
const verifiedEffect = (lineId: number) => () =>
  env.DB.prepare("SELECT verified_tag, verified_by, verified_at, version FROM packing_items WHERE id = ?").bind(lineId).first();
const lineEffect = (lineId: number) => () => env.DB.prepare("SELECT packed, version FROM packing_items WHERE id = ?").bind(lineId).first();

const CASES: Case[] = [
  gramsCase("deduct", { grams: 10 }, { grams: 11 }),
  gramsCase("add", { grams: 10 }, { grams: 11 }),
  gramsCase("order", { grams: 10 }, { grams: 11 }),
  gramsCase("pack", { grams: 5 }, { grams: 6 }, ordered(20)),
  gramsCase("complete-order", { grams: 5, order_id: "A-1" }, { grams: 5, order_id: "A-2" }, ordered(20)),
  gramsCase("set-packed", { grams: 7 }, { grams: 8 }, ordered(20)),
  gramsCase("set-ordered", { grams: 7 }, { grams: 8 }),
  gramsCase("sync", { ordered_grams: 9 }, { ordered_grams: 10 }),
  gramsCase("physical-override", { physical_grams: 400 }, { physical_grams: 401 }),
  {
    route: "POST /api/wholesale/hold",
    async setup() {
      const metrc = await createPackage(key, { grams: 500 });
      const body = (quantity: number) => ({ metrc_number: metrc, sku_name: "0.5g Singles", quantity });
      return {
        request: { method: "POST", path: "/api/wholesale/hold", body: body(5), session: true },
        other: { method: "POST", path: "/api/wholesale/hold", body: body(6), session: true },
        effect: async () => countRows("wholesale_holds", "metrc_number = ?", metrc),
      };
    },
  },
  {
    route: "DELETE /api/wholesale/hold/:hold_id",
    async setup() {
      const metrc = await createPackage(key, { grams: 500 });
      const [first, second] = [await seedHold(metrc), await seedHold(metrc)];
      return {
        request: { method: "DELETE", path: `/api/wholesale/hold/${first}`, session: true },
        other: { method: "DELETE", path: `/api/wholesale/hold/${second}`, session: true },
        effect: async () => countRows("wholesale_holds", "metrc_number = ?", metrc),
      };
    },
  },
  {
    route: "POST /api/batch",
    async setup() {
      const strain = `Idem ${crypto.randomUUID().slice(0, 8)}`;
      const body = (grams: number) => ({ strain, input_grams: grams, target_grams_each: 0.5 });
      return {
        request: { method: "POST", path: "/api/batch", body: body(1000) },
        other: { method: "POST", path: "/api/batch", body: body(1001) },
        effect: async () => countRows("batches", "strain = ?", strain),
      };
    },
  },
  {
    route: "POST /api/batch/:batch_id/count-deltas",
    async setup() {
      const id = await seedBatch();
      const path = `/api/batch/${id}/count-deltas`;
      return {
        request: { method: "POST", path, body: { size: "0_5", delta: 25 } },
        other: { method: "POST", path, body: { size: "0_5", delta: 26 } },
        effect: () => env.DB.prepare("SELECT counts_0_5, version FROM batches WHERE id = ?").bind(id).first(),
      };
    },
  },
  {
    route: "PATCH /api/packing/items/:id",
    async setup() {
      const { lineId } = await seedOrder();
      const path = `/api/packing/items/${lineId}`;
      return {
        request: { method: "PATCH", path, body: { packed: 2 } },
        other: { method: "PATCH", path, body: { packed: 3 } },
        effect: lineEffect(lineId),
      };
    },
  },
  {
    route: "POST /api/packing/orders/:order_id/complete",
    async setup() {
      const { orderId, lineId, metrc } = await seedOrder();
      expect((await call("PATCH", `/api/packing/items/${lineId}`, { packed: 6 }, { key })).status).toBe(200);
      const path = `/api/packing/orders/${orderId}/complete`;
      return {
        request: { method: "POST", path, body: {} },
        other: { method: "POST", path, body: { force: true } },
        effect: async () => ({
          order: await env.DB.prepare("SELECT completed_at FROM apex_orders WHERE id = ?").bind(orderId).first(),
          archived: await countRows("packing_items_archive", "order_id = ?", orderId),
          package: await packageEffect(metrc),
        }),
      };
    },
  },
  {
    route: "POST /api/packing/items/:id/verify",
    async setup() {
      const { lineId } = await seedOrder();
      const path = `/api/packing/items/${lineId}/verify`;
      const tag = await lineTag(lineId);
      return {
        request: { method: "POST", path, body: { tag, by: "AB" } },
        other: { method: "POST", path, body: { tag, by: "CD" } },
        effect: verifiedEffect(lineId),
      };
    },
  },
  {
    route: "DELETE /api/packing/items/:id/verify",
    async setup() {
      const { lineId } = await seedOrder();
      const path = `/api/packing/items/${lineId}/verify`;
      expect((await call("POST", path, { tag: await lineTag(lineId), by: "AB" }, { key })).status).toBe(200);
      const other = await seedOrder();
      return {
        request: { method: "DELETE", path },
        other: { method: "DELETE", path: `/api/packing/items/${other.lineId}/verify` },
        effect: verifiedEffect(lineId),
      };
    },
  },
];

describe("Idempotency-Key on every write that adds or subtracts", () => {
  it("covers exactly the routes the registry marks idempotent", () => {
    const marked = apiRoutes.filter((r) => r.idempotent).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(marked.sort()).toEqual(CASES.map((c) => c.route).sort());
  });

  it.each(CASES)("$route: the same key replays the stored answer and applies once; another request with it is 422", async ({ setup }) => {
    const { request, other, effect } = await setup();
    const before = await effect();
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const first = await send(request, headers);
    const firstBody = await first.text();
    expect(first.status, firstBody).toBeLessThan(300);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const applied = await effect();
    expect(applied).not.toEqual(before);

    const again = await send(request, headers);
    expect(again.status).toBe(first.status);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.text()).toBe(firstBody);
    expect(await effect()).toEqual(applied);

    const reused = await send(other, headers);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toEqual({
      error: "This Idempotency-Key was already used for a different request; send a new key for a new change",
    });
    expect(await effect()).toEqual(applied);
  });

  it.each(CASES)("$route: concurrent duplicates apply once", async ({ setup }) => {
    // A twin of the data takes the same change once, without a key: what "applied once" looks like.
    const twin = await setup();
    const alone = await send(twin.request, {});
    const once = await twin.effect();
    const { request, effect } = await setup();
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const answers = await Promise.all([send(request, headers), send(request, headers), send(request, headers)]);
    const statuses = answers.map((r) => r.status);
    // Each duplicate gets the first answer, or 409 "still being processed" (with Retry-After) while it runs.
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThanOrEqual(1);
    for (const res of answers) {
      if (res.status === 409) expect(res.headers.get("Retry-After")).toBe("1");
      else expect(res.status).toBe(alone.status);
    }
    const stored = await env.DB.prepare("SELECT status FROM idempotency_keys WHERE key = ?")
      .bind(headers["Idempotency-Key"])
      .first<{ status: number }>();
    expect(stored?.status).toBe(alone.status);
    // Applied exactly once: the same change as one unkeyed request on a twin of the data.
    expect(shapeOf(await effect())).toEqual(shapeOf(once));
  });

  it.each(CASES)("$route: a retry after a dropped reply applies once", async ({ setup }) => {
    const { request, effect } = await setup();
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    // The reply is lost on the way back (the client never reads it); the outbox sends again.
    void (await send(request, headers)).body?.cancel();
    const applied = await effect();
    const retry = await send(request, headers);
    expect(retry.status).toBeLessThan(300);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await effect()).toEqual(applied);
  });
});

/** Readings compared across two twins of the data: ids and times differ, figures must not. */
function shapeOf(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (name, v) => (name === "completed_at" || name === "verified_at" ? v !== null : v));
}
