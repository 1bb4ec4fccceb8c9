/** Numbers and dates as people on the floor read them. */
const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

export const SIZE_KEYS = ["0_5", "0_7", "1_0"] as const;
export type SizeKey = (typeof SIZE_KEYS)[number];

export function sizeLabel(size: SizeKey): string {
  return `${size.replace("_", ".")} g`;
}

export function fmtCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : whole.format(n);
}

export function fmtDecimal(n: number | null | undefined, suffix = ""): string {
  return n === null || n === undefined || !Number.isFinite(n) ? "—" : `${one.format(n)}${suffix}`;
}

/** `2026-02-25` or an ISO timestamp → "Feb 25, 2026"; dates without a time are not shifted by the time zone. */
export function fmtDate(value: string | null | undefined): string {
  if (!value) return "—";
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T12:00:00` : value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric" });
}

export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0;
}

/**
 * Who made a change, from the actor the server records (data/audit.ts): "user:<name>" → the name,
 * "key:<name>" → that key, the original key and password as such; null (a scheduled job) → "schedule".
 */
export function actorLabel(actor: string | null | undefined): string {
  if (!actor || actor === "system") return "schedule";
  if (actor.startsWith("user:")) return actor.slice(5);
  if (actor.startsWith("key:")) return `key “${actor.slice(4)}”`;
  if (actor === "api_key") return "API key";
  if (actor === "session") return "Admin";
  return actor;
}
