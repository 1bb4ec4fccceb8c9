import { SIZES, type Size } from "./batch-sizes";
import type { Outcome } from "./learning";

/** The batch columns an outcome is made from. */
export type OutcomeSource = {
  id: string;
  strain: string;
  stage: number;
  grind_size: string | null;
  harvest_date: string | null;
  centrifuge_rpm: number | null;
  centrifuge_time_seconds: number | null;
  centrifuge_cycles: number | null;
  centrifuge_fill_gauge_cycle1: number | null;
  centrifuge_fill_gauge_cycle2: number | null;
  centrifuge_machine: string | null;
  centrifuge_settings_by_size: string | null;
  running_yield_0_5: number;
  running_yield_0_7: number;
  running_yield_1_0: number;
  cached_production_rate: number | null;
  production_end_time: string | null;
  production_start_time: string | null;
  created_at: string;
};

export const MIN_OUTCOME_STAGE = 3;

type SizeSettings = {
  rpm: number | null;
  time_seconds: number | null;
  cycles: number | null;
  fill_gauge_cycle1: number | null;
  fill_gauge_cycle2: number | null;
  machine: string | null;
};

function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Per-size settings from `centrifuge_settings_by_size`; unreadable JSON counts as none. */
function parseSettingsBySize(text: string | null): Partial<Record<Size, Partial<SizeSettings>>> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const out: Partial<Record<Size, Partial<SizeSettings>>> = {};
  for (const size of SIZES) {
    const raw = (parsed as Record<string, unknown>)[size];
    if (typeof raw !== "object" || raw === null) continue;
    const r = raw as Record<string, unknown>;
    out[size] = {
      rpm: finite(r.rpm),
      time_seconds: finite(r.time_seconds),
      cycles: finite(r.cycles),
      fill_gauge_cycle1: finite(r.fill_gauge_cycle1),
      fill_gauge_cycle2: finite(r.fill_gauge_cycle2),
      machine: typeof r.machine === "string" ? r.machine : null,
    };
  }
  return out;
}

/**
 * Outcomes of one batch (rules §11 step 1): one per size once the batch is at least Finished,
 * that size has centrifuge settings (its own, else the batch's single setting) and a running
 * yield from weight checks.
 */
export function outcomesOfBatch(batch: OutcomeSource): Outcome[] {
  if (batch.stage < MIN_OUTCOME_STAGE) return [];
  const bySize = parseSettingsBySize(batch.centrifuge_settings_by_size);
  const yields: Record<Size, number> = { "0_5": batch.running_yield_0_5, "0_7": batch.running_yield_0_7, "1_0": batch.running_yield_1_0 };
  const recordedAt = batch.production_end_time ?? batch.production_start_time ?? batch.created_at;
  const out: Outcome[] = [];
  for (const size of SIZES) {
    const own = bySize[size];
    const rpm = own?.rpm ?? batch.centrifuge_rpm;
    const yieldPercent = yields[size];
    if (rpm === null || rpm === undefined || !(yieldPercent > 0)) continue;
    out.push({
      batch_id: batch.id,
      strain: batch.strain,
      size,
      machine: own?.machine ?? batch.centrifuge_machine,
      grind_size: batch.grind_size,
      rpm,
      time_seconds: own?.time_seconds ?? batch.centrifuge_time_seconds,
      cycles: own?.cycles ?? batch.centrifuge_cycles,
      fill_gauge_cycle1: own?.fill_gauge_cycle1 ?? batch.centrifuge_fill_gauge_cycle1,
      fill_gauge_cycle2: own?.fill_gauge_cycle2 ?? batch.centrifuge_fill_gauge_cycle2,
      yield_percent: yieldPercent,
      rate: batch.cached_production_rate,
      harvest_date: batch.harvest_date,
      recorded_at: recordedAt,
    });
  }
  return out;
}

export function outcomeKey(o: { batch_id: string; size: string }): string {
  return `${o.batch_id}\u0000${o.size}`;
}

/** Every stored field of an outcome, in table column order; (batch_id, size) is its key. */
export const OUTCOME_FIELDS = [
  "batch_id",
  "strain",
  "size",
  "machine",
  "grind_size",
  "rpm",
  "time_seconds",
  "cycles",
  "fill_gauge_cycle1",
  "fill_gauge_cycle2",
  "yield_percent",
  "rate",
  "harvest_date",
  "recorded_at",
] as const satisfies readonly (keyof Outcome)[];

/** The fields that can change under the key: what a new outcome is compared on and updates. */
export const OUTCOME_VALUE_FIELDS = OUTCOME_FIELDS.filter((f) => f !== "batch_id" && f !== "size");

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return OUTCOME_VALUE_FIELDS.every((k) => a[k] === b[k]);
}

export type OutcomeDiff = { upserts: Outcome[]; deletions: { batch_id: string; size: Size; strain: string }[] };

/**
 * What the outcome table must change to match the batches: new or changed outcomes to write
 * (they become unprocessed) and stored outcomes whose batch no longer qualifies.
 */
export function diffOutcomes(derived: readonly Outcome[], stored: readonly Outcome[]): OutcomeDiff {
  const storedByKey = new Map(stored.map((o) => [outcomeKey(o), o]));
  const derivedKeys = new Set<string>();
  const upserts: Outcome[] = [];
  for (const o of derived) {
    const key = outcomeKey(o);
    derivedKeys.add(key);
    const old = storedByKey.get(key);
    if (!old || !sameOutcome(old, o)) upserts.push(o);
  }
  const deletions = stored
    .filter((o) => !derivedKeys.has(outcomeKey(o)))
    .map((o) => ({ batch_id: o.batch_id, size: o.size, strain: o.strain }));
  return { upserts, deletions };
}
