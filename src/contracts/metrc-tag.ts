/**
 * METRC package tags as scanners deliver them, shared by the server and the packing page (no zod,
 * so the page's scan code stays small).
 */

/**
 * What a keyboard-wedge scanner typed, as a tag: without a symbology identifier (`]C0`, `]C1`…),
 * control characters (GS for FNC1) and spaces, uppercased.
 */
export function normalizeScannedTag(raw: string): string {
  const visible = [...raw].filter((ch) => {
    const code = ch.charCodeAt(0);
    return code > 32 && code !== 127 && ch.trim() !== "";
  });
  return visible
    .join("")
    .replace(/^\][A-Za-z][0-9A-Za-z]/, "")
    .toUpperCase();
}

/** A METRC package tag: 24 characters, "1A" then 22 digits or capitals (FRONTEND.md §2; confirm on real labels). */
export function isMetrcTag(tag: string): boolean {
  return /^1A[0-9A-Z]{22}$/.test(tag);
}
