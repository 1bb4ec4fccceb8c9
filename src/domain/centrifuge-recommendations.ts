import { SIZES, type Size } from "./batch-sizes";
import { clamp, roundTo, roundToStep } from "./centrifuge";
import {
  byRecordedOrder,
  type Model,
  modelFor,
  type Outcome,
  type PriorityMode,
  type Recommendation,
  RPM_RANGE,
  temporalRpm,
} from "./learning";

/** Unified recommendations per size (api §7, rules §11). */

type UnifiedQuery = {
  grindSize: string | null;
  priorityMode: PriorityMode;
  temporal: boolean;
  targetBatch: number | null;
  daysSinceHarvest: number | null;
};

function fromStored(r: Recommendation): Model {
  return {
    rpm: r.rpm,
    time_seconds: r.time_seconds,
    cycles: r.cycles,
    fill_gauge_cycle1: r.fill_gauge_cycle1,
    fill_gauge_cycle2: r.fill_gauge_cycle2,
    confidence: r.confidence,
    sample_size: r.sample_size,
  };
}

/**
 * Weight mode serves what the learning pass stored; count mode is computed from the outcomes
 * on read (rates are normalised by the strain's median). Temporal mode projects the rpm trend
 * to `targetBatch` (default: the next batch) and adds moisture drift.
 */
function sizeRecommendation(size: Size, outcomes: readonly Outcome[], stored: readonly Recommendation[], q: UnifiedQuery): Model | null {
  const grind = q.grindSize ?? "";
  const ofSize = outcomes.filter((o) => o.size === size && (grind === "" || o.grind_size === grind)).sort(byRecordedOrder);
  const storedRow = stored.find((r) => r.size === size && r.grind_size === grind);
  const base = q.priorityMode === "weight" ? (storedRow ? fromStored(storedRow) : null) : modelFor(ofSize, "count");
  if (!base || !q.temporal || base.rpm === null) return base;
  const history = ofSize.map((o) => o.rpm).filter((r): r is number => r !== null);
  const target = q.targetBatch ?? history.length + 1;
  return { ...base, rpm: temporalRpm(history, base.rpm, target, q.daysSinceHarvest) };
}

function weighted(entries: [Model, number][], pick: (m: Model) => number | null): number | null {
  let sum = 0;
  let total = 0;
  for (const [m, w] of entries) {
    const v = pick(m);
    if (v === null) continue;
    sum += v * w;
    total += w;
  }
  return total > 0 ? sum / total : null;
}

/** Sizes combined, each weighted by its sample size. */
function overallOf(sizes: Record<Size, Model | null>) {
  const entries = SIZES.map((s) => sizes[s])
    .filter((m): m is Model => m !== null)
    .map((m): [Model, number] => [m, Math.max(1, m.sample_size)]);
  if (entries.length === 0) return null;
  const rpm = weighted(entries, (m) => m.rpm);
  const time = weighted(entries, (m) => m.time_seconds);
  const cycles = weighted(entries, (m) => m.cycles);
  const gauge = weighted(entries, (m) => m.fill_gauge_cycle1);
  return {
    rpm: rpm === null ? null : clamp(roundToStep(rpm, 50), RPM_RANGE[0], RPM_RANGE[1]),
    time_seconds: time === null ? null : Math.round(time),
    cycles: cycles === null ? null : Math.round(cycles),
    fill_gauge_cycle1: gauge === null ? null : Math.round(gauge),
    confidence: roundTo(weighted(entries, (m) => m.confidence) ?? 0, 2),
  };
}

export function unifiedRecommendations(strain: string, outcomes: readonly Outcome[], stored: readonly Recommendation[], q: UnifiedQuery) {
  const sizes = {} as Record<Size, Model | null>;
  for (const size of SIZES) sizes[size] = sizeRecommendation(size, outcomes, stored, q);
  const overall = overallOf(sizes);
  const base = { strain, has_data: overall !== null, priority_mode: q.priorityMode, temporal: q.temporal, sizes, overall };
  return overall
    ? base
    : {
        ...base,
        message: "No centrifuge recommendations for this strain yet: they appear after at least 3 finished batches with weight checks",
      };
}
