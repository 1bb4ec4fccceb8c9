/**
 * Model-based test of paper consumption and the rate history: the SQL in src/data/batch-counts.ts
 * and batch-count-deltas.ts is what production runs; src/domain/paper-consumption.ts and
 * appendRatePoint in src/domain/rates.ts are its reference model. Random sequences of real calls
 * (count deltas, absolute counts, stock counts) run against the Worker and through the model;
 * after every call the counts, markers, paper stock of every size and the rate history must agree.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type PerSize, SIZES, type Size } from "../../src/domain/batch-sizes";
import { consumePapers, DEFAULT_PAPERS_PER_BOX, type PaperStock, paperSizeFor, papersToCharge } from "../../src/domain/paper-consumption";
import { appendRatePoint, RATE_HISTORY_LIMIT, type RatePoint } from "../../src/domain/rates";
import { call, createApiKey } from "../helpers/http";
import { batchRow, seedBatch, setStock, stock } from "./batches-fixtures";

let key: string;

beforeAll(async () => {
  key = await createApiKey();
});

type Model = {
  counts: PerSize<number>;
  markers: PerSize<number>;
  override: string | null;
  stock: PerSize<PaperStock>;
  /** Only the totals: rates and timestamps depend on the clock. */
  history: RatePoint[];
};
type Real = { id: string };

/** Applies new counts as the SQL does: per size in order, papers charged or returned, markers moved. */
function applyCounts(m: Model, next: Partial<PerSize<number>>): void {
  let changed = false;
  for (const size of SIZES) {
    const count = next[size];
    if (count === undefined) continue;
    const paper = paperSizeFor(size, m.override);
    m.stock[paper] = consumePapers(m.stock[paper], papersToCharge(count, m.markers[size]), DEFAULT_PAPERS_PER_BOX[paper]);
    if (count !== m.counts[size]) changed = true;
    m.counts[size] = count;
    m.markers[size] = count;
  }
  const total = m.counts["0_5"] + m.counts["0_7"] + m.counts["1_0"];
  // The seeded batch is In progress with hours worked, so a snapshot needs only a change and pre-rolls.
  if (changed && total > 0) m.history = appendRatePoint(m.history, { timestamp: "", rate: 0, total_count: total });
}

async function expectSameState(m: Model, r: Real): Promise<void> {
  const row = await batchRow(r.id);
  const history = JSON.parse(row?.rate_history ?? "[]") as RatePoint[];
  const stocks = Object.fromEntries(await Promise.all(SIZES.map(async (s) => [s, await stock(s)] as const)));
  expect({
    counts: { "0_5": row?.counts_0_5, "0_7": row?.counts_0_7, "1_0": row?.counts_1_0 },
    markers: {
      "0_5": row?._last_inventory_consumed_0_5,
      "0_7": row?._last_inventory_consumed_0_7,
      "1_0": row?._last_inventory_consumed_1_0,
    },
    stock: stocks,
    history: history.map((p) => p.total_count),
  }).toEqual({ counts: m.counts, markers: m.markers, stock: m.stock, history: m.history.map((p) => p.total_count) });
}

class DeltaCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly size: Size,
    readonly delta: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const res = await call("POST", `/api/batch/${r.id}/count-deltas`, { size: this.size, delta: this.delta }, { key });
    const next = m.counts[this.size] + this.delta;
    expect(res.status).toBe(next < 0 ? 409 : 200);
    if (next >= 0) applyCounts(m, { [this.size]: next });
    await expectSameState(m, r);
  }
  toString = () => `delta(${this.size}, ${this.delta})`;
}

class CountsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly counts: Partial<PerSize<number>>) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const body = Object.fromEntries(Object.entries(this.counts).map(([s, n]) => [`counts_${s}`, n]));
    const res = await call("POST", `/api/batch/${r.id}/counts`, body, { key });
    expect(res.status).toBe(200);
    applyCounts(m, this.counts);
    await expectSameState(m, r);
  }
  toString = () => `counts(${JSON.stringify(this.counts)})`;
}

class StockCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly size: Size,
    readonly value: PaperStock,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const body = { size: this.size, box_count: this.value.boxes, individual_papers: this.value.individual_papers };
    const res = await call("POST", "/api/inventory/update", body, { key });
    expect(res.status).toBe(200);
    m.stock[this.size] = { ...this.value };
    await expectSameState(m, r);
  }
  toString = () => `stock(${this.size}, ${JSON.stringify(this.value)})`;
}

const size = fc.constantFrom(...SIZES);
const paperStock = fc.record({ boxes: fc.integer({ min: 0, max: 4 }), individual_papers: fc.integer({ min: 0, max: 1500 }) });
const commands = [
  fc
    .tuple(size, fc.integer({ min: -400, max: 2500 }))
    .filter(([, d]) => d !== 0)
    .map(([s, d]) => new DeltaCommand(s, d)),
  fc
    .record({ "0_5": fc.nat(4000), "0_7": fc.nat(4000), "1_0": fc.nat(4000) }, { requiredKeys: [] })
    .filter((c) => Object.keys(c).length > 0)
    .map((c) => new CountsCommand(c)),
  fc.tuple(size, paperStock).map(([s, v]) => new StockCommand(s, v)),
];

const PAPER_MODEL_RUNS = 25;
const PAPER_MODEL_MAX_COMMANDS = 20;

const start = fc.record({
  counts: fc.record({ "0_5": fc.nat(2000), "0_7": fc.nat(2000), "1_0": fc.nat(2000) }),
  // Imported batches may carry a marker behind or ahead of the count.
  lag: fc.record({
    "0_5": fc.integer({ min: -50, max: 50 }),
    "0_7": fc.integer({ min: -50, max: 50 }),
    "1_0": fc.integer({ min: -50, max: 50 }),
  }),
  override: fc.constantFrom(null, "0_5", "0_7", "1_0"),
  stock: fc.record({ "0_5": paperStock, "0_7": paperStock, "1_0": paperStock }),
  // Near the limit, so trimming to the newest RATE_HISTORY_LIMIT points is exercised.
  historyLength: fc.integer({ min: RATE_HISTORY_LIMIT - 8, max: RATE_HISTORY_LIMIT }),
});

describe("paper consumption and rate history: SQL against the reference model", () => {
  it("agrees on counts, markers, every size's paper stock and the rate history over random call sequences", async () => {
    await fc.assert(
      fc.asyncProperty(start, fc.commands(commands, { maxCommands: PAPER_MODEL_MAX_COMMANDS, size: "max" }), async (s, cmds) => {
        const markers = {
          "0_5": Math.max(0, s.counts["0_5"] - s.lag["0_5"]),
          "0_7": Math.max(0, s.counts["0_7"] - s.lag["0_7"]),
          "1_0": Math.max(0, s.counts["1_0"] - s.lag["1_0"]),
        };
        const history = Array.from({ length: s.historyLength }, (_, i) => ({
          timestamp: "2026-01-01T00:00:00.000Z",
          rate: 10,
          total_count: i,
        }));
        const id = await seedBatch({
          counts_0_5: s.counts["0_5"],
          counts_0_7: s.counts["0_7"],
          counts_1_0: s.counts["1_0"],
          _last_inventory_consumed_0_5: markers["0_5"],
          _last_inventory_consumed_0_7: markers["0_7"],
          _last_inventory_consumed_1_0: markers["1_0"],
          paper_size_override: s.override,
          stage: 2,
          current_session_start: new Date(Date.now() - 3 * 3_600_000).toISOString(),
          rate_history: JSON.stringify(history),
        });
        for (const sz of SIZES) await setStock(sz, s.stock[sz].boxes, s.stock[sz].individual_papers);
        const model: Model = {
          counts: { ...s.counts },
          markers,
          override: s.override,
          stock: structuredClone(s.stock),
          history,
        };
        await fc.asyncModelRun(() => ({ model, real: { id } }), cmds);
      }),
      { numRuns: PAPER_MODEL_RUNS, endOnFailure: true },
    );
  }, 240_000);
});
