import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

/**
 * Everything beside the dialog's branch of the page, hidden (`inert`, `aria-hidden`) until it
 * closes. showModal already blocks the page behind; this says so in the DOM too, so tools that
 * read the page by role (and older screen readers) find only the dialog's controls. Live regions
 * (toasts) stay readable; an element another dialog already hid is left to that dialog.
 */
function hideBehind(dialog: HTMLElement): () => void {
  const hidden: Element[] = [];
  for (let node: Element = dialog; node.parentElement && node !== document.body; node = node.parentElement) {
    for (const sibling of Array.from(node.parentElement.children)) {
      if (sibling === node || sibling.hasAttribute("aria-hidden") || sibling.matches("script, style, [aria-live]")) continue;
      sibling.setAttribute("aria-hidden", "true");
      sibling.setAttribute("inert", "");
      hidden.push(sibling);
    }
  }
  return () => {
    for (const el of hidden) {
      el.removeAttribute("aria-hidden");
      el.removeAttribute("inert");
    }
  };
}

/** A modal on the native <dialog>: focus trapped, Escape closes, the page behind is inert. */
export function Dialog(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    const show = dialog ? hideBehind(dialog) : () => undefined;
    return () => {
      show();
      dialog?.close();
    };
  }, []);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop; the keyboard closes with Escape (the dialog's cancel event)
    <dialog
      ref={ref}
      class={props.wide ? "dialog dialog-wide" : "dialog"}
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onClick={(e) => {
        // A tap on the dimmed backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === ref.current) props.onClose();
      }}
    >
      <div class="dialog-box">
        <header class="dialog-head">
          <h2>{props.title}</h2>
          <button type="button" class="icon-btn" aria-label="Close" onClick={props.onClose}>
            ✕
          </button>
        </header>
        {props.children}
      </div>
    </dialog>
  );
}

/** Asks before a destructive action; the safe choice has focus. */
export function Confirm(props: { title: string; message: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <p>{props.message}</p>
      <div class="row end">
        <button type="button" class="btn" autofocus onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" class="btn btn-danger" onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** The foot of a dialog's form: the server's or the form's error, then Cancel and the submit button. */
export function FormActions(props: { error: string | null; busy: boolean; submitLabel: string; onCancel: () => void }) {
  return (
    <>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      <div class="row end">
        <button type="button" class="btn" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" class="btn btn-primary" disabled={props.busy}>
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}
