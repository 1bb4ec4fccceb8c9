/**
 * Idle timeout of a PIN session on a shared tablet (issue 18): no touch, key, click or scroll for
 * `ms` calls `onIdle` once. Offline it waits for the network, since signing out needs the server
 * (the session would otherwise stay open behind a PIN pad).
 */
export const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "scroll"] as const;

export type IdleTarget = Pick<EventTarget, "addEventListener" | "removeEventListener">;

export function watchIdle(options: { ms: number; onIdle: () => void; target: IdleTarget; isOnline?: () => boolean }): () => void {
  const isOnline = options.isOnline ?? (() => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const fire = () => {
    if (done) return;
    if (!isOnline()) {
      options.target.addEventListener("online", fire, { once: true });
      return;
    }
    done = true;
    stop();
    options.onIdle();
  };
  const reset = () => {
    if (done) return;
    options.target.removeEventListener("online", fire);
    clearTimeout(timer);
    timer = setTimeout(fire, options.ms);
  };
  const stop = () => {
    clearTimeout(timer);
    for (const name of ACTIVITY_EVENTS) options.target.removeEventListener(name, reset, true);
    options.target.removeEventListener("online", fire);
  };
  for (const name of ACTIVITY_EVENTS) options.target.addEventListener(name, reset, { capture: true, passive: true });
  reset();
  return stop;
}
