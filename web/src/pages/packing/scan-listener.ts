import { useEffect, useRef } from "preact/hooks";
import { createWedgeDetector } from "./scan";

type Restore = { el: HTMLInputElement | HTMLTextAreaElement; value: string } | null;

function editable(el: Element | null): HTMLInputElement | HTMLTextAreaElement | null {
  if (el instanceof HTMLTextAreaElement) return el;
  if (el instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(el.type)) return el;
  return null;
}

/**
 * Listens on the document in the capture phase, so a wedge scanner's burst lands here wherever the
 * focus is. Keys that are already part of a burst are kept out of inputs; when the burst turns out
 * to be a scan, the first keys that slipped into a field are taken back out and the Enter/Tab is
 * swallowed (no form submits, no focus move). Slow typing is never touched.
 */
export function useWedgeScanner(onScan: (tag: string) => void, enabled = true): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const detector = createWedgeDetector();
    let restore: Restore = null;
    let last = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const now = e.timeStamp || performance.now();
      const startsBurst = now - last > 200;
      last = now;
      if (startsBurst && e.key.length === 1) {
        const el = editable(document.activeElement);
        restore = el ? { el, value: el.value } : null;
      }
      const result = detector.push(e.key, now);
      if (result.kind === "burst") {
        e.preventDefault();
        return;
      }
      if (result.kind === "scan") {
        e.preventDefault();
        e.stopPropagation();
        if (restore && restore.el.value !== restore.value) restore.el.value = restore.value;
        restore = null;
        handler.current(result.tag);
      }
    };
    document.addEventListener("keydown", onKey, { capture: true });
    return () => document.removeEventListener("keydown", onKey, { capture: true });
  }, [enabled]);
}
