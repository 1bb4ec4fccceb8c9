import { describe, expect, it } from "vitest";
import { isMetrcTag, normalizeScannedTag } from "../../src/contracts/metrc-tag";
import { createWedgeDetector, decideScan, type ScanLine } from "../../web/src/pages/packing/scan";

const TAG = "1A406030000B1E2000014149";

/** Feeds `text` then Enter, one key every `delayMs`, answers the last result and the burst count. */
function type(text: string, delayMs: number, start = 1000, end = "Enter") {
  const detector = createWedgeDetector();
  let at = start;
  let bursts = 0;
  for (const ch of text) {
    if (detector.push(ch, at).kind === "burst") bursts++;
    at += delayMs;
  }
  return { result: detector.push(end, at), bursts };
}

describe("createWedgeDetector", () => {
  it.each([
    [5, true],
    [8, true],
    [16, true],
    [30, true],
    [45, false],
    [120, false],
  ])("a tag typed %i ms per key is a scan: %s", (delay, isScan) => {
    const { result } = type(TAG, delay);
    expect(result.kind === "scan").toBe(isScan);
    if (isScan) expect(result).toEqual({ kind: "scan", tag: TAG, raw: TAG });
  });

  it("ends a scan on Tab as well as Enter", () => {
    expect(type(TAG, 7, 0, "Tab").result.kind).toBe("scan");
  });

  it("tolerates a 16 ms spike inside a 7 ms burst", () => {
    const detector = createWedgeDetector();
    let at = 0;
    for (const [i, ch] of [...TAG].entries()) {
      detector.push(ch, at);
      at += i === 10 ? 16 : 7;
    }
    expect(detector.push("Enter", at).kind).toBe("scan");
  });

  it("strips an AIM symbology prefix and a GS, and uppercases", () => {
    const { result } = type(`]C1${TAG.toLowerCase()}\u001d`, 6);
    expect(result).toMatchObject({ kind: "scan", tag: TAG });
  });

  it("is not a scan when too short, or when Enter comes after a pause", () => {
    expect(type("1A40", 5).result.kind).toBe("ignore");
    const detector = createWedgeDetector();
    let at = 0;
    for (const ch of TAG) {
      detector.push(ch, at);
      at += 5;
    }
    expect(detector.push("Enter", at + 500).kind).toBe("ignore");
  });

  it("flags a burst from its third quick key, never slow typing", () => {
    expect(type(TAG, 5).bursts).toBe(TAG.length - 2);
    expect(type(TAG, 120).bursts).toBe(0);
  });

  it("starts over after a pause: slow typing then a quick scan is still a scan", () => {
    const detector = createWedgeDetector();
    detector.push("x", 0);
    detector.push("y", 150);
    let at = 1000;
    for (const ch of TAG) {
      detector.push(ch, at);
      at += 5;
    }
    expect(detector.push("Enter", at)).toMatchObject({ kind: "scan", tag: TAG });
  });

  it("ignores modifier and navigation keys", () => {
    const detector = createWedgeDetector();
    expect(detector.push("Shift", 0).kind).toBe("ignore");
    expect(detector.push("ArrowDown", 5).kind).toBe("ignore");
  });
});

describe("normalizeScannedTag / isMetrcTag", () => {
  it.each([
    [`]C0${TAG}`, TAG],
    [` ${TAG.toLowerCase()}\r\n`, TAG],
    [`${TAG.slice(0, 12)}\u001d${TAG.slice(12)}`, TAG],
  ])("%j → %s", (raw, tag) => {
    expect(normalizeScannedTag(raw)).toBe(tag);
    expect(isMetrcTag(normalizeScannedTag(raw))).toBe(true);
  });

  it("knows a METRC tag's shape", () => {
    expect(isMetrcTag("1A4060300000DEMO0000001")).toBe(false);
    expect(isMetrcTag("2A406030000B1E2000014149")).toBe(false);
  });
});

describe("decideScan", () => {
  const A = "1A4000000000000000000011";
  const B = "1A4000000000000000000022";
  const lines: ScanLine[] = [
    { id: 1, batch_name: A, verified_tag: "", label: "Blue Dream" },
    { id: 2, batch_name: B, verified_tag: "", label: "OG Kush" },
    { id: 3, batch_name: B, verified_tag: "", label: "OG Kush 6pk" },
    { id: 4, batch_name: "", verified_tag: "", label: "No package" },
  ];

  it.each([
    ["the focused line's own tag verifies it", A, 1, { kind: "verify", lineId: 1 }],
    ["another open line's tag jumps there", B, 1, { kind: "jump", lineId: 2, count: 2 }],
    ["a stranger tag on a focused line is wrong", "1A4000000000000000000099", 1, { kind: "wrong", lineId: 1, expected: A }],
    ["a line without a package refuses every tag but jumps to a match", A, 4, { kind: "jump", lineId: 1, count: 1 }],
    ["unfocused: the only candidate is verified", A, null, { kind: "verify", lineId: 1 }],
    ["unfocused: several candidates jump to the first", B, null, { kind: "jump", lineId: 2, count: 2 }],
    ["unfocused: an unknown tag", "1A4000000000000000000099", null, { kind: "unknown" }],
  ] as const)("%s", (_name, tag, focused, decision) => {
    expect(decideScan(tag, lines, focused)).toEqual(decision);
  });

  it("a line already verified by this tag says so", () => {
    const done = lines.map((l) => (l.id === 1 ? { ...l, verified_tag: A } : l));
    expect(decideScan(A, done, 1)).toEqual({ kind: "already", lineId: 1 });
    expect(decideScan(A, done, null)).toEqual({ kind: "already", lineId: 1 });
  });
});
