import { describe, expect, it } from "vitest";
import { normalizeSize } from "../../src/domain/batch-sizes";

describe("normalizeSize", () => {
  it.each([
    ["0_5", "0_5"],
    ["0.5", "0_5"],
    ["0.5g", "0_5"],
    [".5", "0_5"],
    ["0,5 g", "0_5"],
    [" 0.7 grams ", "0_7"],
    ["0_7", "0_7"],
    ["1", "1_0"],
    ["1.0g", "1_0"],
    ["1_0", "1_0"],
    ["2", null],
    ["abc", null],
    ["", null],
    ["0.5; DROP TABLE batches", null],
  ])("%j → %j", (text, size) => {
    expect(normalizeSize(text)).toBe(size);
  });
});
