import { computed } from "@preact/signals";
import { outbox } from "../../app-state";
import type { OutboxOp } from "../../data/outbox";
import type { Line } from "./model";

/**
 * Packing edits go through the outbox (queued offline, sent once with an Idempotency-Key). Each
 * PATCH carries the line's `version` as this device last knew it; a queued second edit of the same
 * line expects the version the first one will leave. A 409 from another device's change is kept
 * by the outbox as refused, and the line shows both values instead of overwriting anything.
 */

type LineFields = Partial<
  Pick<Line, "packed" | "initials" | "notes" | "delivery_date" | "delivery_notes" | "internal_notes" | "batch_name">
>;
type PatchBody = LineFields & { version?: number };

const linePath = (id: number) => `/api/packing/items/${id}`;
const verifyPath = (id: number) => `/api/packing/items/${id}/verify`;

function opsOf(list: readonly OutboxOp[], path: string, method: OutboxOp["method"]): OutboxOp[] {
  return list.filter((op) => op.path === path && op.method === method);
}

/** Sends a change of a line's fields, conditional on the version this device last saw. */
export function saveLine(line: Line, fields: LineFields, label: string): void {
  const path = linePath(line.id);
  const queued = opsOf(outbox.pending.value, path, "PATCH");
  const last = queued[queued.length - 1]?.body as PatchBody | undefined;
  const version = last?.version !== undefined ? last.version + 1 : line.version;
  void outbox.enqueue({ method: "PATCH", path, body: { ...fields, version }, label, topics: ["packing"] });
}

export function verifyLineTag(line: Line, tag: string, by: string): void {
  void outbox.enqueue({
    method: "POST",
    path: verifyPath(line.id),
    body: by ? { tag, by } : { tag },
    label: `Verify ${line.compact_display_name} (${line.invoice_number})`,
    topics: ["packing"],
  });
}

export function clearVerification(line: Line): void {
  void outbox.enqueue({
    method: "DELETE",
    path: verifyPath(line.id),
    label: `Undo verification of ${line.compact_display_name}`,
    topics: ["packing"],
  });
}

/** What this device has queued for each line (shown at once, before the server confirms). */
const queuedByLine = computed(() => {
  const out = new Map<number, { fields: LineFields; verify: string | null; unverify: boolean }>();
  for (const op of outbox.pending.value) {
    const m = op.path.match(/^\/api\/packing\/items\/(\d+)(\/verify)?$/);
    if (!m) continue;
    const id = Number(m[1]);
    const entry = out.get(id) ?? { fields: {}, verify: null, unverify: false };
    if (!m[2]) {
      const { version: _v, ...fields } = op.body as PatchBody;
      entry.fields = { ...entry.fields, ...fields };
    } else if (op.method === "POST") {
      entry.verify = (op.body as { tag: string }).tag;
      entry.unverify = false;
    } else {
      entry.verify = null;
      entry.unverify = true;
    }
    out.set(id, entry);
  }
  return out;
});

/** Edits the server refused for a line (someone else changed it, or it no longer allows them). */
export const refusedByLine = computed(() => {
  const out = new Map<number, OutboxOp[]>();
  for (const op of outbox.refused.value) {
    const m = op.path.match(/^\/api\/packing\/items\/(\d+)/);
    if (!m) continue;
    const id = Number(m[1]);
    out.set(id, [...(out.get(id) ?? []), op]);
  }
  return out;
});

/** The line as this device should show it: the server's copy with its own queued changes on top. */
export function withQueued(line: Line): Line {
  const q = queuedByLine.value.get(line.id);
  if (!q) return line;
  const merged: Line = { ...line, ...q.fields } as Line;
  if (q.fields.batch_name !== undefined && q.fields.batch_name !== line.batch_name) {
    merged.verified_tag = "";
    merged.verified_by = "";
    merged.verified_at = null;
  }
  if (q.verify) merged.verified_tag = q.verify;
  if (q.unverify) merged.verified_tag = "";
  return merged;
}

/** A refused edit whose values the line already shows (its reply was lost after it applied) is just dropped. */
export function alreadyApplied(op: OutboxOp, line: Line): boolean {
  if (op.method !== "PATCH") return false;
  const { version: _v, ...fields } = op.body as PatchBody;
  return Object.entries(fields).every(([k, v]) => (line as Record<string, unknown>)[k] === v);
}

/** Re-sends a refused edit against the version now on the server ("use mine"). */
export async function resendOver(op: OutboxOp, line: Line): Promise<void> {
  await outbox.discard(op.id);
  if (op.method === "PATCH") {
    const { version: _v, ...fields } = op.body as PatchBody;
    saveLine(line, fields, op.label);
  }
}

export const discardOp = (op: OutboxOp) => outbox.discard(op.id);
