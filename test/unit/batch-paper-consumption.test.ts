import { describe, expect, it } from "vitest";
import {
  consumePapers,
  DEFAULT_PAPERS_PER_BOX,
  paperSizeFor,
  papersToCharge,
  resolvePapersPerBox,
  totalPapers,
} from "../../src/domain/paper-consumption";

describe("paper stock", () => {
  it("counts boxes × papers per box + loose papers (12 × 1000 + 347 = 12,347; 15 × 1000 + 250 = 15,250)", () => {
    expect(totalPapers({ boxes: 12, individual_papers: 347 }, 1000)).toBe(12_347);
    expect(totalPapers({ boxes: 15, individual_papers: 250 }, 1000)).toBe(15_250);
  });

  it("defaults to 1000 / 900 / 1000 papers per box and takes valid stored values", () => {
    expect(DEFAULT_PAPERS_PER_BOX).toEqual({ "0_5": 1000, "0_7": 900, "1_0": 1000 });
    expect(resolvePapersPerBox({ "0_5": 800, "0_7": -1, "1_0": "x" })).toEqual({ "0_5": 800, "0_7": 900, "1_0": 1000 });
    expect(resolvePapersPerBox(null)).toEqual(DEFAULT_PAPERS_PER_BOX);
  });
});

describe("papersToCharge", () => {
  it.each([
    [250, 0, 250],
    [300, 250, 50],
    [200, 250, -50],
    [250, 250, 0],
  ])("count %i with marker %i owes %i papers (a lower count returns its papers)", (count, marker, owed) => {
    expect(papersToCharge(count, marker)).toBe(owed);
  });
});

describe("consumePapers", () => {
  it("returns papers as loose ones for a negative figure", () => {
    expect(consumePapers({ boxes: 4, individual_papers: 900 }, -40, 1000)).toEqual({ boxes: 4, individual_papers: 940 });
  });

  it.each([
    [{ boxes: 10, individual_papers: 50 }, 30, { boxes: 10, individual_papers: 20 }],
    [{ boxes: 10, individual_papers: 50 }, 50, { boxes: 10, individual_papers: 0 }],
    [{ boxes: 10, individual_papers: 50 }, 51, { boxes: 9, individual_papers: 999 }],
    [{ boxes: 10, individual_papers: 50 }, 2050, { boxes: 8, individual_papers: 0 }],
    [{ boxes: 10, individual_papers: 50 }, 2051, { boxes: 7, individual_papers: 999 }],
    [{ boxes: 1, individual_papers: 10 }, 5000, { boxes: 0, individual_papers: 0 }],
    [{ boxes: 0, individual_papers: 0 }, 10, { boxes: 0, individual_papers: 0 }],
    [{ boxes: 3, individual_papers: 5 }, 0, { boxes: 3, individual_papers: 5 }],
  ])("%j minus %i papers → %j (loose first, boxes opened as needed, never below 0)", (stock, papers, expected) => {
    expect(consumePapers(stock, papers, 1000)).toEqual(expected);
  });

  it("moves the total by exactly the papers taken while stock lasts", () => {
    const before = { boxes: 7, individual_papers: 123 };
    for (const papers of [1, 123, 124, 899, 900, 901, 5000]) {
      expect(totalPapers(before, 900) - totalPapers(consumePapers(before, papers, 900), 900)).toBe(papers);
    }
  });
});

describe("paperSizeFor", () => {
  it("uses the batch's paper override when it names a size", () => {
    expect(paperSizeFor("0_7", "1_0")).toBe("1_0");
    expect(paperSizeFor("0_7", null)).toBe("0_7");
    expect(paperSizeFor("0_7", "bogus")).toBe("0_7");
  });
});
