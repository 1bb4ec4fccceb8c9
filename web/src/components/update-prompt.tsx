import { useRegisterSW } from "virtual:pwa-register/preact";
import { signal } from "@preact/signals";
import { outbox } from "../app-state";

/** Forms with unsaved edits register here, so an update never reloads over someone's typing. */
export const dirtyForms = signal(0);

const HOUR_MS = 3_600_000;

/**
 * A new version waits until the person says so, and is offered only when nothing would be lost:
 * no change waiting in the outbox and no form with unsaved edits.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      const check = () => {
        if (navigator.onLine && document.visibilityState === "visible") void registration.update().catch(() => undefined);
      };
      setInterval(check, HOUR_MS);
      document.addEventListener("visibilitychange", check);
    },
  });
  const safe = outbox.ops.value.length === 0 && dirtyForms.value === 0;
  if (!needRefresh || !safe) return null;
  return (
    <div class="update-prompt" role="alert">
      <span>A new version of the app is ready.</span>
      <button type="button" class="btn btn-primary" onClick={() => void updateServiceWorker(true)}>
        Reload
      </button>
    </div>
  );
}
