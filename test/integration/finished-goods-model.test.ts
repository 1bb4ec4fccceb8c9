/**
 * Model-based test of the gram rules: the SQL in src/data/finished-goods-changes.ts and holds.ts is
 * what production runs; src/domain/grams.ts and holds.ts are its reference model. Random sequences of
 * real API calls (deduct, add, order, pack, complete-order, physical override, hold, release) run
 * against the Worker and through the model; after every call the answers and stored rows must agree.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  addBuckets,
  availableGrams,
  type Buckets,
  canDeduct,
  canPack,
  completeOrderBuckets,
  deductBuckets,
  nextStatus,
  orderBuckets,
  type PackageStatus,
  packBuckets,
} from "../../src/domain/grams";
import { checkHold } from "../../src/domain/holds";
import { createPackage, rowOf } from "../helpers/finished-goods";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

let key: string;
let cookie: string;

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
});

type Hold = { id: string; grams: number };
type Model = { buckets: Buckets; status: PackageStatus; holds: Hold[] };
type Real = { metrc: string };

const heldGrams = (m: Model) => m.holds.reduce((sum, h) => sum + h.grams, 0);

/** Every change re-derives active ⇄ depleted from the new figures (rules §5.5). */
function settle(m: Model, buckets: Buckets): void {
  m.buckets = buckets;
  m.status = nextStatus(m.status, availableGrams(buckets, heldGrams(m)));
}

async function expectSameState(m: Model, r: Real): Promise<void> {
  const row = await rowOf(r.metrc);
  const held = await call("GET", `/api/wholesale/holds?metrc_number=${r.metrc}`, undefined, { cookie });
  const holds = (await json<{ holds: { hold_id?: string; id?: string }[] }>(held)).holds ?? [];
  expect({
    current_grams: row?.current_grams,
    physical_grams_override: row?.physical_grams_override,
    grams_ordered: row?.grams_ordered,
    grams_packed: row?.grams_packed,
    grams_packed_lifetime: row?.grams_packed_lifetime,
    grams_fulfilled: row?.grams_fulfilled,
    status: row?.status,
    holds: holds.length,
  }).toEqual({ ...m.buckets, status: m.status, holds: m.holds.length });
}

const post = (r: Real, op: string, body: unknown) => call("POST", `/api/finished-goods/${r.metrc}/${op}`, body, { key });

/** A gram-moving call that the model either applies or refuses with 400. */
class GramsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly op: "deduct" | "add" | "order" | "pack" | "complete-order",
    readonly grams: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const res = await post(r, this.op, { grams: this.grams });
    const b = m.buckets;
    const allowed =
      this.op === "pack" ? canPack(b, this.grams) : this.op === "deduct" || this.op === "complete-order" ? canDeduct(b, this.grams) : true;
    expect(res.status).toBe(allowed ? 200 : 400);
    if (allowed) settle(m, this.next(b));
    await expectSameState(m, r);
  }
  next(b: Buckets): Buckets {
    if (this.op === "deduct") return deductBuckets(b, this.grams);
    if (this.op === "add") return addBuckets(b, this.grams);
    if (this.op === "order") return orderBuckets(b, this.grams);
    if (this.op === "pack") return packBuckets(b, this.grams);
    return completeOrderBuckets(b, this.grams);
  }
  toString = () => `${this.op}(${this.grams})`;
}

class OverrideCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly grams: number | null) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const res = await post(r, "physical-override", { physical_grams: this.grams });
    expect(res.status).toBe(200);
    settle(m, { ...m.buckets, physical_grams_override: this.grams });
    await expectSameState(m, r);
  }
  toString = () => `override(${this.grams})`;
}

/** Holds take grams of the shared pool: free units = available grams ÷ grams per unit, floored. */
class HoldCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: { name: string; gramsPerUnit: number },
    readonly quantity: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const res = await call(
      "POST",
      "/api/wholesale/hold",
      { metrc_number: r.metrc, sku_name: this.sku.name, quantity: this.quantity },
      { cookie },
    );
    const free = Math.floor(availableGrams(m.buckets, heldGrams(m)) / this.sku.gramsPerUnit + 1e-9);
    const verdict = checkHold(free, this.quantity);
    expect(res.status).toBe(verdict.ok ? 200 : 400);
    if (verdict.ok) {
      const { hold_id } = await json<{ hold_id: string }>(res);
      m.holds.push({ id: hold_id, grams: this.quantity * this.sku.gramsPerUnit });
      settle(m, m.buckets);
    }
    await expectSameState(m, r);
  }
  toString = () => `hold(${this.quantity} × ${this.sku.name})`;
}

class ReleaseCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const [hold] = m.holds.splice(this.pick % m.holds.length, 1);
    const res = await call("DELETE", `/api/wholesale/hold/${hold?.id}`, undefined, { cookie });
    expect(res.status).toBe(200);
    settle(m, m.buckets);
    await expectSameState(m, r);
  }
  toString = () => `release(#${this.pick})`;
}

// Two decimals: like the floor's scales, and far from the 4-decimal rounding edge.
const grams = fc.integer({ min: 1, max: 15_000 }).map((n) => n / 100);
const SKUS = [
  { name: "1.0g Singles", gramsPerUnit: 1 },
  { name: "0.5g 6-Pack (Magnetic Box)", gramsPerUnit: 3 },
];
const gramsCommand = fc
  .tuple(fc.constantFrom("deduct", "add", "order", "pack", "complete-order" as const), grams)
  .map(([op, g]) => new GramsCommand(op, g));
// Gram moves weigh three times the rest: the interesting states need several of them in a row.
const commands = [
  gramsCommand,
  gramsCommand,
  gramsCommand,
  fc
    .option(
      fc.integer({ min: 0, max: 60_000 }).map((n) => n / 100),
      { nil: null },
    )
    .map((g) => new OverrideCommand(g)),
  fc.tuple(fc.constantFrom(...SKUS), fc.integer({ min: 1, max: 250 })).map(([sku, q]) => new HoldCommand(sku, q)),
  fc.nat().map((n) => new ReleaseCommand(n)),
];

const FG_MODEL_RUNS = 25;
const FG_MODEL_MAX_COMMANDS = 25;

describe("finished-goods gram rules: SQL against the reference model", () => {
  it("agrees on every answer and every stored figure over random sequences of API calls", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 80_000 }).map((n) => n / 100),
        fc.commands(commands, { maxCommands: FG_MODEL_MAX_COMMANDS, size: "max" }),
        async (start, cmds) => {
          const metrc = await createPackage(key, { grams: start });
          const buckets: Buckets = {
            current_grams: start,
            physical_grams_override: null,
            grams_ordered: 0,
            grams_packed: 0,
            grams_packed_lifetime: 0,
            grams_fulfilled: 0,
          };
          const model: Model = { buckets, status: "active", holds: [] };
          model.status = nextStatus("active", availableGrams(buckets, 0));
          await fc.asyncModelRun(() => ({ model, real: { metrc } }), cmds);
        },
      ),
      { numRuns: FG_MODEL_RUNS, endOnFailure: true },
    );
  }, 240_000);
});
