import { useSignal } from "@preact/signals";
import { outbox, syncState } from "../app-state";
import { Dialog } from "./dialog";

/**
 * Always visible: Live, Polling, Offline, "N pending" or "N refused"; opens the queue of unsent
 * changes. Its name is short and avoids words pages use for their own controls ("save", "status",
 * "show"), so a page's Save button or Status filter is still found once by its label.
 */
export function SyncIndicator() {
  const open = useSignal(false);
  const { offline, pending, refused, live } = syncState.value;
  let text: string;
  let tone: string;
  if (refused > 0) {
    text = `${refused} refused`;
    tone = "bad";
  } else if (pending > 0) {
    text = offline ? `Offline · ${pending} pending` : `${pending} pending`;
    tone = "warn";
  } else if (offline) {
    text = "Offline";
    tone = "warn";
  } else if (live === "live") {
    text = "Live";
    tone = "good";
  } else if (live === "polling") {
    text = "Polling";
    tone = "info";
  } else {
    text = "Connecting";
    tone = "info";
  }
  return (
    <>
      <button
        type="button"
        class={`sync sync-${tone}`}
        aria-label={`Sync: ${text}`}
        aria-haspopup="dialog"
        title="Changes on this device"
        onClick={() => {
          open.value = true;
        }}
      >
        <span class="sync-dot" aria-hidden="true" />
        <span role="status">{text}</span>
      </button>
      {open.value && (
        <Dialog
          title="Changes on this device"
          onClose={() => {
            open.value = false;
          }}
        >
          <OutboxList />
        </Dialog>
      )}
    </>
  );
}

function OutboxList() {
  const ops = outbox.ops.value;
  if (ops.length === 0) return <p>Everything is saved. Nothing is waiting to be sent.</p>;
  return (
    <ul class="outbox-list">
      {ops.map((op) => (
        <li key={op.id} class={op.state === "refused" ? "refused" : ""}>
          <div>
            <strong>{op.label}</strong>
            <div class="muted">
              {new Date(op.createdAt).toLocaleTimeString()} ·{" "}
              {op.state === "refused" ? `Refused: ${op.error}` : op.attempts > 0 ? `Retrying (${op.attempts})` : "Waiting to send"}
            </div>
          </div>
          {op.state === "refused" && (
            <div class="row">
              <button type="button" class="btn" onClick={() => void outbox.retry(op.id)}>
                Retry
              </button>
              <button type="button" class="btn btn-danger" onClick={() => void outbox.discard(op.id)}>
                Discard
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
