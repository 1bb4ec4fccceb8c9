import { useSignal } from "@preact/signals";
import { api, resources } from "../../app-state";
import { Dialog, FormActions } from "../../components/dialog";
import { enqueueAndWait } from "../../components/outbox-wait";
import { NetworkError } from "../../data/api";
import { toast } from "../../data/toasts";
import { fmtGrams, LIST_PATH, type Pkg, pkgPath } from "./model";

type Action = "menu" | "complete" | "override" | "edit" | "delete";

/** The ⋮ menu: complete order, physical override, edit, archive/restore/orphan, delete, history. */
export function MenuDialog(props: { pkg: Pkg; onClose: () => void; onHistory: () => void }) {
  const p = props.pkg;
  const action = useSignal<Action>("menu");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  /** A write that needs the answer now; the server's refusal is shown in the dialog. */
  async function write(method: "POST" | "PUT" | "DELETE", path: string, body: unknown, success: string) {
    error.value = null;
    busy.value = true;
    try {
      await api.write(method, path, body);
      toast(success, "success");
      void resources.refresh(LIST_PATH);
      props.onClose();
    } catch (err) {
      error.value =
        err instanceof NetworkError ? "No connection: this was not saved. Try again when you are back online." : (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  const lifecycle = (query: string, success: string) => write("DELETE", pkgPath(p.metrc_number, query), undefined, success);
  const errorNote = error.value && (
    <p class="field-error" role="alert">
      {error.value}
    </p>
  );
  const title = `Package actions · ${p.strain}`;

  if (action.value === "complete") return <CompleteOrder pkg={p} onClose={props.onClose} />;
  if (action.value === "override")
    return <OverrideForm pkg={p} onClose={props.onClose} write={write} error={errorNote} busy={busy.value} />;
  if (action.value === "edit") return <EditForm pkg={p} onClose={props.onClose} write={write} error={errorNote} busy={busy.value} />;
  if (action.value === "delete") {
    return (
      <Dialog title="Delete package permanently?" onClose={props.onClose}>
        <p>
          {p.strain} ({p.metrc_number}) and its history are removed for good.
          {p.held_grams > 0 ? " Its wholesale holds are deleted with it." : " Any wholesale holds on it are deleted with it."} Archive
          instead unless it was created by mistake.
        </p>
        {errorNote}
        <div class="row end">
          <button type="button" class="btn" autofocus onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            class="btn btn-danger"
            disabled={busy.value}
            onClick={() => lifecycle("?permanent=true", `${p.strain} deleted`)}
          >
            Delete Permanently
          </button>
        </div>
      </Dialog>
    );
  }

  const live = p.status === "active" || p.status === "depleted";
  return (
    <Dialog title={title} onClose={props.onClose}>
      <p class="muted fg-mono">{p.metrc_number}</p>
      <div class="fg-menu">
        {live && (
          <button type="button" class="btn" onClick={() => (action.value = "complete")}>
            Complete Order
          </button>
        )}
        <button type="button" class="btn" onClick={() => (action.value = "override")}>
          Physical Override
        </button>
        <button type="button" class="btn" onClick={() => (action.value = "edit")}>
          Edit Package
        </button>
        <button type="button" class="btn" onClick={props.onHistory}>
          View History
        </button>
        {live ? (
          <>
            <button type="button" class="btn" disabled={busy.value} onClick={() => lifecycle("", `${p.strain} archived`)}>
              Archive
            </button>
            <button
              type="button"
              class="btn"
              disabled={busy.value}
              onClick={() => lifecycle("?orphan=true", `${p.strain} marked as orphan`)}
            >
              Mark as Orphan
            </button>
          </>
        ) : (
          <button type="button" class="btn" disabled={busy.value} onClick={() => lifecycle("?restore=true", `${p.strain} restored`)}>
            Restore
          </button>
        )}
        <button type="button" class="btn btn-danger" onClick={() => (action.value = "delete")}>
          Delete
        </button>
      </div>
      {errorNote}
    </Dialog>
  );
}

type WriteFn = (method: "POST" | "PUT" | "DELETE", path: string, body: unknown, success: string) => Promise<void>;
type FormProps = { pkg: Pkg; onClose: () => void; write: WriteFn; error: unknown; busy: boolean };

function OverrideForm(props: FormProps) {
  const p = props.pkg;
  const grams = useSignal(p.physical_grams_override === null ? "" : String(p.physical_grams_override));
  const reason = useSignal("");
  const send = (value: number | null) =>
    props.write(
      "POST",
      pkgPath(p.metrc_number, "/physical-override"),
      { physical_grams: value, reason: reason.value.trim() || undefined },
      value === null ? "Physical override cleared" : `Physical override set to ${fmtGrams(value)}`,
    );
  return (
    <Dialog title={`Physical Override · ${p.strain}`} onClose={props.onClose}>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(grams.value.trim() === "" ? null : Number(grams.value));
        }}
      >
        <p class="muted">
          System balance {fmtGrams(p.current_grams)}. A physical count replaces it in every figure until cleared; leave empty to clear.
        </p>
        <label class="field">
          <span>Physical grams</span>
          <input type="number" min="0" step="any" value={grams.value} onInput={(e) => (grams.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Reason</span>
          <input type="text" maxLength={1000} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
        </label>
        {props.error}
        <div class="row end">
          {p.has_physical_override && (
            <button type="button" class="btn" disabled={props.busy} onClick={() => void send(null)}>
              Clear Override
            </button>
          )}
          <button type="submit" class="btn btn-primary" disabled={props.busy}>
            Save Override
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function EditForm(props: FormProps) {
  const p = props.pkg;
  const strain = useSignal(p.strain);
  const notes = useSignal(p.notes ?? "");
  const source = useSignal(p.source_batch_id ?? "");
  const reason = useSignal("");
  return (
    <Dialog title={`Edit Package · ${p.strain}`} onClose={props.onClose}>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void props.write(
            "PUT",
            pkgPath(p.metrc_number),
            {
              strain: strain.value.trim(),
              notes: notes.value,
              source_batch_id: source.value.trim() || null,
              reason: reason.value.trim() || undefined,
            },
            "Package saved",
          );
        }}
      >
        <label class="field">
          <span>Strain Name</span>
          <input type="text" required maxLength={200} value={strain.value} onInput={(e) => (strain.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Notes</span>
          <textarea rows={3} maxLength={5000} value={notes.value} onInput={(e) => (notes.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Source Batch ID</span>
          <input type="text" maxLength={200} value={source.value} onInput={(e) => (source.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Reason (optional)</span>
          <input type="text" maxLength={1000} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
        </label>
        {props.error}
        <div class="row end">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={props.busy}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Complete Order: grams leave the package for good (packed first, then ordered); keyed. */
function CompleteOrder(props: { pkg: Pkg; onClose: () => void }) {
  const p = props.pkg;
  const grams = useSignal(p.grams_packed > 0 ? String(p.grams_packed) : "");
  const orderId = useSignal("");
  const reason = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  async function submit(e: Event) {
    e.preventDefault();
    const g = Number(grams.value);
    if (!Number.isFinite(g) || g <= 0) {
      error.value = "Enter grams above 0";
      return;
    }
    busy.value = true;
    const outcome = await enqueueAndWait({
      method: "POST",
      path: pkgPath(p.metrc_number, "/complete-order"),
      body: { grams: g, order_id: orderId.value.trim() || undefined, reason: reason.value.trim() || undefined },
      label: `Complete order ${fmtGrams(g)} · ${p.strain}`,
      topics: ["finished-goods", "wholesale"],
    });
    busy.value = false;
    if (outcome.state === "refused") {
      error.value = outcome.error;
      return;
    }
    toast(outcome.state === "applied" ? `Order completed: ${fmtGrams(g)} of ${p.strain}` : "Queued: the order completes when back online");
    props.onClose();
  }
  return (
    <Dialog title={`Complete Order · ${p.strain}`} onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        <p class="muted">
          Packed {fmtGrams(p.grams_packed)}, awaiting packing {fmtGrams(p.grams_ordered)}.
        </p>
        <label class="field">
          <span>Grams</span>
          <input type="number" min="0" step="any" required value={grams.value} onInput={(e) => (grams.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Order ID (optional)</span>
          <input type="text" maxLength={200} value={orderId.value} onInput={(e) => (orderId.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Reason (optional)</span>
          <input type="text" maxLength={1000} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
        </label>
        <FormActions error={error.value} busy={busy.value} submitLabel="Complete Order" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
