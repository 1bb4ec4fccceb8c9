import { describe, expect, it } from "vitest";
import { parseInventoryCsv } from "../../src/domain/inventory-csv";

describe("inventory CSV (all rows or none)", () => {
  it("reads a file with a header", () => {
    expect(parseInventoryCsv("size,boxes,individual_papers\n0_5,12,347\n0.7g,4,120\r\n1_0,9,800\n")).toEqual({
      ok: true,
      rows: [
        { size: "0_5", boxes: 12, individual_papers: 347, low_threshold: null },
        { size: "0_7", boxes: 4, individual_papers: 120, low_threshold: null },
        { size: "1_0", boxes: 9, individual_papers: 800, low_threshold: null },
      ],
    });
  });

  it("reads a file without a header, with thresholds", () => {
    expect(parseInventoryCsv("0_5,1,2,3")).toEqual({ ok: true, rows: [{ size: "0_5", boxes: 1, individual_papers: 2, low_threshold: 3 }] });
  });

  it("accepts columns in any order when named", () => {
    expect(parseInventoryCsv("Boxes, Size, Low Threshold, Individual Papers\n2,1_0,4,10")).toMatchObject({
      ok: true,
      rows: [{ size: "1_0", boxes: 2, individual_papers: 10, low_threshold: 4 }],
    });
  });

  it.each([
    ["size,boxes,individual_papers\n0_5,12,347\n0_7,abc,1\n", 'Row 3, column boxes: expected a whole number from 0 to 1000000, got "abc"'],
    ["size,boxes,individual_papers\n0_5,12,-4\n", 'Row 2, column individual_papers: expected a whole number from 0 to 100000000, got "-4"'],
    ["size,boxes,individual_papers\n2_0,1,1\n", 'Row 2, column size: "2_0" is not a paper size (0_5, 0_7 or 1_0)'],
    ["0_5,1,1\n0_5,2,2", "Row 2, column size: 0_5 appears more than once"],
    ["0_5,1,1,1,1", "Row 1: expected 4 columns, got 5"],
    ["size,boxes\n0_5,1", "Row 1: missing column individual_papers"],
    ["size,boxes,colour\n", 'Row 1: unknown column "colour"'],
    ["0_5,1.5,1", 'Row 1, column boxes: expected a whole number from 0 to 1000000, got "1.5"'],
    ["0_5,1e308,1", 'Row 1, column boxes: expected a whole number from 0 to 1000000, got "1e308"'],
    ["size,boxes,individual_papers\n", "The CSV has no inventory rows"],
    ["", "The CSV has no inventory rows"],
    [
      "size,boxes,individual_papers,low_threshold\n0_5,1,1,x",
      'Row 2, column low_threshold: expected a whole number from 0 to 1000000, got "x"',
    ],
  ])("refuses %j", (text, reason) => {
    expect(parseInventoryCsv(text)).toEqual({ ok: false, reason });
  });

  it("reads quoted cells, with commas and line breaks inside quotes, through the shared parser", () => {
    expect(parseInventoryCsv('"size","boxes","individual_papers","low_threshold"\n"0_5",1,"2",""\n')).toEqual({
      ok: true,
      rows: [{ size: "0_5", boxes: 1, individual_papers: 2, low_threshold: null }],
    });
    // A quoted line break is one cell, so the row's number is the line it starts on.
    expect(parseInventoryCsv('size,boxes,individual_papers\n"0_5\nextra",1,2\n')).toEqual({
      ok: false,
      reason: 'Row 2, column size: "0_5\\nextra" is not a paper size (0_5, 0_7 or 1_0)',
    });
  });

  it("refuses an unclosed quote, naming its line", () => {
    expect(parseInventoryCsv('size,boxes,individual_papers\n"0_5,1,2\n')).toEqual({
      ok: false,
      reason: "The CSV cannot be read: line 2: a quoted field is never closed",
    });
  });
});
