import { effect } from "@preact/signals";
import { onApplied, outbox } from "../app-state";
import type { NewOp } from "../data/outbox";

/**
 * Queues a keyed write in the outbox (so it carries an Idempotency-Key and survives a dropped
 * network) and waits a while for its fate, so a form can show the server's refusal next to its
 * fields. A write still unsent after `timeoutMs` (offline) stays queued and is sent later.
 */
type Outcome = { state: "applied"; answer: unknown } | { state: "refused"; error: string } | { state: "queued" };

export async function enqueueAndWait(input: NewOp, timeoutMs = 10_000): Promise<Outcome> {
  const op = await outbox.enqueue(input);
  return new Promise<Outcome>((resolve) => {
    let done = false;
    let stopRefused: (() => void) | undefined;
    let stopApplied: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: Outcome) => {
      if (done) return;
      done = true;
      stopApplied?.();
      stopRefused?.();
      clearTimeout(timer);
      resolve(outcome);
    };
    stopApplied = onApplied((applied, answer) => {
      if (applied.id === op.id) finish({ state: "applied", answer });
    });
    stopRefused = effect(() => {
      const refused = outbox.refused.value.find((r) => r.id === op.id);
      if (!refused) return;
      // Shown beside the form instead of lingering in the outbox's refused list.
      queueMicrotask(() => void outbox.discard(op.id));
      finish({ state: "refused", error: refused.error ?? "The server refused this change" });
    });
    if (done) stopRefused();
    timer = setTimeout(() => finish({ state: "queued" }), timeoutMs);
  });
}
