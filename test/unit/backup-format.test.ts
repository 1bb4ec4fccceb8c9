import { describe, expect, it } from "vitest";
import { createChunker } from "../../src/domain/backup-chunking";
import {
  BackupFormatError,
  chunkAad,
  chunkNonce,
  decodeFrameHeader,
  encodeFrameHeader,
  encodePreamble,
  MAX_CHUNK_BYTES,
  PREAMBLE_FIXED_BYTES,
  parseHeader,
  readHeaderLength,
} from "../../src/domain/backup-format";
import { decodeCell, encodeCell, encodeRow, isInternalTable, quoteIdent } from "../../src/domain/backup-records";

const HEADER = {
  format: 1 as const,
  backup_id: "id-1",
  created_at: "2026-01-01T00:00:00.000Z",
  cipher: "AES-256-GCM" as const,
  kdf: "HKDF-SHA256" as const,
  salt: "AAAAAAAAAAAAAAAAAAAAAA==",
  nonce_prefix: "AAAAAAAAAAA=",
  key_check: "AAAAAAAAAAAAAAAAAAAAAA==",
  compression: "gzip" as const,
  chunk_bytes: 4 * 1024 * 1024,
};

async function cut(input: number[], capacity: number) {
  const pieces: { size: number; isFinal: boolean; sameBuffer: boolean }[] = [];
  const chunker = createChunker(capacity, async (piece, isFinal) => {
    pieces.push({ size: piece.length, isFinal, sameBuffer: piece.buffer === chunker.buffer.buffer });
  });
  for (const n of input) await chunker.write(new Uint8Array(n).fill(7));
  await chunker.close();
  return { pieces, chunker };
}

describe("createChunker: the one-buffer bound on plaintext", () => {
  it.each([
    ["an empty stream gives one empty final piece", [], 10, [[0, true]]],
    ["less than one piece", [3, 4], 10, [[7, true]]],
    ["exactly one piece is final, not followed by an empty one", [10], 10, [[10, true]]],
    [
      "several pieces, last partial",
      [25],
      10,
      [
        [10, false],
        [10, false],
        [5, true],
      ],
    ],
    [
      "several pieces, last full",
      [7, 13],
      10,
      [
        [10, false],
        [10, true],
      ],
    ],
    [
      "many small writes",
      Array(35).fill(1),
      10,
      [
        [10, false],
        [10, false],
        [10, false],
        [5, true],
      ],
    ],
  ])("%s", async (_, input, capacity, expected) => {
    const { pieces } = await cut(input as number[], capacity);
    expect(pieces.map((p) => [p.size, p.isFinal])).toEqual(expected);
  });

  it("never allocates a second buffer: every piece is a view of the one it was built with", async () => {
    const { pieces, chunker } = await cut([1000, 5000, 123, 40_000], 4096);
    expect(chunker.buffer.byteLength).toBe(4096);
    expect(pieces.every((p) => p.sameBuffer && p.size <= 4096)).toBe(true);
    expect(pieces.reduce((n, p) => n + p.size, 0)).toBe(46_123);
  });

  it("refuses a write after close and a capacity that is not a positive whole number", async () => {
    const { chunker } = await cut([1], 4);
    await expect(chunker.write(new Uint8Array(1))).rejects.toThrow("write after close");
    expect(() => createChunker(0, async () => {})).toThrow(RangeError);
  });
});

describe("frames and header", () => {
  it.each([
    [false, 16],
    [true, 16],
    [false, 4 * 1024 * 1024 + 16],
  ])("round-trips a frame header (final %s, %i bytes)", (isFinal, length) => {
    expect(decodeFrameHeader(encodeFrameHeader(isFinal, length), 4 * 1024 * 1024)).toEqual({ isFinal, length });
  });

  it.each([
    ["a length beyond the chunk size + tag", encodeFrameHeader(false, 1024 + 17), 1024],
    ["a length shorter than a tag", encodeFrameHeader(false, 15), 1024],
    ["unknown flag bits", Uint8Array.from([2, 0, 0, 0, 16]), 1024],
  ])("refuses %s", (_, bytes, chunkBytes) => {
    expect(() => decodeFrameHeader(bytes, chunkBytes)).toThrow("Backup is corrupted: a chunk header is invalid");
  });

  it("round-trips the preamble", () => {
    const bytes = encodePreamble(HEADER);
    const length = readHeaderLength(bytes.subarray(0, PREAMBLE_FIXED_BYTES));
    expect(parseHeader(bytes.subarray(PREAMBLE_FIXED_BYTES, PREAMBLE_FIXED_BYTES + length))).toEqual(HEADER);
  });

  it.each([
    ["chunk_bytes above the 8 MB bound", { chunk_bytes: MAX_CHUNK_BYTES + 1 }],
    ["another format version", { format: 2 }],
    ["another cipher", { cipher: "AES-256-CBC" }],
    ["a short salt", { salt: "AAAA" }],
    ["a missing key check", { key_check: undefined }],
  ])("refuses a header with %s", (_, change) => {
    const json = new TextEncoder().encode(JSON.stringify({ ...HEADER, ...change }));
    expect(() => parseHeader(json)).toThrow(BackupFormatError);
  });

  it("refuses other files by their first bytes", () => {
    expect(() => readHeaderLength(new TextEncoder().encode("SQLite format 3"))).toThrow("Not a backup file (unknown format or version)");
  });

  it("binds the chunk index and the final flag into nonce and additional data", () => {
    const prefix = new Uint8Array(8).fill(9);
    expect([...chunkNonce(prefix, 258)]).toEqual([9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 1, 2]);
    const digest = new Uint8Array(32).fill(1);
    expect([...chunkAad(digest, 1, true).subarray(32)]).toEqual([0, 0, 0, 1, 1]);
    expect([...chunkAad(digest, 1, false).subarray(32)]).toEqual([0, 0, 0, 1, 0]);
    expect(() => chunkNonce(prefix, 2 ** 32)).toThrow(RangeError);
  });
});

describe("rows and cells", () => {
  it.each([
    [null, null],
    ["text with \"quotes\" and 'apostrophes' 🌿", "text with \"quotes\" and 'apostrophes' 🌿"],
    [0.1 + 0.2, 0.1 + 0.2],
    [-5e-324, -5e-324],
    [Number.POSITIVE_INFINITY, { $real: "Infinity" }],
    [Number.NEGATIVE_INFINITY, { $real: "-Infinity" }],
    [Uint8Array.from([0, 255, 16]).buffer, { $blob: "00ff10" }],
    [[1, 2], { $blob: "0102" }],
  ])("encodes %o as %o and back", (value, cell) => {
    expect(encodeCell(value)).toEqual(cell);
    const back = decodeCell(encodeCell(value) as Parameters<typeof decodeCell>[0]);
    if (back instanceof ArrayBuffer)
      expect([...new Uint8Array(back)]).toEqual([
        ...new Uint8Array(value instanceof ArrayBuffer ? value : Uint8Array.from(value as number[])),
      ]);
    else expect(back).toEqual(value);
  });

  it("marks rows that needed a special cell", () => {
    expect(encodeRow([1, "a", null])).toEqual({ line: '[1,"a",null]', special: false });
    expect(encodeRow([new ArrayBuffer(1)])).toEqual({ line: '[{"$blob":"00"}]', special: true });
  });

  it.each([
    ["_cf_METADATA", true],
    ["sqlite_sequence", true],
    ["d1_migrations", true],
    ["_restore_batches", true],
    ["batches", false],
    ["_last_things", false],
  ])("treats %s as internal: %s", (name, internal) => {
    expect(isInternalTable(name)).toBe(internal);
  });

  it("quotes identifiers", () => {
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
  });
});
