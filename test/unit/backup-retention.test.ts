import { describe, expect, it } from "vitest";
import { backupObjectKey } from "../../src/domain/backup-naming";
import { type BackupTrigger, chooseBackupsToPrune, RETENTION_TIERS } from "../../src/domain/backup-retention";

// Monday noon, UTC.
const NOW = new Date("2026-06-15T12:00:00Z");
const key = (iso: string, id = "aaaaaaaa") => backupObjectKey(new Date(iso), id);
const cron = (iso: string) => ({ key: key(iso), trigger: "cron" as BackupTrigger });
const manual = (iso: string, id: string) => ({ key: key(iso, id), trigger: "manual" as BackupTrigger });
const stampsOf = (keys: string[]) => keys.map((k) => k.slice(8, 23));

describe("chooseBackupsToPrune (age tiers)", () => {
  it("keeps every scheduled backup of the last 48 hours, then the newest of each day", () => {
    const choice = chooseBackupsToPrune(
      [
        cron("2026-06-15T12:00:00Z"), // 0 h
        cron("2026-06-15T06:00:00Z"), // 6 h
        cron("2026-06-13T18:00:00Z"), // 42 h
        cron("2026-06-13T06:00:00Z"), // 54 h, not the newest of its day
        cron("2026-06-12T18:00:00Z"), // 66 h, newest of its day
        cron("2026-06-12T12:00:00Z"),
      ],
      NOW,
    );
    expect(stampsOf(choice.keep)).toEqual(["20260615_120000", "20260615_060000", "20260613_180000", "20260612_180000"]);
    expect(stampsOf(choice.prune)).toEqual(["20260613_060000", "20260612_120000"]);
  });

  it("keeps one a day for 30 days and then the newest of each week (Monday to Sunday)", () => {
    const daily = [];
    for (let day = Date.parse("2026-06-15T00:00:00Z"); day >= Date.parse("2026-04-01T00:00:00Z"); day -= 86_400_000) {
      daily.push(cron(new Date(day).toISOString()));
    }
    const { keep, prune } = chooseBackupsToPrune(daily, NOW);
    const kept = stampsOf(keep).map((s) => s.slice(0, 8));
    // 15 June back to 17 May: the last 30 days (17 May 00:00 is 29.5 days old).
    expect(kept.slice(0, 30)).toEqual(
      Array.from({ length: 30 }, (_, i) =>
        new Date(Date.parse("2026-06-15") - i * 86_400_000).toISOString().slice(0, 10).replace(/-/g, ""),
      ),
    );
    // Then each week's Sunday, and the newest of the first, partial week (Sunday 5 April).
    expect(kept.slice(30)).toEqual(["20260510", "20260503", "20260426", "20260419", "20260412", "20260405"]);
    expect(keep.length + prune.length).toBe(daily.length);
  });

  it("keeps nothing scheduled beyond six months, however few there are", () => {
    const choice = chooseBackupsToPrune([cron("2025-12-20T00:00:00Z"), cron("2025-12-01T00:00:00Z")], NOW);
    expect(stampsOf(choice.keep)).toEqual(["20251220_000000"]); // 177 days: newest of its week
    expect(stampsOf(choice.prune)).toEqual(["20251201_000000"]); // 196 days
  });

  it("never lets 30 quick manual backups push out a scheduled one; keeps the newest 10 manual", () => {
    const scheduled = [
      cron("2026-06-15T06:00:00Z"),
      cron("2026-06-12T00:00:00Z"),
      cron("2026-06-05T00:00:00Z"),
      cron("2026-05-06T00:00:00Z"),
    ];
    const flood = Array.from({ length: 30 }, (_, i) =>
      manual(new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(), `${i}`.padStart(8, "0")),
    );
    const { keep, prune } = chooseBackupsToPrune([...flood, ...scheduled], NOW);
    for (const s of scheduled) expect(keep).toContain(s.key);
    expect(keep.filter((k) => flood.some((f) => f.key === k))).toEqual(flood.slice(0, RETENTION_TIERS.manualMax).map((f) => f.key));
    expect(prune).toEqual(flood.slice(RETENTION_TIERS.manualMax).map((f) => f.key));
  });

  it("prunes manual backups older than 30 days and never counts them as a day's or week's scheduled backup", () => {
    const choice = chooseBackupsToPrune(
      [manual("2026-05-01T00:00:00Z", "bbbbbbbb"), manual("2026-06-10T01:00:00Z", "cccccccc"), cron("2026-06-10T00:00:00Z")],
      NOW,
    );
    expect(stampsOf(choice.keep)).toEqual(["20260610_010000", "20260610_000000"]);
    expect(stampsOf(choice.prune)).toEqual(["20260501_000000"]);
  });

  it("always keeps protected keys, counts future-dated backups as recent, and ignores keys it did not write or repeats", () => {
    const old = cron("2025-01-01T00:00:00Z");
    const future = cron("2999-12-31T00:00:00Z");
    const notOurs = { key: "backups/notes.txt", trigger: "cron" as BackupTrigger };
    const choice = chooseBackupsToPrune([old, future, notOurs, future], NOW, RETENTION_TIERS, [old.key]);
    expect(choice).toEqual({ keep: [future.key, old.key], prune: [] });
  });

  it("does not depend on the listing order; same-second backups are ordered by key", () => {
    const a = cron("2026-05-20T00:00:00Z");
    const b = { key: key("2026-05-20T00:00:00Z", "bbbbbbbb"), trigger: "cron" as BackupTrigger };
    expect(chooseBackupsToPrune([a, b], NOW)).toEqual(chooseBackupsToPrune([b, a], NOW));
    expect(chooseBackupsToPrune([a, b], NOW)).toEqual({ keep: [b.key], prune: [a.key] });
  });

  it("handles an empty bucket", () => {
    expect(chooseBackupsToPrune([], NOW)).toEqual({ keep: [], prune: [] });
  });
});
