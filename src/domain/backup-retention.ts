import { parseBackupKey } from "./backup-naming";

export type RetentionChoice = { keep: string[]; prune: string[] };

/**
 * Which stored backups to delete after a successful run. Only keys this app wrote are considered;
 * the newest `keepCount` are kept, and every `protectedKeys` entry (the backup just written, the
 * newest good one) is always kept and counts towards the total, whatever its name sorts as.
 * Newest first is by stamp, then key, so the order never depends on the listing order.
 */
export function chooseBackupsToPrune(keys: readonly string[], keepCount: number, protectedKeys: readonly string[] = []): RetentionChoice {
  if (!Number.isInteger(keepCount) || keepCount < 1) throw new RangeError("keepCount must be a whole number of at least 1");
  const parsed = [...new Set(keys)].map(parseBackupKey).filter((p) => p !== null);
  parsed.sort((a, b) => (a.stamp === b.stamp ? b.key.localeCompare(a.key) : b.stamp.localeCompare(a.stamp)));
  const kept = new Set(parsed.filter((p) => protectedKeys.includes(p.key)).map((p) => p.key));
  for (const { key } of parsed) if (kept.size < keepCount) kept.add(key);
  return {
    keep: parsed.filter((p) => kept.has(p.key)).map((p) => p.key),
    prune: parsed.filter((p) => !kept.has(p.key)).map((p) => p.key),
  };
}
