import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BackupFormatError,
  decodeFrameHeader,
  FRAME_HEADER_BYTES,
  MAX_CHUNK_BYTES,
  PREAMBLE_FIXED_BYTES,
  readHeaderLength,
} from "../../src/domain/backup-format";
import { backupObjectKey, backupTag } from "../../src/domain/backup-naming";
import { type CreatedBackup, writeBackupObject } from "../../src/storage/backup-create";
import { readEncryptionKey, toBase64 } from "../../src/storage/backup-crypto";
import { restoreBackup, verifyBackup } from "../../src/storage/backup-restore";
import { fingerprint, seedEveryTable } from "./backup-seed";

const master = () => readEncryptionKey(env.BACKUP_ENCRYPTION_KEY);
const CHUNK = 512 * 1024;

/** Serves bytes as R2 would: in pieces, not one buffer. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + 65_536));
      at += 65_536;
    },
  });
}

type Frame = { start: number; length: number };

function framesOf(bytes: Uint8Array): { headerEnd: number; frames: Frame[] } {
  const headerEnd = PREAMBLE_FIXED_BYTES + readHeaderLength(bytes.subarray(0, PREAMBLE_FIXED_BYTES));
  const frames: Frame[] = [];
  for (let at = headerEnd; at < bytes.length; ) {
    const { length } = decodeFrameHeader(bytes.subarray(at, at + FRAME_HEADER_BYTES), MAX_CHUNK_BYTES);
    frames.push({ start: at, length: FRAME_HEADER_BYTES + length });
    at += FRAME_HEADER_BYTES + length;
  }
  return { headerEnd, frames };
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = bytes.slice();
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

async function stagingTables(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE '\\_restore\\_%' ESCAPE '\\'").first<{
    n: number;
  }>();
  return row?.n ?? 0;
}

describe("tampered, truncated or wrongly keyed backups", () => {
  const now = new Date("2026-03-02T12:00:00Z");
  const id = "7a1b2c3d-0000-4000-8000-000000000001";
  const key = backupObjectKey(now, id);
  let original: Uint8Array;
  let before: Record<string, string>;
  let created: CreatedBackup;

  beforeAll(async () => {
    await seedEveryTable(env.DB, 2_000);
    // Incompressible text, so the backup spans several chunks and several 5 MiB upload parts.
    await env.DB.prepare(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) INSERT INTO event_log (ts, action, details) SELECT 'ts-' || i, 'bulk', hex(randomblob(1600)) FROM n",
    ).run();
    created = await writeBackupObject(env.DB, env.BACKUPS, { backupId: id, createdAt: now, key, tag: backupTag(now) }, master(), {
      chunkBytes: CHUNK,
    });
    const object = await env.BACKUPS.get(key);
    original = new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0));
    before = await fingerprint(env.DB);
  }, 120_000);

  it("spans several chunks and upload parts, and the untouched file verifies", async () => {
    expect(created.parts).toBeGreaterThanOrEqual(2);
    expect(framesOf(original).frames.length).toBeGreaterThanOrEqual(8);
    expect(created.largestChunkPlaintext).toBe(CHUNK);
    const report = await verifyBackup(env.DB, streamOf(original), master());
    expect(report.sha256).toBe(created.sha256);
  });

  const cases: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
    ["a flipped byte in the magic", (b) => flip(b, 2), /Not a backup file/],
    ["a flipped byte in the cleartext header", (b) => flip(b, PREAMBLE_FIXED_BYTES + 30), /header is corrupted|failed authentication/],
    ["a flipped byte in the first chunk", (b) => flip(b, framesOf(b).headerEnd + 100), /chunk 0 failed authentication/],
    ["a flipped byte in a middle chunk", (b) => flip(b, (framesOf(b).frames[4]?.start ?? 0) + 5000), /chunk 4 failed authentication/],
    ["a flipped byte in the last chunk's tag", (b) => flip(b, b.length - 1), /failed authentication/],
    ["a flipped final flag", (b) => flip(b, framesOf(b).frames[2]?.start ?? 0), /chunk 2 failed authentication/],
    [
      "a flipped length field",
      (b) => flip(b, (framesOf(b).frames[1]?.start ?? 0) + 2),
      /chunk header is invalid|failed authentication|truncated/,
    ],
    ["one byte cut off the end", (b) => b.slice(0, b.length - 1), /truncated/],
    ["the final chunk cut off", (b) => b.slice(0, framesOf(b).frames.at(-1)?.start), /Backup is truncated: it ends before its final chunk/],
    ["everything after the header cut off", (b) => b.slice(0, framesOf(b).headerEnd), /truncated/],
    ["half the file cut off", (b) => b.slice(0, Math.floor(b.length / 2)), /truncated/],
    [
      "two chunks swapped",
      (b) => {
        const { frames } = framesOf(b);
        const [x, y] = [frames[1], frames[2]] as [Frame, Frame];
        const copy = b.slice();
        copy.set(b.subarray(y.start, y.start + y.length), x.start);
        copy.set(b.subarray(x.start, x.start + x.length), x.start + y.length);
        return copy;
      },
      /chunk 1 failed authentication/,
    ],
    [
      "a chunk dropped from the middle",
      (b) => {
        const f = framesOf(b).frames[3] as Frame;
        return new Uint8Array([...b.subarray(0, f.start), ...b.subarray(f.start + f.length)]);
      },
      /chunk 3 failed authentication/,
    ],
    ["bytes appended after the final chunk", (b) => new Uint8Array([...b, 1, 2, 3, 4, 5, 6]), /unexpected data after its final chunk/],
  ];

  it.each(cases)(
    "refuses %s, with a clear message and nothing written",
    async (_, damage, message) => {
      const damaged = damage(original);
      await expect(verifyBackup(env.DB, streamOf(damaged), master())).rejects.toThrow(message);
      const error = await restoreBackup(env.DB, streamOf(damaged), master(), { force: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupFormatError);
      expect((error as Error).message).toMatch(message);
      expect(await stagingTables()).toBe(0);
      expect(await fingerprint(env.DB)).toEqual(before);
    },
    60_000,
  );

  it("refuses a backup read with the wrong key, naming the key as the problem", async () => {
    const wrong = readEncryptionKey(toBase64(new Uint8Array(32).fill(7)));
    await expect(verifyBackup(env.DB, streamOf(original), wrong)).rejects.toThrow(
      "Wrong encryption key: this backup was not encrypted with the BACKUP_ENCRYPTION_KEY in use",
    );
    await expect(restoreBackup(env.DB, streamOf(original), wrong, { force: true })).rejects.toThrow(/Wrong encryption key/);
    expect(await stagingTables()).toBe(0);
    expect(await fingerprint(env.DB)).toEqual(before);
  });

  it("refuses an empty file and a file that is not a backup", async () => {
    await expect(verifyBackup(env.DB, streamOf(new Uint8Array(0)), master())).rejects.toThrow("Backup file is empty");
    await expect(verifyBackup(env.DB, streamOf(new TextEncoder().encode("SQLite format 3\u0000 and more")), master())).rejects.toThrow(
      /Not a backup file/,
    );
  });
});
