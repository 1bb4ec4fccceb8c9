/**
 * Model-based test of units per SKU: `freeUnitsOf` in src/data/finished-goods-sql.ts is the SQL that
 * decides whether a hold or an Apex decrement fits (one guarded statement each); `computeSkuUnits`
 * in src/domain/apex-units.ts (with the SKU list of skus.ts) is its reference model and what the
 * package views show. Random sequences of real calls (gram moves, SKU settings, custom SKUs, holds,
 * releases, decrements and their replays, archiving, and settings written straight to D1 as an import
 * of the original's database would: SKUs named by display name or alias, malformed entries) run
 * against the Worker and through the model;
 * after every call each SKU's units must agree three ways: the model, the SQL rule evaluated on the
 * stored row, and the `apex-calculate` answer.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { freeUnitsOf } from "../../src/data/finished-goods-sql";
import { loadCatalogue } from "../../src/data/sku-catalogue";
import { computeSkuUnits, type SkuUnits, settingsFor } from "../../src/domain/apex-units";
import {
  addBuckets,
  type Buckets,
  canDeduct,
  deductBuckets,
  effectiveGrams,
  floorUnits,
  orderBuckets,
  roundGrams,
} from "../../src/domain/grams";
import { type CustomSkuDef, effectiveSkus, type Sku } from "../../src/domain/skus";
import { createPackage } from "../helpers/finished-goods";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";

let key: string;
let cookie: string;
let catalogue: Sku[];

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
  catalogue = await loadCatalogue(db());
});

type Hold = { id: string; skuKey: string; quantity: number; gramsPerUnit: number };
type Model = {
  buckets: Buckets;
  live: boolean;
  /** apex_sku_settings as stored: imported rows may name SKUs any way and hold malformed entries. */
  stored: Record<string, unknown>;
  custom: Record<string, CustomSkuDef>;
  holds: Hold[];
  decrementKeys: string[];
};
type Real = { metrc: string };

const skusOf = (m: Model) => effectiveSkus(catalogue, m.custom);

function unitsOf(m: Model): SkuUnits[] {
  const heldBySku: Record<string, number> = {};
  for (const h of m.holds) heldBySku[h.skuKey] = (heldBySku[h.skuKey] ?? 0) + h.quantity;
  return computeSkuUnits(skusOf(m), {
    isLive: m.live,
    preHoldGrams: effectiveGrams(m.buckets) - m.buckets.grams_ordered - m.buckets.grams_packed,
    heldGrams: roundGrams(m.holds.reduce((sum, h) => sum + h.quantity * h.gramsPerUnit, 0)),
    heldBySku,
    settings: settingsFor(skusOf(m), m.stored),
  });
}

const unitsOfSku = (m: Model, skuKey: string) => unitsOf(m).find((u) => u.sku.key === skuKey)?.units ?? 0;

/** The SQL rule on the stored row, floored as a whole number of units. */
async function sqlUnits(metrc: string, sku: Sku): Promise<number> {
  const row = await db().get<{ units: number }>(
    sql`SELECT ${freeUnitsOf("fg", sku)} AS units
      FROM finished_goods fg WHERE fg.metrc_number = ${metrc}`,
  );
  return floorUnits(Math.max(0, row?.units ?? Number.NaN), 1);
}

async function expectSameState(m: Model, r: Real): Promise<void> {
  const expected = unitsOf(m);
  const bySql = Object.fromEntries(await Promise.all(expected.map(async (u) => [u.sku.key, await sqlUnits(r.metrc, u.sku)] as const)));
  const res = await call("GET", `/api/finished-goods/${r.metrc}/apex-calculate`, undefined, { key });
  expect(res.status).toBe(200);
  const view = await json<{
    calculated_units: Record<string, { units: number; excluded: boolean; manual: boolean; held: number; sku_key: string }>;
  }>(res);
  const shown = Object.fromEntries(
    Object.values(view.calculated_units).map(({ units, excluded, manual, held, sku_key }) => [
      sku_key,
      { units, excluded, manual, held, sku_key },
    ]),
  );
  expect({ sql: bySql, shown }).toEqual({
    sql: Object.fromEntries(expected.map((u) => [u.sku.key, u.units])),
    shown: Object.fromEntries(
      expected.map((u) => [u.sku.key, { units: u.units, excluded: u.excluded, manual: u.manual, held: u.held, sku_key: u.sku.key }]),
    ),
  });
}

/** A SKU named by one of its spellings: `pick` chooses the SKU, `byName` the spelling. */
type SkuPick = { pick: number; byName: boolean };
function chosen(m: Model, p: SkuPick): { sku: Sku; name: string } {
  const skus = skusOf(m);
  const sku = skus[p.pick % skus.length] as Sku;
  return { sku, name: p.byName ? sku.displayName : sku.key };
}

class GramsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly op: "add" | "deduct" | "order",
    readonly grams: number,
  ) {}
  check = (m: Readonly<Model>) => m.live;
  async run(m: Model, r: Real): Promise<void> {
    const res = await call("POST", `/api/finished-goods/${r.metrc}/${this.op}`, { grams: this.grams }, { key });
    const allowed = this.op !== "deduct" || canDeduct(m.buckets, this.grams);
    expect(res.status).toBe(allowed ? 200 : 400);
    if (allowed) {
      const next = this.op === "add" ? addBuckets : this.op === "deduct" ? deductBuckets : orderBuckets;
      m.buckets = next(m.buckets, this.grams);
    }
    await expectSameState(m, r);
  }
  toString = () => `${this.op}(${this.grams})`;
}

class SettingsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: SkuPick,
    readonly excluded: boolean,
    readonly manual: number | null,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const { sku, name } = chosen(m, this.sku);
    const body = { settings: { [name]: { excluded: this.excluded, manual_units: this.manual } } };
    const res = await call("POST", `/api/finished-goods/${r.metrc}/apex-settings`, body, { key });
    expect(res.status).toBe(200);
    m.stored = mergePatch(m.stored, { [sku.key]: { excluded: this.excluded, manual_units: this.manual } });
    await expectSameState(m, r);
  }
  toString = () => `settings(#${this.sku.pick}, excluded ${this.excluded}, manual ${this.manual})`;
}

/** RFC 7396 merge patch, as SQLite's json_patch applies the settings routes' patches. */
function mergePatch(target: unknown, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else if (typeof value === "object" && !Array.isArray(value)) out[name] = mergePatch(out[name], value as Record<string, unknown>);
    else out[name] = value;
  }
  return out;
}

/** How an imported row may spell a SKU: its key, display name (any case, padded) or alias. */
const SPELLINGS = ["key", "name", "upper", "padded", "alias"] as const;
function spelled(sku: Sku, how: (typeof SPELLINGS)[number]): string {
  if (how === "key") return sku.key;
  if (how === "name") return sku.displayName;
  if (how === "upper") return sku.displayName.toUpperCase();
  if (how === "padded") return ` ${sku.displayName} `;
  return sku.aliases[0] ?? sku.key;
}
/** Entries an import may carry, as JSON text: good, malformed (1 for true, 2.5, -3, "7") and not objects at all. */
const IMPORTED_ENTRIES = [
  '{"excluded":true,"manual_units":null}',
  '{"excluded":false,"manual_units":12}',
  '{"excluded":1,"manual_units":5}',
  '{"manual_units":2.0}',
  '{"manual_units":2.5}',
  '{"manual_units":-3}',
  '{"manual_units":"7"}',
  '"junk"',
  "[1]",
];

/** Settings written straight to D1, as the import of the original's database writes them. */
class ImportedSettingsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly entries: { pick: number; how: (typeof SPELLINGS)[number]; entry: number }[]) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const skus = skusOf(m);
    const byName = new Map<string, string>();
    for (const e of this.entries) {
      const name = spelled(skus[e.pick % skus.length] as Sku, e.how);
      byName.delete(name); // one entry per exact name: JSON.parse and json_each disagree on repeated keys
      byName.set(name, IMPORTED_ENTRIES[e.entry % IMPORTED_ENTRIES.length] as string);
    }
    const text = `{${[...byName].map(([name, entry]) => `${JSON.stringify(name)}:${entry}`).join(",")}}`;
    await db().run(sql`UPDATE finished_goods SET apex_sku_settings = ${text} WHERE metrc_number = ${r.metrc}`);
    m.stored = JSON.parse(text);
    await expectSameState(m, r);
  }
  toString = () => `import settings(${JSON.stringify(this.entries)})`;
}

const CUSTOM: Record<string, CustomSkuDef> = {
  cannadart: { unit_size: "0.8g", pack_size: 1, display_name: "CannaDart 0.8g" },
  tripack: { unit_size: "0.7g", pack_size: 3, display_name: "0.7g 3-Pack" },
  blunt: { grams_per_unit: 1.75, display_name: "Cocoa Blunt" },
};

class CustomSkuCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly skuKey: string,
    readonly remove: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const path = `/api/finished-goods/${r.metrc}/custom-skus`;
    if (this.remove) {
      const res = await call("DELETE", `${path}/${this.skuKey}`, undefined, { key });
      expect(res.status).toBe(this.skuKey in m.custom ? 200 : 404);
      delete m.custom[this.skuKey];
    } else {
      const res = await call("PUT", path, { sku_key: this.skuKey, sku_def: CUSTOM[this.skuKey] }, { key });
      expect(res.status).toBe(200);
      m.custom[this.skuKey] = CUSTOM[this.skuKey] as CustomSkuDef;
    }
    await expectSameState(m, r);
  }
  toString = () => `${this.remove ? "delete" : "upsert"} custom(${this.skuKey})`;
}

/** Units asked for: a fixed number, or one less than, as many as, or one more than the model says are free (the edge). */
type Amount = { abs: number } | { rel: number };
const amountOf = (a: Amount, free: number) => ("abs" in a ? a.abs : Math.max(1, free + a.rel));

/** The SQL guard decides; the model says whether the units were free. */
class HoldCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: SkuPick,
    readonly amount: Amount,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const { sku, name } = chosen(m, this.sku);
    const quantity = amountOf(this.amount, unitsOfSku(m, sku.key));
    const res = await call("POST", "/api/wholesale/hold", { metrc_number: r.metrc, sku_name: name, quantity }, { cookie });
    const allowed = m.live && quantity <= unitsOfSku(m, sku.key);
    expect(res.status).toBe(allowed ? 200 : 400);
    if (allowed) {
      const { hold_id } = await json<{ hold_id: string }>(res);
      m.holds.push({ id: hold_id, skuKey: sku.key, quantity, gramsPerUnit: sku.gramsPerUnit });
    }
    await expectSameState(m, r);
  }
  toString = () => `hold(#${this.sku.pick}, ${JSON.stringify(this.amount)})`;
}

class ReleaseCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const [hold] = m.holds.splice(this.pick % m.holds.length, 1);
    const res = await call("DELETE", `/api/wholesale/hold/${hold?.id}`, undefined, { cookie });
    expect(res.status).toBe(200);
    await expectSameState(m, r);
  }
  toString = () => `release(#${this.pick})`;
}

/** An Apex sale: refused beyond the SKU's units; lowers manual units; a replayed key changes nothing. */
class DecrementCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly sku: SkuPick,
    readonly amount: Amount,
    readonly replay: number | null,
  ) {}
  check = (m: Readonly<Model>) => this.replay === null || m.decrementKeys.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const { sku, name } = chosen(m, this.sku);
    const idempotencyKey = this.replay === null ? crypto.randomUUID() : (m.decrementKeys[this.replay % m.decrementKeys.length] as string);
    const units = amountOf(this.amount, unitsOfSku(m, sku.key));
    const body = { sku: name, units, idempotency_key: idempotencyKey };
    const res = await call("POST", `/api/finished-goods/${r.metrc}/apex-decrement`, body, { key });
    if (this.replay !== null) {
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ duplicate: true });
    } else {
      const allowed = units <= unitsOfSku(m, sku.key);
      expect(res.status).toBe(allowed ? 200 : 400);
      if (allowed) {
        m.decrementKeys.push(idempotencyKey);
        const manual = settingsFor(skusOf(m), m.stored)[sku.key]?.manual_units ?? null;
        if (manual !== null) m.stored = { ...m.stored, [sku.key]: { excluded: false, manual_units: manual - units } };
      }
    }
    await expectSameState(m, r);
  }
  toString = () => `decrement(#${this.sku.pick}, ${JSON.stringify(this.amount)}${this.replay === null ? "" : `, replay #${this.replay}`})`;
}

/** Archiving needs the holds released first (a route rule), so the status is set on the row: units drop to 0 and come back. */
class LiveCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly live: boolean) {}
  check = (m: Readonly<Model>) => m.live !== this.live;
  async run(m: Model, r: Real): Promise<void> {
    await db().run(sql`UPDATE finished_goods SET status = ${this.live ? "active" : "archived"} WHERE metrc_number = ${r.metrc}`);
    m.live = this.live;
    await expectSameState(m, r);
  }
  toString = () => (this.live ? "restore" : "archive");
}

const grams = fc.integer({ min: 1, max: 30_000 }).map((n) => n / 100);
// The first SKUs most often, so settings, holds and sales meet on the same SKU.
const skuPick = fc.record({ pick: fc.oneof(fc.constantFrom(0, 1), fc.nat(20)), byName: fc.boolean() });
const amount: fc.Arbitrary<Amount> = fc.oneof(
  fc.integer({ min: 1, max: 300 }).map((abs) => ({ abs })),
  fc.integer({ min: -1, max: 1 }).map((rel) => ({ rel })),
);
const commands = [
  fc.tuple(fc.constantFrom("add" as const, "deduct" as const, "order" as const), grams).map(([op, g]) => new GramsCommand(op, g)),
  fc
    .tuple(skuPick, fc.boolean(), fc.option(fc.nat(400), { nil: null, freq: 2 }))
    .map(([s, excluded, manual]) => new SettingsCommand(s, excluded, manual)),
  fc.tuple(fc.constantFrom(...Object.keys(CUSTOM)), fc.boolean()).map(([k, remove]) => new CustomSkuCommand(k, remove)),
  fc.tuple(skuPick, amount).map(([s, q]) => new HoldCommand(s, q)),
  fc.tuple(skuPick, amount).map(([s, q]) => new HoldCommand(s, q)),
  fc.nat().map((n) => new ReleaseCommand(n)),
  fc.tuple(skuPick, amount, fc.option(fc.nat(), { nil: null, freq: 4 })).map(([s, u, replay]) => new DecrementCommand(s, u, replay)),
  fc.boolean().map((live) => new LiveCommand(live)),
  fc
    .array(fc.record({ pick: fc.oneof(fc.constantFrom(0, 1), fc.nat(20)), how: fc.constantFrom(...SPELLINGS), entry: fc.nat() }), {
      maxLength: 5,
    })
    .map((entries) => new ImportedSettingsCommand(entries)),
];

const SKU_MODEL_RUNS = 20;
const SKU_MODEL_MAX_COMMANDS = 20;

describe("units per SKU: the SQL rule against the reference model", () => {
  it("agrees on every SKU's units, every hold and decrement verdict over random call sequences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60_000 }).map((n) => n / 100),
        fc.commands(commands, { maxCommands: SKU_MODEL_MAX_COMMANDS, size: "max" }),
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
          const model: Model = { buckets, live: true, stored: {}, custom: {}, holds: [], decrementKeys: [] };
          await fc.asyncModelRun(() => ({ model, real: { metrc } }), cmds);
        },
      ),
      { numRuns: SKU_MODEL_RUNS, endOnFailure: true },
    );
  }, 240_000);
});
