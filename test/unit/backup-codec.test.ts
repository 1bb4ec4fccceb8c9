import { describe, expect, it } from "vitest";
import { BackupFormatError, DEFAULT_CHUNK_BYTES, MAX_CHUNK_BYTES } from "../../src/domain/backup-format";
import type { Cell } from "../../src/domain/backup-records";
import { newBackupHeader, toBase64 } from "../../src/storage/backup-crypto";
import { type DumpTotals, dumpDatabase } from "../../src/storage/backup-export";
import { readBackup } from "../../src/storage/backup-reader";
import { writeEncryptedBackup } from "../../src/storage/backup-writer";
import { type FakeTable, fakeD1 } from "./backup-fake-d1";

const MASTER = crypto.getRandomValues(new Uint8Array(32));

function tables(rowsEach: number, textBytes = 12): Record<string, FakeTable> {
  const random = () => toBase64(crypto.getRandomValues(new Uint8Array(textBytes)));
  return {
    batches: {
      columns: ["id", "strain", "grams", "note"],
      rows: Array.from({ length: rowsEach }, (_, i) => [`b${i}`, random(), Math.random() * 1000, i % 3 ? null : "it's 🌿"]),
    },
    settings: { columns: ["key", "value"], rows: Array.from({ length: rowsEach }, (_, i) => [`k${i}`, JSON.stringify({ i })]) },
    blobs: {
      columns: ["id", "data"],
      rows: [
        [1, Uint8Array.from([1, 2, 3]).buffer],
        [2, null],
      ],
    },
    empty: { columns: ["a"], rows: [] },
  };
}

async function backupOf(data: Record<string, FakeTable>, chunkBytes: number) {
  const { header, keys } = await newBackupHeader(
    MASTER,
    "11111111-2222-4333-8444-555555555555",
    new Date("2026-01-01T00:00:00Z"),
    chunkBytes,
  );
  const totals: DumpTotals = { tables: [], rowCount: 0, sha256: "", plaintextBytes: 0 };
  const parts: Uint8Array[] = [];
  const stats = await writeEncryptedBackup(
    dumpDatabase(
      fakeD1(data, [{ name: "batches", seq: 99 }]),
      { backupId: header.backup_id, createdAt: new Date(header.created_at) },
      totals,
    ),
    header,
    keys,
    async (b) => {
      parts.push(b.slice());
    },
  );
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, stats, totals };
}

const streamOf = (bytes: Uint8Array) => new Blob([bytes]).stream();

async function readAllRows(bytes: Uint8Array, key = MASTER) {
  const rows: Record<string, Cell[][]> = {};
  const summary = await readBackup(streamOf(bytes), key, {
    async onRows(batch) {
      rows[batch.table] = [...(rows[batch.table] ?? []), ...batch.rows];
    },
  });
  return { rows, summary };
}

describe("backup codec (dump → gzip → AES-256-GCM chunks → read back)", () => {
  it("round-trips every table, row and value", async () => {
    const data = tables(300);
    const { bytes, totals, stats } = await backupOf(data, 1024);
    const { rows, summary } = await readAllRows(bytes);
    expect(rows.batches).toEqual(data.batches?.rows);
    expect(rows.settings).toEqual(data.settings?.rows);
    expect(rows.blobs).toEqual([
      [1, { $blob: "010203" }],
      [2, null],
    ]);
    expect(rows.empty).toBeUndefined();
    expect(summary.trailer).toMatchObject({ row_count: 602, sha256: totals.sha256, sequences: [{ name: "batches", seq: 99 }] });
    expect(summary.trailer.tables.map((t) => [t.name, t.rows])).toEqual([
      ["batches", 300],
      ["settings", 300],
      ["blobs", 2],
      ["empty", 0],
    ]);
    expect(summary.chunks).toBe(stats.chunks);
    expect(summary.bytes).toBe(bytes.length);
  });

  it("holds at most one chunk of plaintext: every chunk is at most chunk_bytes, all but the last exactly", async () => {
    const { stats } = await backupOf(tables(10_000, 48), 64 * 1024);
    expect(stats.chunks).toBeGreaterThan(5);
    expect(stats.largestChunkPlaintext).toBe(64 * 1024);
    expect(DEFAULT_CHUNK_BYTES).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    expect(MAX_CHUNK_BYTES).toBeLessThanOrEqual(8_000_000);
  });

  it("refuses the file with any single byte flipped, wherever it is", async () => {
    const { bytes } = await backupOf(tables(10), 128);
    expect(bytes.length).toBeGreaterThan(500);
    const accepted: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] ?? 0) ^ 0x40;
      const error = await readBackup(streamOf(copy), MASTER).catch((e: unknown) => e);
      if (!(error instanceof BackupFormatError)) accepted.push(i);
    }
    expect(accepted).toEqual([]);
  }, 60_000);

  it("refuses the file cut at any length", async () => {
    const { bytes } = await backupOf(tables(10), 128);
    for (let n = 0; n < bytes.length; n++) {
      await expect(readBackup(streamOf(bytes.subarray(0, n)), MASTER)).rejects.toBeInstanceOf(BackupFormatError);
    }
  }, 60_000);

  it("names a wrong key as such", async () => {
    const { bytes } = await backupOf(tables(5), 256);
    await expect(readBackup(streamOf(bytes), crypto.getRandomValues(new Uint8Array(32)))).rejects.toThrow(
      "Wrong encryption key: this backup was not encrypted with the BACKUP_ENCRYPTION_KEY in use",
    );
  });

  it("uses a fresh salt, key and nonce prefix for every backup of the same data", async () => {
    const data = tables(5);
    const [a, b] = [await backupOf(data, 256), await backupOf(data, 256)];
    expect(toBase64(a.bytes)).not.toBe(toBase64(b.bytes));
    expect(a.totals.sha256).toBe(b.totals.sha256);
  });
});
