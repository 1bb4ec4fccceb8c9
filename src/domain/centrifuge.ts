/**
 * Centrifuge physics and machine data (rules §10.1–10.4). Pure: the g-force constant is a
 * parameter so that the stored setting (gaps G-CEN-1) can replace the default.
 */

export type MachineKey = "silver_bullet" | "lab_geek";
type Machine = { name: string; radius_inches: number; max_rpm: number; min_rpm: number };

export const MACHINES: Record<MachineKey, Machine> = {
  silver_bullet: { name: "Silver Bullet", radius_inches: 4.125, max_rpm: 5000, min_rpm: 500 },
  lab_geek: { name: "Lab Geek", radius_inches: 5.0, max_rpm: 4500, min_rpm: 500 },
};
export const MACHINE_KEYS = Object.keys(MACHINES) as MachineKey[];
export const DEFAULT_MACHINE: MachineKey = "silver_bullet";

/**
 * Fitted so that 2200 rpm on the Silver Bullet gives the documented 228.5 g
 * (228.5 / (4.125 × 2200²)); the textbook RCF constant would give ≈ 567 g (gaps G-CEN-1).
 */
export const DEFAULT_G_CONSTANT = 228.5 / (4.125 * 2200 * 2200);

export const SAFETY_ZONES = { safe: { max_rpm: 3000 }, caution: { max_rpm: 4000 }, danger: { max_rpm: 5000 } } as const;

export const MATERIAL_GUIDES = {
  standard: { rpm_range: [1800, 2500], time_range: [10, 20], cycles: 2 },
} as const;
export type Material = keyof typeof MATERIAL_GUIDES;

type SafetyZone = "below_range" | "optimal" | "safe" | "caution" | "danger";

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function roundToStep(value: number, step: number): number {
  return Math.round(value / step) * step;
}

/** Unrounded g-force: k × r(in) × rpm². */
export function gForceRaw(rpm: number, machine: MachineKey, k = DEFAULT_G_CONSTANT): number {
  return k * MACHINES[machine].radius_inches * rpm * rpm;
}

/** G-force as the API prints it, one decimal (rules §10.1). */
export function gForce(rpm: number, machine: MachineKey, k = DEFAULT_G_CONSTANT): number {
  return roundTo(gForceRaw(rpm, machine, k), 1);
}

/** The rpm that gives `g` on a machine, before any rounding. */
export function rpmForG(g: number, machine: MachineKey, k = DEFAULT_G_CONSTANT): number {
  return Math.sqrt(g / (k * MACHINES[machine].radius_inches));
}

/** `optimal` inside the standard recommended range, else by the safety thresholds (rules §10.2). */
export function safetyZone(rpm: number): SafetyZone {
  const [low, high] = MATERIAL_GUIDES.standard.rpm_range;
  if (rpm < low) return "below_range";
  if (rpm <= high) return "optimal";
  if (rpm <= SAFETY_ZONES.safe.max_rpm) return "safe";
  if (rpm <= SAFETY_ZONES.caution.max_rpm) return "caution";
  return "danger";
}

type RpmVerdict = { ok: true } | { ok: false; reason: string };

/** Refusals for an rpm on a machine (api §6: > 0; rules §10.2: inside the machine's range). */
export function checkRpm(rpm: number, machine: MachineKey): RpmVerdict {
  if (!(rpm > 0)) return { ok: false, reason: "rpm must be greater than 0" };
  const m = MACHINES[machine];
  if (rpm < m.min_rpm || rpm > m.max_rpm) {
    return { ok: false, reason: `rpm must be between ${m.min_rpm} and ${m.max_rpm} for ${machine}` };
  }
  return { ok: true };
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

type Equivalent = { rpm: number; g_force: number };

/**
 * Same g-force on another machine: rpm × √(r_source / r_target), rounded to 50 and kept inside
 * the target's range; the g-force is recomputed for the rounded rpm (rules §10.3).
 */
export function equivalentRpm(rpm: number, source: MachineKey, target: MachineKey, k = DEFAULT_G_CONSTANT): Equivalent {
  const exact = rpm * Math.sqrt(MACHINES[source].radius_inches / MACHINES[target].radius_inches);
  const t = MACHINES[target];
  const rounded = clamp(roundToStep(exact, 50), t.min_rpm, t.max_rpm);
  return { rpm: rounded, g_force: gForce(rounded, target, k) };
}

const MAX_CURVE_POINTS = 1000;

type CurveVerdict = { ok: true; points: { rpm: number; g_force: number }[] } | { ok: false; reason: string };

/** Points from rpm_min to rpm_max inclusive every `step` rpm (rules §10.4), at most 1000. */
export function curvePoints(rpmMin: number, rpmMax: number, step: number, machine: MachineKey, k = DEFAULT_G_CONSTANT): CurveVerdict {
  if (!(step > 0)) return { ok: false, reason: "step must be greater than 0" };
  if (rpmMin > rpmMax) return { ok: false, reason: "rpm_min must not be greater than rpm_max" };
  const count = Math.floor((rpmMax - rpmMin) / step) + 1;
  if (count > MAX_CURVE_POINTS) {
    return { ok: false, reason: `Too many points (${count}); at most ${MAX_CURVE_POINTS}: raise step or narrow the range` };
  }
  const points = [];
  for (let i = 0; i < count; i++) {
    const rpm = rpmMin + i * step;
    points.push({ rpm, g_force: gForce(rpm, machine, k) });
  }
  return { ok: true, points };
}

/** Accepts only a sane positive constant from settings; anything else falls back to the default. */
export function resolveGConstant(stored: unknown): number {
  return typeof stored === "number" && Number.isFinite(stored) && stored > 0 && stored < 1 ? stored : DEFAULT_G_CONSTANT;
}
