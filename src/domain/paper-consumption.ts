/** Paper / cone consumption as production counts rise (rules §6). */
import { isSize, type PerSize, SIZES, type Size } from "./batch-sizes";

export type PaperStock = { boxes: number; individual_papers: number };

/** Papers per box by size (gaps G-INV-1: 1000 / 900 / 1000). */
export const DEFAULT_PAPERS_PER_BOX: PerSize<number> = { "0_5": 1000, "0_7": 900, "1_0": 1000 };
export const PAPERS_PER_BOX_KEY = "papers_per_box";

/** The stored `papers_per_box` setting where each value is a positive whole number, else defaults. */
export function resolvePapersPerBox(stored: unknown): PerSize<number> {
  const out = { ...DEFAULT_PAPERS_PER_BOX };
  if (typeof stored !== "object" || stored === null) return out;
  for (const size of SIZES) {
    const value = (stored as Record<string, unknown>)[size];
    if (typeof value === "number" && Number.isInteger(value) && value > 0) out[size] = value;
  }
  return out;
}

/** Which paper a size of pre-roll uses: the batch's `paper_size_override` when it names a size. */
export function paperSizeFor(size: Size, override: string | null): Size {
  return isSize(override) ? override : size;
}

/**
 * Papers owed for a new running total: the count minus what was already charged (the marker). A
 * lower count gives a negative figure: its papers go back to stock, because the papers consumed
 * must always equal the increase in counts (README "Decisions"; departs from gaps G-BATCH-7's "no refund",
 * which would let a mistyped 2500-for-250 eat 2,250 papers for good).
 */
export function papersToCharge(count: number, marker: number): number {
  return count - marker;
}

/**
 * Takes `papers` from loose papers first, opening whole boxes as needed, never below zero; a
 * negative figure returns papers as loose ones.
 */
export function consumePapers(stock: PaperStock, papers: number, perBox: number): PaperStock {
  if (papers < 0) return { boxes: stock.boxes, individual_papers: stock.individual_papers - papers };
  if (papers === 0) return { ...stock };
  if (papers <= stock.individual_papers) return { boxes: stock.boxes, individual_papers: stock.individual_papers - papers };
  const opened = Math.min(stock.boxes, Math.ceil((papers - stock.individual_papers) / perBox));
  return {
    boxes: stock.boxes - opened,
    individual_papers: Math.max(0, stock.individual_papers + opened * perBox - papers),
  };
}

export function totalPapers(stock: PaperStock, perBox: number): number {
  return stock.boxes * perBox + stock.individual_papers;
}
