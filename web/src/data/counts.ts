import type { OutboxOp, SizeKey } from "./outbox";

export type Counts = Record<SizeKey, number>;
export type VersionedCounts = { counts: Counts; version: number };

/** The copy with the higher version wins: a late reply or refetch never moves the count back. */
export function newerCounts(current: VersionedCounts | null, incoming: VersionedCounts): VersionedCounts {
  return !current || incoming.version >= current.version ? incoming : current;
}

/** What the floor sees: the server's counts plus every tap of this batch still waiting to be sent. */
export function withPendingDeltas(base: Counts, ops: readonly OutboxOp[], batchId: string): Counts {
  const out = { ...base };
  for (const op of ops) {
    if (op.state !== "queued" || op.effect?.kind !== "count-delta" || op.effect.batchId !== batchId) continue;
    out[op.effect.size] += op.effect.delta;
  }
  return out;
}

/** Taps of one size and batch still waiting. */
export function pendingFor(ops: readonly OutboxOp[], batchId: string, size?: SizeKey): number {
  return ops.filter(
    (op) =>
      op.state === "queued" && op.effect?.kind === "count-delta" && op.effect.batchId === batchId && (!size || op.effect.size === size),
  ).length;
}
