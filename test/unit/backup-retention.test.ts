import { describe, expect, it } from "vitest";
import { chooseBackupsToPrune } from "../../src/domain/backup-retention";

const k = (stamp: string, id = "aaaaaaaa") => `backups/${stamp}-${id}.bak.enc`;
const D1 = k("20260101_000000");
const D2 = k("20260102_000000");
const D3 = k("20260103_000000");
const D4 = k("20260104_000000");
const FUTURE = k("29991231_000000");

describe("chooseBackupsToPrune", () => {
  it.each([
    ["keeps everything under the count", [D1, D2], 3, [], [D2, D1], []],
    ["prunes the oldest beyond the count", [D1, D2, D3, D4], 2, [], [D4, D3], [D2, D1]],
    ["does not depend on the listing order", [D3, D1, D4, D2], 2, [], [D4, D3], [D2, D1]],
    ["keeps exactly one with a count of 1", [D1, D2, D3], 1, [], [D3], [D2, D1]],
    ["always keeps the protected (just written) backup", [D1, D2, FUTURE], 1, [D2], [D2], [FUTURE, D1]],
    ["counts the protected backup towards the total", [D1, D2, D3, FUTURE], 2, [D3], [FUTURE, D3], [D2, D1]],
    ["ignores keys it did not write", [D1, "backups/notes.txt", "x/y"], 1, [], [D1], []],
    [
      "breaks same-second ties by key, newest id last in the alphabet first",
      [k("20260101_000000", "bbbbbbbb"), D1],
      1,
      [],
      [k("20260101_000000", "bbbbbbbb")],
      [D1],
    ],
    ["ignores duplicates in the listing", [D1, D1, D2], 1, [], [D2], [D1]],
    ["handles an empty bucket", [], 30, [], [], []],
  ])("%s", (_, keys, keep, protectedKeys, kept, pruned) => {
    expect(chooseBackupsToPrune(keys, keep, protectedKeys)).toEqual({ keep: kept, prune: pruned });
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a keep count of %s", (count) => {
    expect(() => chooseBackupsToPrune([D1], count)).toThrow(RangeError);
  });
});
