/** The three pre-roll sizes, keyed as in column names (`counts_0_5`), and their nominal grams. */
export const SIZES = ["0_5", "0_7", "1_0"] as const;
export type Size = (typeof SIZES)[number];

export const SIZE_GRAMS: Record<Size, number> = { "0_5": 0.5, "0_7": 0.7, "1_0": 1.0 };

export type PerSize<T> = Record<Size, T>;

export function isSize(value: unknown): value is Size {
  return typeof value === "string" && (SIZES as readonly string[]).includes(value);
}

/**
 * Sizes arrive in many spellings (rules §2.2): `0_5`, `0.5`, `0.5g`, `.5`, `0,5 g`, `1` → canonical
 * key, or null when the text names no known size.
 */
export function normalizeSize(value: string): Size | null {
  const text = value
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/g(rams?)?$/, "")
    .replace(/[_,]/g, ".");
  if (!/^\d*\.?\d+$/.test(text)) return null;
  const grams = Number(text);
  for (const size of SIZES) if (Math.abs(SIZE_GRAMS[size] - grams) < 1e-9) return size;
  return null;
}
