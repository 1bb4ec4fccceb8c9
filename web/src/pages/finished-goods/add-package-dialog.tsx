import { useSignal } from "@preact/signals";
import { api, resources } from "../../app-state";
import { Dialog, FormActions } from "../../components/dialog";
import { NetworkError } from "../../data/api";
import { toast } from "../../data/toasts";
import { LIST_PATH } from "./model";

/** + Add Package: METRC Number*, Strain Name*, Initial Grams*, Notes, Source Batch ID. */
export function AddPackageDialog(props: { onClose: () => void }) {
  const metrc = useSignal("");
  const strain = useSignal("");
  const grams = useSignal("");
  const notes = useSignal("");
  const source = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    error.value = null;
    busy.value = true;
    try {
      await api.write("POST", "/api/finished-goods", {
        metrc_number: metrc.value.trim(),
        strain: strain.value.trim(),
        grams: Number(grams.value),
        notes: notes.value.trim() || undefined,
        source_batch_id: source.value.trim() || undefined,
      });
      toast(`Package ${metrc.value.trim().toUpperCase()} added`, "success");
      await resources.refresh(LIST_PATH);
      props.onClose();
    } catch (err) {
      error.value = err instanceof NetworkError ? "No connection: the package was not saved." : (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  const req = (
    <span class="required-mark" aria-hidden="true">
      {" "}
      *
    </span>
  );
  return (
    <Dialog title="+ Add Package" onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        <label class="field">
          <span>METRC Number{req}</span>
          <input
            type="text"
            required
            autoComplete="off"
            pattern="[0-9A-Za-z._\-]{1,64}"
            title="The package's METRC tag (24 letters and digits), or another label of letters, digits, dots, dashes or underscores"
            value={metrc.value}
            onInput={(e) => (metrc.value = e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Strain Name{req}</span>
          <input type="text" required maxLength={200} value={strain.value} onInput={(e) => (strain.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Initial Grams{req}</span>
          <input
            type="number"
            required
            min="0.01"
            step="any"
            inputMode="decimal"
            value={grams.value}
            onInput={(e) => (grams.value = e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Notes</span>
          <textarea rows={2} maxLength={5000} value={notes.value} onInput={(e) => (notes.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Source Batch ID</span>
          <input type="text" maxLength={200} value={source.value} onInput={(e) => (source.value = e.currentTarget.value)} />
        </label>
        <FormActions error={error.value} busy={busy.value} submitLabel="Save Package" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
