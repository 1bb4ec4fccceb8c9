import { normalizeScannedTag } from "../../../../src/contracts/metrc-tag";

/**
 * Keyboard-wedge scan detection, pure (times are arguments): a scanner types a tag 5–16 ms per key
 * and ends with Enter or Tab; a person types ≥ 100 ms per key (FRONTEND.md §2). A burst whose keys
 * came on average ≤ `maxAvgGapMs` apart, at least `minLength` long, ending in Enter/Tab, is a scan.
 */

type WedgeOptions = {
  /** Average gap between keys of a scan, Enter included (onscan.js uses 30). */
  maxAvgGapMs: number;
  /** A pause longer than this starts a new burst. */
  resetGapMs: number;
  /** Shorter bursts are typing (a scanned tag is 24 characters). */
  minLength: number;
};

const WEDGE_DEFAULTS: WedgeOptions = { maxAvgGapMs: 30, resetGapMs: 200, minLength: 6 };

type WedgeResult =
  /** A complete scan: the normalised tag (AIM prefix, control characters stripped; uppercase). */
  | { kind: "scan"; tag: string; raw: string }
  /** A character of a burst that already looks machine-typed: the page should keep it out of inputs. */
  | { kind: "burst" }
  /** Anything else: leave the key alone. */
  | { kind: "ignore" };

type WedgeDetector = {
  push(key: string, atMs: number): WedgeResult;
  reset(): void;
};

/** Single printable characters (and the GS a GS1 scanner may send) join the buffer; Enter/Tab end it. */
function isChar(key: string): boolean {
  return key.length === 1;
}

export function createWedgeDetector(options: Partial<WedgeOptions> = {}): WedgeDetector {
  const o = { ...WEDGE_DEFAULTS, ...options };
  let chars: string[] = [];
  let firstAt = 0;
  let lastAt = Number.NEGATIVE_INFINITY;

  function reset(): void {
    chars = [];
    lastAt = Number.NEGATIVE_INFINITY;
  }

  function push(key: string, atMs: number): WedgeResult {
    const gap = atMs - lastAt;
    if (key === "Enter" || key === "Tab") {
      const count = chars.length;
      const raw = chars.join("");
      const span = atMs - firstAt;
      reset();
      if (count < o.minLength || gap > o.resetGapMs) return { kind: "ignore" };
      // `count` gaps: between the characters and from the last one to Enter.
      if (span / count > o.maxAvgGapMs) return { kind: "ignore" };
      const tag = normalizeScannedTag(raw);
      return tag.length >= o.minLength ? { kind: "scan", tag, raw } : { kind: "ignore" };
    }
    if (!isChar(key)) return { kind: "ignore" };
    if (gap > o.resetGapMs) {
      chars = [key];
      firstAt = atMs;
      lastAt = atMs;
      return { kind: "ignore" };
    }
    chars.push(key);
    lastAt = atMs;
    // Three or more quick keys in a row are machine-typed (two can be a fast typist's rollover).
    const avg = (atMs - firstAt) / (chars.length - 1);
    return chars.length >= 3 && avg <= o.maxAvgGapMs ? { kind: "burst" } : { kind: "ignore" };
  }

  return { push, reset };
}

/** Where a scanned tag goes on the packing page (pages.md §22 scan-verify). */
export type ScanLine = { id: number; batch_name: string; verified_tag: string; label: string };

type ScanDecision =
  | { kind: "verify"; lineId: number }
  | { kind: "already"; lineId: number }
  | { kind: "jump"; lineId: number; count: number }
  | { kind: "wrong"; lineId: number; expected: string }
  | { kind: "unknown" };

/**
 * The focused line wins: its own tag verifies it; another open line's tag jumps there (changing
 * nothing); any other tag is wrong. Without a focused line, a tag that only one unverified line
 * carries verifies it, one that several carry jumps to the first.
 */
export function decideScan(tag: string, lines: readonly ScanLine[], focusedId: number | null): ScanDecision {
  const same = (l: ScanLine) => l.batch_name !== "" && l.batch_name.toUpperCase() === tag;
  const focused = focusedId === null ? undefined : lines.find((l) => l.id === focusedId);
  if (focused) {
    if (same(focused))
      return focused.verified_tag === tag ? { kind: "already", lineId: focused.id } : { kind: "verify", lineId: focused.id };
    const other = lines.filter((l) => l.id !== focused.id && same(l));
    const target = other.find((l) => l.verified_tag !== tag) ?? other[0];
    if (target) return { kind: "jump", lineId: target.id, count: other.length };
    return { kind: "wrong", lineId: focused.id, expected: focused.batch_name };
  }
  const matching = lines.filter(same);
  const open = matching.filter((l) => l.verified_tag !== tag);
  const only = open[0];
  if (open.length === 1 && only) return { kind: "verify", lineId: only.id };
  if (open.length > 1 && only) return { kind: "jump", lineId: only.id, count: open.length };
  const first = matching[0];
  if (first) return { kind: "already", lineId: first.id };
  return { kind: "unknown" };
}
