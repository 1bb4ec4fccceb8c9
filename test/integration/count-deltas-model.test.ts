/**
 * Model-based test of count deltas interleaved with absolute counts: the guarded SQL of
 * src/data/batch-count-deltas.ts (`counts_x + delta`, refused below 0, answer computed in the same
 * batch) and of batch-counts.ts is what production runs; the model is plain arithmetic on running
 * totals (rules §2.5, §6). Random sequences of real calls (deltas, deltas with an Idempotency-Key
 * and their replays, racing deltas, absolute counts, PUT edits) run against the Worker and through
 * the model; after every call the counts (never negative), the version, the delta answers, the
 * audit rows, the usage rows and every paper size's stock (moved by exactly the net change) agree.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type PerSize, SIZE_GRAMS, SIZES, type Size } from "../../src/domain/batch-sizes";
import { DEFAULT_PAPERS_PER_BOX } from "../../src/domain/paper-consumption";
import { call, createApiKey, json } from "../helpers/http";
import { auditRows, batchRow, seedBatch, setStock, stock, usageRows } from "./batches-fixtures";

let key: string;

beforeAll(async () => {
  key = await createApiKey();
});

type Model = {
  counts: PerSize<number>;
  version: number;
  /** Audit rows per size, as [old, new]. */
  audits: PerSize<[string, string][]>;
  override: Size | null;
  /** Answers stored under each Idempotency-Key used so far, with the body sent. */
  keys: { key: string; body: { size: Size; delta: number }; status: number; text: string }[];
};
type Real = { id: string; seeded: PerSize<number>; stockBefore: PerSize<number> };

const paperOf = (m: Model, size: Size): Size => m.override ?? size;
const papers = (s: { boxes: number; individual_papers: number }, size: Size) =>
  s.boxes * DEFAULT_PAPERS_PER_BOX[size] + s.individual_papers;
const label = (size: Size) => `${SIZE_GRAMS[size].toFixed(1)} g`;

/** One applied change of one size's count: audit row, version, counts. */
function apply(m: Model, size: Size, next: number): void {
  if (next === m.counts[size]) return;
  m.audits[size].push([String(m.counts[size]), String(next)]);
  m.counts[size] = next;
}

async function expectSameState(m: Model, r: Real): Promise<void> {
  const row = await batchRow(r.id);
  const audits = await auditRows(r.id);
  const usage = await usageRows(r.id);
  const usedBySize = Object.fromEntries(SIZES.map((s) => [s, usage.filter((u) => u.size === s).reduce((n, u) => n + u.papers_used, 0)]));
  const stocks = Object.fromEntries(await Promise.all(SIZES.map(async (s) => [s, papers(await stock(s), s)] as const)));
  // Every paper size moves by exactly the net change of the counts charged to it.
  const netByPaper = Object.fromEntries(SIZES.map((s) => [s, 0])) as PerSize<number>;
  for (const s of SIZES) netByPaper[paperOf(m, s)] += m.counts[s] - r.seeded[s];
  expect({
    counts: { "0_5": row?.counts_0_5, "0_7": row?.counts_0_7, "1_0": row?.counts_1_0 },
    markers: {
      "0_5": row?._last_inventory_consumed_0_5,
      "0_7": row?._last_inventory_consumed_0_7,
      "1_0": row?._last_inventory_consumed_1_0,
    },
    version: row?.version,
    audits: Object.fromEntries(SIZES.map((s) => [s, audits.filter((a) => a.field === `counts_${s}`).map((a) => [a.old, a.new])])),
    used: usedBySize,
    stock: stocks,
  }).toEqual({
    counts: m.counts,
    markers: m.counts,
    version: m.version,
    audits: m.audits,
    used: netByPaper,
    stock: Object.fromEntries(SIZES.map((s) => [s, r.stockBefore[s] - netByPaper[s]])),
  });
}

/** What the delta route answers for the model's state after (or instead of) applying it. */
function expectedAnswer(m: Model, r: Real, size: Size, delta: number, applied: boolean) {
  if (!applied) {
    return {
      status: 409,
      body: { error: `The ${label(size)} count is ${m.counts[size]}: taking away ${-delta} would make it negative. Nothing was saved.` },
    };
  }
  return {
    status: 200,
    body: {
      ok: true,
      batch_id: r.id,
      size,
      delta,
      ...Object.fromEntries(SIZES.map((s) => [`counts_${s}`, m.counts[s]])),
      version: m.version,
    },
  };
}

class DeltaCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly size: Size,
    readonly delta: number,
    readonly withKey: boolean,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const body = { size: this.size, delta: this.delta };
    const headers: Record<string, string> = this.withKey ? { "Idempotency-Key": crypto.randomUUID() } : {};
    const res = await call("POST", `/api/batch/${r.id}/count-deltas`, body, { key, headers });
    const next = m.counts[this.size] + this.delta;
    if (next >= 0) {
      apply(m, this.size, next);
      m.version += 1;
    }
    const text = await res.text();
    const want = expectedAnswer(m, r, this.size, this.delta, next >= 0);
    expect({ status: res.status, body: JSON.parse(text) }).toEqual(want);
    if (this.withKey) m.keys.push({ key: headers["Idempotency-Key"] as string, body, status: res.status, text });
    await expectSameState(m, r);
  }
  toString = () => `delta(${this.size}, ${this.delta}${this.withKey ? ", keyed" : ""})`;
}

/** The same key and body again: the stored answer, byte for byte, and nothing applied twice. */
class ReplayCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.keys.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    const sent = m.keys[this.pick % m.keys.length];
    if (!sent) throw new Error("no key to replay");
    const res = await call("POST", `/api/batch/${r.id}/count-deltas`, sent.body, { key, headers: { "Idempotency-Key": sent.key } });
    expect({ status: res.status, text: await res.text(), replayed: res.headers.get("Idempotent-Replayed") }).toEqual({
      status: sent.status,
      text: sent.text,
      replayed: "true",
    });
    await expectSameState(m, r);
  }
  toString = () => `replay(#${this.pick})`;
}

/** Tablets racing: rises sent at once all land, in some order, each once. */
class RaceCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly deltas: [Size, number][]) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const answers = await Promise.all(
      this.deltas.map(([size, delta]) => call("POST", `/api/batch/${r.id}/count-deltas`, { size, delta }, { key })),
    );
    expect(answers.map((a) => a.status)).toEqual(this.deltas.map(() => 200));
    // The order is the server's: each answer's version says where it landed.
    const landed = await Promise.all(answers.map((a) => json<{ version: number }>(a)));
    const order = this.deltas.map((d, i) => ({ d, v: landed[i]?.version ?? 0 })).sort((a, b) => a.v - b.v);
    for (const { d } of order) {
      apply(m, d[0], m.counts[d[0]] + d[1]);
      m.version += 1;
    }
    await expectSameState(m, r);
  }
  toString = () => `race(${JSON.stringify(this.deltas)})`;
}

class CountsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly counts: Partial<PerSize<number>>,
    readonly route: "counts" | "edit",
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    // -1 stands for "the count as it is now": a tablet saving again what it already saved.
    const counts = Object.fromEntries(Object.entries(this.counts).map(([s, n]) => [s, n < 0 ? m.counts[s as Size] : n])) as Partial<
      PerSize<number>
    >;
    const body = Object.fromEntries(Object.entries(counts).map(([s, n]) => [`counts_${s}`, n]));
    const res =
      this.route === "counts"
        ? await call("POST", `/api/batch/${r.id}/counts`, body, { key })
        : await call("PUT", `/api/batch/${r.id}`, body, { key });
    expect(res.status).toBe(200);
    const changed = SIZES.some((s) => counts[s] !== undefined && counts[s] !== m.counts[s]);
    for (const s of SIZES) apply(m, s, counts[s] ?? m.counts[s]);
    if (changed) m.version += 1;
    await expectSameState(m, r);
  }
  toString = () => `${this.route}(${JSON.stringify(this.counts)})`;
}

const size = fc.constantFrom(...SIZES);
// Small deltas near small counts, so refusals at 0 are common.
const delta = fc.oneof(fc.integer({ min: -60, max: 60 }), fc.constantFrom(-100, -50, -25, 25, 50, 100)).filter((d) => d !== 0);
const countOrSame = fc.oneof(fc.nat(150), fc.constant(-1));
const commands = [
  fc.tuple(size, delta, fc.boolean()).map(([s, d, k]) => new DeltaCommand(s, d, k)),
  fc.tuple(size, delta, fc.boolean()).map(([s, d, k]) => new DeltaCommand(s, d, k)),
  fc.nat().map((n) => new ReplayCommand(n)),
  fc.array(fc.tuple(size, fc.integer({ min: 1, max: 100 })), { minLength: 2, maxLength: 6 }).map((ds) => new RaceCommand(ds)),
  fc
    .tuple(
      fc.record({ "0_5": countOrSame, "0_7": countOrSame, "1_0": countOrSame }, { requiredKeys: [] }),
      fc.constantFrom("counts" as const, "edit" as const),
    )
    .filter(([c]) => Object.keys(c).length > 0)
    .map(([c, route]) => new CountsCommand(c, route)),
];

const DELTA_MODEL_RUNS = 20;
const DELTA_MODEL_MAX_COMMANDS = 20;
// Enough paper that no write runs out: stock then moves by exactly the net change.
const AMPLE_BOXES = 50;

describe("count deltas and absolute counts: SQL against the model", () => {
  it("agree on counts (never negative), version, answers, audit rows, usage and paper stock over random call sequences", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ "0_5": fc.nat(120), "0_7": fc.nat(120), "1_0": fc.nat(120) }),
        fc.constantFrom(null, ...SIZES),
        fc.commands(commands, { maxCommands: DELTA_MODEL_MAX_COMMANDS, size: "max" }),
        async (counts, override, cmds) => {
          for (const s of SIZES) await setStock(s, AMPLE_BOXES, 0);
          const id = await seedBatch({
            counts_0_5: counts["0_5"],
            counts_0_7: counts["0_7"],
            counts_1_0: counts["1_0"],
            _last_inventory_consumed_0_5: counts["0_5"],
            _last_inventory_consumed_0_7: counts["0_7"],
            _last_inventory_consumed_1_0: counts["1_0"],
            paper_size_override: override,
          });
          const stockBefore = Object.fromEntries(SIZES.map((s) => [s, AMPLE_BOXES * DEFAULT_PAPERS_PER_BOX[s]])) as PerSize<number>;
          const model: Model = { counts: { ...counts }, version: 0, audits: { "0_5": [], "0_7": [], "1_0": [] }, override, keys: [] };
          await fc.asyncModelRun(() => ({ model, real: { id, seeded: { ...counts }, stockBefore } }), cmds);
        },
      ),
      { numRuns: DELTA_MODEL_RUNS, endOnFailure: true },
    );
  }, 240_000);
});
