import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { RESTORE_EPOCH_KEY } from "../../src/data/restore-epoch";
import {
  decodeFrameHeader,
  FRAME_HEADER_BYTES,
  MAX_CHUNK_BYTES,
  PREAMBLE_FIXED_BYTES,
  readHeaderLength,
} from "../../src/domain/backup-format";
import { backupObjectKey, backupTag } from "../../src/domain/backup-naming";
import { type CreatedBackup, writeBackupObject } from "../../src/storage/backup-create";
import { readEncryptionKey } from "../../src/storage/backup-crypto";
import { RestoreRefusedError, restoreBackup, verifyBackup } from "../../src/storage/backup-restore";
import { dropEverything, fingerprint, seedEveryTable } from "./backup-seed";

const master = () => readEncryptionKey(env.BACKUP_ENCRYPTION_KEY);
const CHUNK = 256 * 1024;
const PART = 5 * 1024 * 1024;

async function objectStream(key: string): Promise<ReadableStream<Uint8Array>> {
  const object = await env.BACKUPS.get(key);
  if (!object) throw new Error(`no object ${key}`);
  return object.body;
}

async function migrationNames(): Promise<string[]> {
  return (await env.DB.prepare("SELECT name FROM d1_migrations ORDER BY id").all<{ name: string }>()).results.map((r) => r.name);
}

async function objectBytes(key: string): Promise<Uint8Array> {
  const object = await env.BACKUPS.get(key);
  if (!object) throw new Error(`no object ${key}`);
  return new Uint8Array(await object.arrayBuffer());
}

/** Walks the frames of a stored backup: each chunk's plaintext length is its ciphertext minus the 16-byte tag. */
async function chunkPlaintextSizes(key: string): Promise<number[]> {
  const bytes = await objectBytes(key);
  let at = PREAMBLE_FIXED_BYTES + readHeaderLength(bytes.subarray(0, PREAMBLE_FIXED_BYTES));
  const sizes: number[] = [];
  while (at < bytes.length) {
    const { length } = decodeFrameHeader(bytes.subarray(at, at + FRAME_HEADER_BYTES), MAX_CHUNK_BYTES);
    sizes.push(length - 16);
    at += FRAME_HEADER_BYTES + length;
  }
  return sizes;
}

/**
 * The database as a restore leaves it, compared with what was backed up: the same rows everywhere but
 * for what the restore secures (reset tokens deleted, the restore epoch recorded), checked here.
 */
async function restoredFingerprint(before: Record<string, string>): Promise<Record<string, string>> {
  const after = await fingerprint(env.DB);
  expect(after.password_reset_tokens).toBe("[]");
  const settings = JSON.parse(after.settings ?? "[]") as unknown[][];
  expect(settings.filter((row) => row[0] === RESTORE_EPOCH_KEY)).toHaveLength(1);
  return {
    ...after,
    password_reset_tokens: before.password_reset_tokens ?? "",
    settings: JSON.stringify(settings.filter((row) => row[0] !== RESTORE_EPOCH_KEY)),
  };
}

describe("backup round trip with 50,000 rows across every table", () => {
  const now = new Date("2026-03-01T06:00:00Z");
  const id = "0d9c1f7e-1111-4222-8333-944455556666";
  const key = backupObjectKey(now, id);
  let before: Record<string, string>;
  let migrations: string[];
  let created: CreatedBackup;

  beforeAll(async () => {
    const total = await seedEveryTable(env.DB, 50_000);
    expect(total).toBeGreaterThanOrEqual(50_000);
    // A restore signs every session out; sessions already signed out come back exactly as they were.
    await env.DB.prepare("UPDATE sessions SET revoked_at = '2026-01-01T00:00:00.000Z' WHERE revoked_at IS NULL").run();
    before = await fingerprint(env.DB);
    migrations = await migrationNames();
    created = await writeBackupObject(env.DB, env.BACKUPS, { backupId: id, createdAt: now, key, tag: backupTag(now) }, master(), {
      chunkBytes: CHUNK,
      partBytes: PART,
    });
  }, 120_000);

  it("backs up every table with its row count and never holds more than one chunk of plaintext", async () => {
    const tables = Object.keys(before).filter((k) => k !== "__schema");
    expect(created.tables.map((t) => t.name).sort()).toEqual(tables.sort());
    for (const t of created.tables) expect(t.rows).toBe(JSON.parse(before[t.name] ?? "[]").length);
    expect(created.rowCount).toBeGreaterThanOrEqual(50_000);
    expect(created.tables.every((t) => t.rows > 0)).toBe(true);
    expect(created.largestChunkPlaintext).toBeLessThanOrEqual(CHUNK);
    expect(created.chunks).toBeGreaterThan(3);
    const sizes = await chunkPlaintextSizes(key);
    expect(sizes).toHaveLength(created.chunks);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK);
    expect(sizes.slice(0, -1).every((s) => s === CHUNK)).toBe(true);
    const stored = await env.BACKUPS.head(key);
    expect(stored?.size).toBe(created.sizeBytes);
    expect(stored?.customMetadata).toMatchObject({ format: "1", backup_id: id, tag: "backup/20260301_060000" });
  });

  it("passes the restore drill without writing anything", async () => {
    const report = await verifyBackup(env.DB, await objectStream(key), master());
    expect(report).toMatchObject({ backup_id: id, row_count: created.rowCount, sha256: created.sha256, schema_matches_database: true });
    expect(await fingerprint(env.DB)).toEqual(before);
  });

  it("refuses to restore over a database that has rows, unless forced", async () => {
    await expect(restoreBackup(env.DB, await objectStream(key), master())).rejects.toThrow(RestoreRefusedError);
    await expect(restoreBackup(env.DB, await objectStream(key), master())).rejects.toThrow(
      /The database is not empty \(.*rows.*\); use --force/,
    );
    expect(await fingerprint(env.DB)).toEqual(before);
  });

  it("restores into an empty database: every table identical row for row, with its schema and migrations", async () => {
    await dropEverything(env.DB);
    expect(
      (
        await env.DB.prepare(
          "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name != 'sqlite_sequence'",
        ).first<{ n: number }>()
      )?.n,
    ).toBe(0);
    const report = await restoreBackup(env.DB, await objectStream(key), master());
    expect(report).toMatchObject({ mode: "fresh", row_count: created.rowCount, sha256: created.sha256 });
    expect(await restoredFingerprint(before)).toEqual(before);
    expect(await migrationNames()).toEqual(migrations);
  }, 120_000);

  it("with force, replaces changed rows and brings back deleted ones, all in one swap", async () => {
    await env.DB.batch([
      env.DB.prepare("PRAGMA defer_foreign_keys = ON"),
      env.DB.prepare("DELETE FROM audit_log WHERE id % 2 = 0"),
      env.DB.prepare("UPDATE event_log SET action = 'changed after the backup'"),
      env.DB.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('added_later', '1', 'now')"),
    ]);
    expect(await fingerprint(env.DB)).not.toEqual(before);
    const report = await restoreBackup(env.DB, await objectStream(key), master(), { force: true });
    expect(report.mode).toBe("replace");
    expect(await restoredFingerprint(before)).toEqual(before);
  }, 120_000);

  it("keeps AUTOINCREMENT counters at least where the backup had them", async () => {
    const seq = await env.DB.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").first<{ seq: number }>();
    const max = await env.DB.prepare("SELECT max(id) AS m FROM audit_log").first<{ m: number }>();
    expect(seq?.seq).toBeGreaterThanOrEqual(max?.m ?? 0);
  });
});
