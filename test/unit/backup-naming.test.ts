import { describe, expect, it } from "vitest";
import { backupFailureMessage } from "../../src/domain/backup-alerts";
import { backupObjectKey, backupStamp, backupTag, parseBackupKey } from "../../src/domain/backup-naming";

describe("backup names", () => {
  it.each([
    ["2026-02-28T06:00:00Z", "20260228_060000"],
    ["2026-12-31T23:59:59.999Z", "20261231_235959"],
    ["2027-01-01T00:00:00Z", "20270101_000000"],
  ])("stamps %s as %s (UTC)", (iso, stamp) => {
    expect(backupStamp(new Date(iso))).toBe(stamp);
    expect(backupTag(new Date(iso))).toBe(`backup/${stamp}`);
  });

  it("keys a backup by time and the first 8 hex digits of its id", () => {
    const key = backupObjectKey(new Date("2026-02-28T06:00:00Z"), "0D9C1F7E-1111-4222-8333-944455556666");
    expect(key).toBe("backups/20260228_060000-0d9c1f7e.bak.enc");
    expect(parseBackupKey(key)).toEqual({ key, stamp: "20260228_060000", shortId: "0d9c1f7e" });
  });

  it.each([
    "backups/20260228_060000.db.enc",
    "backups/notes.txt",
    "other/20260228_060000-0d9c1f7e.bak.enc",
    "backups/20260228_060000-0d9c1f7e.bak.enc.tmp",
    "backups/2026022_060000-0d9c1f7e.bak.enc",
    "backups/20260228_060000-0D9C1F7E.bak.enc",
  ])("does not recognise %s as one of its backups", (key) => {
    expect(parseBackupKey(key)).toBeNull();
  });
});

describe("backupFailureMessage", () => {
  it.each([
    ["R2 is unavailable", "Backup failed: R2 is unavailable"],
    ["x".repeat(500), `Backup failed: ${"x".repeat(200)}`],
  ])("sends priority 1 with the first 200 characters of %s", (error, message) => {
    expect(backupFailureMessage(error)).toEqual({ title: "PreRollTracker backup failed", message, priority: 1 });
  });
});
