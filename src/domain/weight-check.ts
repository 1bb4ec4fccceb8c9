import { SIZE_GRAMS, SIZES, type Size } from "./batch-sizes";
import { roundTo } from "./centrifuge";

/** Weight checks and yield (rules §8, gaps G-WEIGHT-1). */

/** A check weighs this many pre-rolls at once (api §8). */
const SAMPLE_SIZE = 10;
/** A new check is due once the count has grown this much since the last one. */
const CHECK_INTERVAL = 100;

export type WeightLogEntry = {
  id: string;
  timestamp: string;
  sample_weight: number;
  count_at_measurement: number;
  avg_weight: number;
  yield_percent: number;
};

type YieldBand = "green" | "orange" | "red";
type CheckStatus = "good" | "warning" | "bad";

/** ≥ 95 green, ≥ 90 orange, below red. */
export function yieldBand(percent: number): YieldBand {
  if (percent >= 95) return "green";
  if (percent >= 90) return "orange";
  return "red";
}

export function checkStatus(percent: number): CheckStatus {
  const band = yieldBand(percent);
  return band === "green" ? "good" : band === "orange" ? "warning" : "bad";
}

/** The nominal size nearest to a weight. */
function nearestSize(grams: number): Size {
  let best: Size = "0_5";
  for (const s of SIZES) if (Math.abs(SIZE_GRAMS[s] - grams) < Math.abs(SIZE_GRAMS[best] - grams)) best = s;
  return best;
}

/** The batch's own target weight when it belongs to this size (nearest nominal size), else the nominal weight. */
export function targetWeight(size: Size, targetGramsEach: number): number {
  return targetGramsEach > 0 && nearestSize(targetGramsEach) === size ? targetGramsEach : SIZE_GRAMS[size];
}

type CheckInput = { size: Size; sampleWeight: number; tareGrams: number; targetGramsEach: number };

/**
 * One check: average gross weight of the 10-piece sample, net of the empty cone's tare;
 * accuracy = max(0, 100 − |net − target| / target × 100).
 */
export function analyseCheck(input: CheckInput) {
  const gross = input.sampleWeight / SAMPLE_SIZE;
  const net = gross - input.tareGrams;
  const target = targetWeight(input.size, input.targetGramsEach);
  const deviation = ((net - target) / target) * 100;
  const accuracy = Math.max(0, 100 - Math.abs(deviation));
  return {
    avg_gross_weight: roundTo(gross, 3),
    tare: input.tareGrams,
    avg_weight: roundTo(net, 3),
    target,
    deviation_percent: roundTo(deviation, 1),
    yield_percent: roundTo(accuracy, 1),
  };
}

/**
 * Running yield: the checks' accuracies, each weighted by the production it covers (its count
 * minus the previous check's count, at least 1); 0 with no checks.
 */
export function runningYield(log: readonly Pick<WeightLogEntry, "count_at_measurement" | "yield_percent">[]): number {
  let previous = 0;
  let sum = 0;
  let total = 0;
  for (const entry of log) {
    const weight = Math.max(1, entry.count_at_measurement - previous);
    sum += entry.yield_percent * weight;
    total += weight;
    previous = entry.count_at_measurement;
  }
  return total > 0 ? roundTo(sum / total, 1) : 0;
}

function isEntry(value: unknown): value is WeightLogEntry {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.count_at_measurement === "number" && typeof v.yield_percent === "number";
}

/** A stored `weight_log_<size>`; unreadable JSON or foreign entries are skipped, never fatal. */
export function parseWeightLog(text: string | null): WeightLogEntry[] {
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isEntry) : [];
  } catch {
    return [];
  }
}

export function isCheckDue(currentCount: number, lastCheckCount: number): boolean {
  return currentCount - lastCheckCount >= CHECK_INTERVAL;
}

type RecordCheck = CheckInput & { id: string; countAtMeasurement: number; log: WeightLogEntry[]; now: Date };

/** The new log entry, the log with it appended and the running yield afterwards. */
export function recordCheck(input: RecordCheck) {
  const analysis = analyseCheck(input);
  const entry: WeightLogEntry = {
    id: input.id,
    timestamp: input.now.toISOString(),
    sample_weight: input.sampleWeight,
    count_at_measurement: input.countAtMeasurement,
    avg_weight: analysis.avg_weight,
    yield_percent: analysis.yield_percent,
  };
  const log = [...input.log, entry];
  const running = runningYield(log);
  return {
    entry,
    log,
    analysis: {
      ...analysis,
      running_yield: running,
      status: checkStatus(analysis.yield_percent),
      color: yieldBand(analysis.yield_percent),
      running_yield_color: yieldBand(running),
    },
  };
}
