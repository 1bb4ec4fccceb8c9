/**
 * PreRollProductParser (rules §18.2): reads strain, unit size, pack count and product type out of
 * an Apex product name such as "MoM - Blue Dream Infused 0.8g CannaDart 6-Pack".
 */

type ProductType = "cannadart" | "magnetic_box" | "cocoa_blunt" | "pre_roll";

type ParsedProduct = {
  /** Strain as written (brand, size, pack and type words removed). */
  strain: string;
  /** Lowercased, punctuation-free strain used to match packages and Apex batches. */
  strainKey: string;
  unitSizeGrams: number | null;
  packCount: number;
  productType: ProductType;
  /** Grams per ordered unit = unit size × pack count (rules §18.2). */
  gramsPerUnit: number | null;
  /** Canonical SKU key (gaps G-SKU-1): singles_0_5g, singles_1g, magnetic_box_6pk, … or custom_<slug>. */
  skuKey: string | null;
  compactDisplayName: string;
  /** Only pre-roll products become packing lines. */
  isPreRoll: boolean;
};

const TYPE_LABELS: Record<ProductType, string> = {
  cannadart: "CannaDart",
  magnetic_box: "Magnetic Box",
  cocoa_blunt: "Cocoa Blunt",
  pre_roll: "Pre-Roll",
};

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "-",
  mdash: "-",
  reg: "",
  trade: "",
};

/** Pre-roll sizes run 0.3–2 g; a bigger "size" is flower or something else. */
const MAX_PRE_ROLL_GRAMS = 2.5;

const TYPE_PATTERNS: [ProductType, RegExp][] = [
  ["cannadart", /\bcanna[\s-]?darts?\b/i],
  ["magnetic_box", /\b(?:magnetic[\s-]*(?:box)?|mag[\s-]?box)\b/i],
  ["cocoa_blunt", /\bcocoa[\s-]?blunts?\b/i],
];
const PRE_ROLL_WORDS = /\b(?:pre[\s-]?rolls?|prerolls?|joints?|blunts?|darts?|cones?|canna[\s-]?darts?|magnetic|mag[\s-]?box)\b/i;
const OTHER_PRODUCT_WORDS =
  /\b(?:cart|carts|cartridge|cartridges|vape|vapes|pod|pods|disposable|flower|eighth|gumm(?:y|ies)|edibles?|chocolates?|tinctures?|concentrates?|wax|shatter|rosin|badder|budder|sauce|diamonds|kief|capsules?|topicals?|beverages?|mints?)\b/i;
const FILLER_WORDS = /\b(?:pre[\s-]?rolls?|prerolls?|joints?|singles?|box|pack|pk)\b/gi;

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** Lowercase, no punctuation, single spaces: "Blue  Dream!" and "blue dream" are one strain. */
export function normalizeStrain(strain: string): string {
  return decodeHtmlEntities(strain)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

type Token = { start: number; end: number };

function findSize(name: string): { grams: number; token: Token } | null {
  const m = /(\d+(?:[.,]\d+)?|[.,]\d+)\s*(?:g|gr|grams?)(?![a-z])/i.exec(name);
  if (!m || m.index === undefined) return null;
  const grams = Number.parseFloat(m[1]?.replace(",", ".") ?? "");
  if (!Number.isFinite(grams) || grams <= 0) return null;
  return { grams, token: { start: m.index, end: m.index + m[0].length } };
}

function findPack(name: string): { count: number; token: Token } | null {
  const patterns = [
    /\b(\d{1,3})\s*-?\s*(?:pk|pack|packs|ct|count)\b/i,
    /\bpack\s+of\s+(\d{1,3})\b/i,
    /\b(\d{1,3})\s*x\s*(?=\d*[.,]?\d+\s*g)/i,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(name);
    const count = Number.parseInt(m?.[1] ?? "", 10);
    if (m && count >= 1 && count <= 100) return { count, token: { start: m.index, end: m.index + m[0].length } };
  }
  return null;
}

function detectType(name: string): ProductType {
  for (const [type, pattern] of TYPE_PATTERNS) if (pattern.test(name)) return type;
  return "pre_roll";
}

function slugGrams(grams: number): string {
  return grams.toFixed(1).replace(".", "_");
}

function skuKeyFor(type: ProductType, unitSizeGrams: number, packCount: number): string {
  if (type === "pre_roll" || type === "magnetic_box") {
    if (packCount === 1 && unitSizeGrams === 0.5) return "singles_0_5g";
    if (packCount === 1 && unitSizeGrams === 1) return "singles_1g";
    if (packCount === 6 && unitSizeGrams === 0.5) return "magnetic_box_6pk";
    if (packCount === 12 && unitSizeGrams === 0.5) return "magnetic_box_12pk";
  }
  const base = `custom_${type}_${slugGrams(unitSizeGrams)}g`;
  return packCount > 1 ? `${base}_${packCount}pk` : base;
}

function cutTokens(name: string, tokens: (Token | undefined)[]): string {
  const sorted = tokens.filter((t): t is Token => t !== undefined).sort((a, b) => b.start - a.start);
  let out = name;
  for (const t of sorted) out = `${out.slice(0, t.start)} ${out.slice(t.end)}`;
  return out;
}

function cleanStrain(text: string): string {
  let out = text;
  for (const [, pattern] of TYPE_PATTERNS) out = out.replace(new RegExp(pattern.source, "gi"), " ");
  return out
    .replace(FILLER_WORDS, " ")
    .replace(/[()[\]{}]/g, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s\-–—|:,/+.]+|[\s\-–—|:,/+]+$/g, "")
    .trim();
}

function stripBrand(name: string): string {
  return name.replace(/^\s*mom\s*[-–—:|]\s*/i, "");
}

/** Parses one Apex product name; names it cannot read come back with `isPreRoll: false`. */
export function parseProductName(rawName: string): ParsedProduct {
  const decoded = decodeHtmlEntities(rawName).replace(/\s+/g, " ").trim();
  const name = stripBrand(decoded);
  const size = findSize(name);
  const pack = findPack(name);
  const productType = detectType(name);
  const packCount = pack?.count ?? 1;

  if (!size) {
    const strain = cleanStrain(name) || name;
    return {
      strain,
      strainKey: normalizeStrain(strain),
      unitSizeGrams: null,
      packCount,
      productType,
      gramsPerUnit: null,
      skuKey: null,
      compactDisplayName: strain,
      isPreRoll: false,
    };
  }

  // The strain is what precedes the size token; when the size comes first, what is left over.
  const before = cleanStrain(
    cutTokens(name.slice(0, size.token.start), [pack && pack.token.end <= size.token.start ? pack.token : undefined]),
  );
  const strain = before || cleanStrain(cutTokens(name, [size.token, pack?.token]));
  const namesPreRoll = PRE_ROLL_WORDS.test(name);
  const isPreRoll = strain.length > 0 && (namesPreRoll || (!OTHER_PRODUCT_WORDS.test(name) && size.grams <= MAX_PRE_ROLL_GRAMS));
  const unit = size.grams;
  const gramsPerUnit = Math.round(unit * packCount * 1000) / 1000;
  const packLabel = packCount > 1 ? ` ${packCount}pk` : "";
  return {
    strain,
    strainKey: normalizeStrain(strain),
    unitSizeGrams: unit,
    packCount,
    productType,
    gramsPerUnit,
    skuKey: skuKeyFor(productType, unit, packCount),
    compactDisplayName: `${strain} ${unit}g ${TYPE_LABELS[productType]}${packLabel}`,
    isPreRoll,
  };
}
