/**
 * Model-based test of the rate history: the snapshot SQL in src/data/batch-counts.ts (rate = total ÷
 * worked hours from the row's own session columns, appended to `rate_history`, newest 500 kept) is
 * what production runs; `productionRate`, `workHours` and `appendRatePoint` in src/domain/rates.ts
 * and the stage timing in src/domain/stages.ts are its reference model. Random sequences of real
 * calls (absolute counts, update-progress, deltas, stage and count edits by PUT) and of time passing
 * run against the Worker and through the model; after every call the stored history, the cached
 * rate and its times, the session columns and the version must agree.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type PerSize, SIZES, type Size } from "../../src/domain/batch-sizes";
import { appendRatePoint, productionRate, RATE_HISTORY_LIMIT, type RatePoint, workHours } from "../../src/domain/rates";
import { applyStageChange, type StageTiming } from "../../src/domain/stages";
import { call, createApiKey, db } from "../helpers/http";
import { batchRow, seedBatch } from "./batches-fixtures";

let key: string;

beforeAll(async () => {
  key = await createApiKey();
});

type Snapshot = { history: unknown[]; at: string; rate: number };
type Model = {
  counts: PerSize<number>;
  timing: StageTiming;
  version: number;
  /** The stored text until the first snapshot replaces it (an unreadable history is then read as []). */
  storedHistory: string | null;
  last: Snapshot | null;
};
type Real = { id: string };

const HOUR_MS = 3_600_000;
const total = (c: PerSize<number>) => c["0_5"] + c["0_7"] + c["1_0"];

/**
 * SQLite's julianday keeps times as days in a double: near today one ulp is 2^-31 day (1.1e-8 h) and
 * each of the two julianday values is rounded by up to half of it, so its worked hours may differ
 * from JS by up to ~1.1e-8 h. The rate may be either rounding of total ÷ hours within 2.5e-8 h
 * (exact for hours of work, loose only for a session opened milliseconds before).
 */
const JULIANDAY_HOURS_ERROR = 2.5e-8;
function rateMatches(actual: unknown, count: number, hours: number, stage: number): boolean {
  const low = productionRate(count, hours + JULIANDAY_HOURS_ERROR, stage);
  const high = productionRate(count, Math.max(1e-12, hours - JULIANDAY_HOURS_ERROR), stage);
  return typeof actual === "number" && low !== null && high !== null && actual >= low && actual <= high;
}

/**
 * Applies a write the server stamped at `now` (read back from the row): a snapshot is taken when a
 * provided count changed and the row *before* the write has a rate (stage ≥ 2, pre-rolls, hours).
 */
function snapshotIfDue(m: Model, before: Model, changedCounts: boolean, now: string, row: Row): void {
  if (!changedCounts) return;
  const count = total(m.counts);
  const hours = workHours(before.timing.total_work_hours, before.timing.current_session_start, new Date(now));
  const expected = productionRate(count, hours, before.timing.stage);
  const point = parsedHistory(row).at(-1) as RatePoint | undefined;
  if (expected === null) return;
  expect(point?.timestamp).toBe(now);
  expect(rateMatches(point?.rate, count, hours, before.timing.stage), `rate ${point?.rate} for ${count} in ${hours} h`).toBe(true);
  const prior = m.last?.history ?? readable(before.storedHistory);
  const next = appendRatePoint(prior as RatePoint[], { timestamp: now, rate: point?.rate ?? Number.NaN, total_count: count });
  m.last = { history: next, at: now, rate: point?.rate ?? Number.NaN };
}

function readable(text: string | null): unknown[] {
  try {
    const value: unknown = JSON.parse(text ?? "");
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

type Row = NonNullable<Awaited<ReturnType<typeof batchRow>>>;

function parsedHistory(row: Row): unknown[] {
  return readable(row.rate_history);
}

async function expectSameState(m: Model, r: Real): Promise<Row> {
  const row = await batchRow(r.id);
  if (!row) throw new Error("batch vanished");
  expect({
    counts: { "0_5": row.counts_0_5, "0_7": row.counts_0_7, "1_0": row.counts_1_0 },
    stage: row.stage,
    total_work_hours: row.total_work_hours,
    current_session_start: row.current_session_start,
    version: row.version,
    history: m.last ? parsedHistory(row) : row.rate_history,
    cached_production_rate: row.cached_production_rate,
    rate_calculation_time: row.rate_calculation_time,
    last_rate_update: row.last_rate_update,
    rate_metrics: row.rate_metrics,
  }).toEqual({
    counts: m.counts,
    stage: m.timing.stage,
    total_work_hours: m.timing.total_work_hours,
    current_session_start: m.timing.current_session_start,
    version: m.version,
    history: m.last ? m.last.history : m.storedHistory,
    cached_production_rate: m.last ? m.last.rate : SEEDED.rate,
    rate_calculation_time: m.last ? m.last.at : SEEDED.at,
    last_rate_update: m.last ? m.last.at : SEEDED.at,
    rate_metrics: m.last ? null : SEEDED.metrics,
  });
  return row;
}

/** A counts write (absolute, update-progress or delta) and what the model expects of it. */
async function countsWrite(m: Model, r: Real, next: Partial<PerSize<number>>, send: () => Promise<Response>, ok = 200): Promise<void> {
  const before = structuredClone(m);
  const res = await send();
  expect(res.status).toBe(ok);
  if (ok !== 200) {
    await expectSameState(m, r);
    return;
  }
  const changed = SIZES.some((s) => next[s] !== undefined && next[s] !== m.counts[s]);
  for (const s of SIZES) m.counts[s] = next[s] ?? m.counts[s];
  const row = await batchRow(r.id);
  if (changed) {
    m.version += 1;
    snapshotIfDue(m, before, true, row?.updated_at ?? "", row as Row);
  }
  await expectSameState(m, r);
}

class CountsCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly counts: Partial<PerSize<number>>,
    readonly route: "counts" | "update-progress",
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const next = this.route === "counts" ? resolve(m, this.counts) : { ...m.counts, ...resolve(m, this.counts) };
    const body = Object.fromEntries(Object.entries(next).map(([s, n]) => [`counts_${s}`, n]));
    const path = this.route === "counts" ? `/api/batch/${r.id}/counts` : `/api/update-progress/${r.id}`;
    await countsWrite(m, r, next, () => call("POST", path, body, { key }));
  }
  toString = () => `${this.route}(${JSON.stringify(this.counts)})`;
}

class DeltaCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly size: Size,
    readonly delta: number,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const next = m.counts[this.size] + this.delta;
    const send = () => call("POST", `/api/batch/${r.id}/count-deltas`, { size: this.size, delta: this.delta }, { key });
    await countsWrite(m, r, { [this.size]: next }, send, next < 0 ? 409 : 200);
  }
  toString = () => `delta(${this.size}, ${this.delta})`;
}

/** PUT of a stage and/or counts: the timing follows the stage rules; counts snapshot on the row before the edit. */
class EditCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly stage: number | undefined,
    readonly counts: Partial<PerSize<number>>,
  ) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    const before = structuredClone(m);
    const counts = resolve(m, this.counts);
    const body = { stage: this.stage, ...Object.fromEntries(Object.entries(counts).map(([s, n]) => [`counts_${s}`, n])) };
    const res = await call("PUT", `/api/batch/${r.id}`, body, { key });
    expect(res.status).toBe(200);
    const row = await batchRow(r.id);
    const now = row?.updated_at ?? "";
    const countsChanged = SIZES.some((s) => counts[s] !== undefined && counts[s] !== m.counts[s]);
    const stageChanged = this.stage !== undefined && this.stage !== m.timing.stage;
    if (countsChanged || stageChanged) m.version += 1;
    if (stageChanged && this.stage !== undefined) m.timing = applyStageChange(m.timing, this.stage, new Date(now));
    for (const s of SIZES) m.counts[s] = counts[s] ?? m.counts[s];
    snapshotIfDue(m, before, countsChanged, now, row as Row);
    await expectSameState(m, r);
  }
  toString = () => `edit(stage ${this.stage}, ${JSON.stringify(this.counts)})`;
}

/** Time passes inside the open session: its start moves back, as if the clock moved on. */
class TimePassesCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly hours: number) {}
  check = (m: Readonly<Model>) => m.timing.current_session_start !== null;
  async run(m: Model, r: Real): Promise<void> {
    const start = new Date(Date.parse(m.timing.current_session_start ?? "") - this.hours * HOUR_MS).toISOString();
    await db().run(sql`UPDATE batches SET current_session_start = ${start} WHERE id = ${r.id}`);
    m.timing = { ...m.timing, current_session_start: start };
    await expectSameState(m, r);
  }
  toString = () => `time passes(${this.hours} h)`;
}

const count = fc.nat(4000);
// -1 stands for "the count as it is now": saving again what was saved takes no snapshot.
const countOrSame = fc.oneof(count, fc.constant(-1));
const someCounts = fc.record({ "0_5": countOrSame, "0_7": countOrSame, "1_0": countOrSame }, { requiredKeys: [] });
const resolve = (m: Model, c: Partial<PerSize<number>>) =>
  Object.fromEntries(Object.entries(c).map(([s, n]) => [s, n < 0 ? m.counts[s as Size] : n])) as Partial<PerSize<number>>;
const commands = [
  fc
    .tuple(
      someCounts.filter((c) => Object.keys(c).length > 0),
      fc.constantFrom("counts" as const, "update-progress" as const),
    )
    .map(([c, route]) => new CountsCommand(c, route)),
  fc
    .tuple(fc.constantFrom(...SIZES), fc.integer({ min: -300, max: 600 }))
    .filter(([, d]) => d !== 0)
    .map(([s, d]) => new DeltaCommand(s, d)),
  fc
    .tuple(fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }), someCounts)
    // An empty PUT is refused (400 "No fields to update"), which is not what this test is about.
    .filter(([s, c]) => s !== undefined || Object.keys(c).length > 0)
    .map(([s, c]) => new EditCommand(s, c)),
  fc.integer({ min: 1, max: 40 }).map((q) => new TimePassesCommand(q / 4)),
];

// What the seeded row carries before its first snapshot.
const SEEDED = { rate: 7.5, at: "2026-01-01T00:00:00.000Z", metrics: '{"current_rate":7.5}' };

const storedHistory = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(null, "not json", '{"a":1}', "[]") },
  // Near the limit and past it (imported), so each trimming branch of the SQL is taken.
  { weight: 4, arbitrary: fc.integer({ min: RATE_HISTORY_LIMIT - 6, max: RATE_HISTORY_LIMIT + 12 }) },
  { weight: 1, arbitrary: fc.nat(20) },
);

const start = fc.record({
  counts: fc.record({ "0_5": count, "0_7": count, "1_0": count }),
  stage: fc.constantFrom(0, 1, 2, 2, 2, 3),
  workedQuarters: fc.constantFrom(0, 0, 1, 6, 17, 40),
  sessionHoursAgo: fc.option(fc.integer({ min: 1, max: 24 }).map((q) => q / 4)),
  history: storedHistory,
});

const RATE_MODEL_RUNS = 20;
const RATE_MODEL_MAX_COMMANDS = 20;

describe("rate history: SQL against the reference model", () => {
  it("agrees on every snapshot, the trimmed history, the cached rate and the session columns over random call sequences", async () => {
    await fc.assert(
      fc.asyncProperty(start, fc.commands(commands, { maxCommands: RATE_MODEL_MAX_COMMANDS, size: "max" }), async (s, cmds) => {
        const now = Date.now();
        const history =
          typeof s.history === "number"
            ? JSON.stringify(
                Array.from({ length: s.history }, (_, i) => ({
                  timestamp: new Date(now - (s.history as number) * HOUR_MS + i).toISOString(),
                  rate: i % 97,
                  total_count: i,
                })),
              )
            : s.history;
        const timing: StageTiming = {
          stage: s.stage,
          stage_entered_at: null,
          production_start_time: null,
          production_end_time: null,
          production_duration_hours: null,
          production_sessions: [],
          // Only stage 2 has an open session.
          current_session_start:
            s.stage === 2 && s.sessionHoursAgo !== null ? new Date(now - s.sessionHoursAgo * HOUR_MS).toISOString() : null,
          total_work_hours: s.workedQuarters / 4,
        };
        const id = await seedBatch({
          counts_0_5: s.counts["0_5"],
          counts_0_7: s.counts["0_7"],
          counts_1_0: s.counts["1_0"],
          stage: s.stage,
          current_session_start: timing.current_session_start,
          total_work_hours: timing.total_work_hours,
          rate_history: history,
          cached_production_rate: SEEDED.rate,
          rate_calculation_time: SEEDED.at,
          last_rate_update: SEEDED.at,
          rate_metrics: SEEDED.metrics,
        });
        const model: Model = { counts: { ...s.counts }, timing, version: 0, storedHistory: history, last: null };
        await fc.asyncModelRun(() => ({ model, real: { id } }), cmds);
        // Every history the SQL left behind reads back within the list and detail contracts (call() checks them).
        expect((await call("GET", "/api/data?include_history=true", undefined, { key })).status).toBe(200);
        expect((await call("GET", `/api/batch/${id}`, undefined, { key })).status).toBe(200);
      }),
      { numRuns: RATE_MODEL_RUNS, endOnFailure: true },
    );
  }, 240_000);
});
