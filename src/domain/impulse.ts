import { clamp, DEFAULT_G_CONSTANT, gForceRaw, MACHINES, type MachineKey, roundTo, roundToStep, rpmForG } from "./centrifuge";

/** Impulse zones in N·s (rules §10.5): lower bound inclusive, upper exclusive, ≥ 100 is heavy. */
export const IMPULSE_ZONES = {
  light: { impulse_min: 0, impulse_max: 15 },
  moderate: { impulse_min: 15, impulse_max: 30 },
  optimal: { impulse_min: 30, impulse_max: 45 },
  heavy: { impulse_min: 45, impulse_max: 100 },
} as const;
type ImpulseZone = keyof typeof IMPULSE_ZONES;

const GRAVITY = 9.81;

/** The middle of the optimal zone, used when no target is given (rules §10.6). */
export const DEFAULT_TARGET_IMPULSE = 37.5;
const BATCH_TIME_RANGE = { min: 1, max: 90 } as const;

/** Impulse (N·s) = (weight_g / 1000) × g × 9.81 × t (rules §10.5), unrounded. */
function impulseRaw(gForce: number, weightGrams: number, timeSeconds: number): number {
  return (weightGrams / 1000) * gForce * GRAVITY * timeSeconds;
}

export function impulseZone(impulse: number): ImpulseZone {
  if (impulse < IMPULSE_ZONES.light.impulse_max) return "light";
  if (impulse < IMPULSE_ZONES.moderate.impulse_max) return "moderate";
  if (impulse < IMPULSE_ZONES.optimal.impulse_max) return "optimal";
  return "heavy";
}

type ImpulseInput = { rpm: number; timeSeconds: number; weightGrams: number; machine: MachineKey; k?: number };

export function calculateImpulse(input: ImpulseInput) {
  const g = gForceRaw(input.rpm, input.machine, input.k ?? DEFAULT_G_CONSTANT);
  const impulse = impulseRaw(g, input.weightGrams, input.timeSeconds);
  return {
    g_force: roundTo(g, 1),
    impulse_newton_seconds: roundTo(impulse, 1),
    impulse_zone: impulseZone(impulse),
    impulse_zones: IMPULSE_ZONES,
  };
}

type TargetMatchInput = ImpulseInput & { targetImpulse: number; adjustMode: "rpm" | "time" };

/**
 * Finds the rpm (time kept) or the time (rpm kept) that reaches the target impulse, rounded to
 * 50 rpm or 1 s and kept inside the machine range or 1–90 s; achieved impulse and g-force are
 * those of the rounded setting (rules §10.6).
 */
export function targetMatch(input: TargetMatchInput) {
  const k = input.k ?? DEFAULT_G_CONSTANT;
  const perG = (input.weightGrams / 1000) * GRAVITY;
  if (input.adjustMode === "rpm") {
    const gNeeded = input.targetImpulse / (perG * input.timeSeconds);
    const m = MACHINES[input.machine];
    const rpm = clamp(roundToStep(rpmForG(gNeeded, input.machine, k), 50), m.min_rpm, m.max_rpm);
    const g = gForceRaw(rpm, input.machine, k);
    return {
      target_impulse: input.targetImpulse,
      adjust_mode: "rpm" as const,
      recommended_rpm: rpm,
      time_seconds: input.timeSeconds,
      achieved_impulse: roundTo(impulseRaw(g, input.weightGrams, input.timeSeconds), 1),
      g_force: roundTo(g, 1),
    };
  }
  const g = gForceRaw(input.rpm, input.machine, k);
  const time = clamp(Math.round(input.targetImpulse / (perG * g)), BATCH_TIME_RANGE.min, BATCH_TIME_RANGE.max);
  return {
    target_impulse: input.targetImpulse,
    adjust_mode: "time" as const,
    rpm: input.rpm,
    recommended_time_seconds: time,
    time_seconds: time,
    achieved_impulse: roundTo(impulseRaw(g, input.weightGrams, time), 1),
    g_force: roundTo(g, 1),
  };
}

export const DEFAULT_BATCH_WEIGHTS = [0.5, 0.7, 1.0];

/** One setting applied to several pre-roll weights (rules §10.7). */
export function compareBatchWeights(input: Omit<ImpulseInput, "weightGrams"> & { weights: number[] }) {
  const g = gForceRaw(input.rpm, input.machine, input.k ?? DEFAULT_G_CONSTANT);
  return {
    g_force: roundTo(g, 1),
    data: input.weights.map((w) => {
      const impulse = impulseRaw(g, w, input.timeSeconds);
      return { weight_grams: w, impulse_newton_seconds: roundTo(impulse, 1), impulse_zone: impulseZone(impulse) };
    }),
  };
}
