import { useSignal } from "@preact/signals";
import { api } from "../../app-state";
import { Dialog, FormActions } from "../../components/dialog";
import { NumberField } from "../../components/number-field";
import { enqueueAndWait } from "../../components/outbox-wait";
import { toast } from "../../data/toasts";
import { fmtCount } from "../../format";
import { fmtGrams, type Pkg, pkgPath, UNIT_SIZE_LABELS, UNIT_SIZES } from "./model";

/**
 * + Add / − Deduct: by grams, or by units of a unit size; keyed through the outbox. Both amounts
 * are on screen ("Grams", or "Units" and "Unit size"): the one filled in is used, so a single
 * field label names each and nothing needs switching first.
 */
export function AmountDialog(props: { pkg: Pkg; kind: "add" | "deduct"; onClose: () => void }) {
  const grams = useSignal("");
  const units = useSignal("");
  const unitSize = useSignal<string>("0.5g");
  const reason = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const verb = props.kind === "add" ? "Add" : "Deduct";

  async function submit(e: Event) {
    e.preventDefault();
    error.value = null;
    const byGrams = grams.value.trim() !== "";
    const byUnits = units.value.trim() !== "";
    if (byGrams === byUnits) {
      error.value = byGrams ? "Enter grams or units, not both" : "Enter grams, or a number of units";
      return;
    }
    const amount = Number(byGrams ? grams.value : units.value);
    if (!Number.isFinite(amount) || amount <= 0 || (byUnits && !Number.isInteger(amount))) {
      error.value = byGrams ? "Enter grams above 0" : "Enter a whole number of units above 0";
      return;
    }
    const body = byGrams
      ? { grams: amount, reason: reason.value.trim() || undefined }
      : { units: amount, unit_size: unitSize.value, reason: reason.value.trim() || undefined };
    const what = byGrams ? `${amount} g` : `${amount} × ${unitSize.value}`;
    busy.value = true;
    const outcome = await enqueueAndWait({
      method: "POST",
      path: pkgPath(props.pkg.metrc_number, `/${props.kind}`),
      body,
      label: `${verb} ${what} · ${props.pkg.strain}`,
      topics: ["finished-goods", "wholesale"],
    });
    busy.value = false;
    if (outcome.state === "refused") {
      error.value = outcome.error;
      return;
    }
    toast(
      outcome.state === "applied"
        ? `${props.kind === "add" ? "Added" : "Deducted"} ${what} ${props.kind === "add" ? "to" : "from"} ${props.pkg.strain}`
        : `Queued: ${verb.toLowerCase()} ${what} will be sent when the connection is back`,
      outcome.state === "applied" ? "success" : "info",
    );
    props.onClose();
  }

  return (
    <Dialog title={`${props.kind === "add" ? "+ Add" : "− Deduct"} · ${props.pkg.strain}`} onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        <p class="muted">
          Balance now {fmtGrams(props.pkg.current_grams)}; after orders {fmtGrams(props.pkg.available_grams)}.
        </p>
        <NumberField label="Grams" min="0" required={false} value={grams.value} onInput={(v) => (grams.value = v)} />
        <p class="fg-or muted">or by units:</p>
        <div class="grid-2">
          <NumberField label="Units" whole min="1" required={false} value={units.value} onInput={(v) => (units.value = v)} />
          <label class="field">
            <span>Unit size</span>
            <select value={unitSize.value} onChange={(e) => (unitSize.value = e.currentTarget.value)}>
              {UNIT_SIZES.map((s) => (
                <option key={s} value={s}>
                  {UNIT_SIZE_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label class="field">
          <span>Reason (optional)</span>
          <input type="text" maxLength={1000} value={reason.value} onInput={(e) => (reason.value = e.currentTarget.value)} />
        </label>
        <FormActions error={error.value} busy={busy.value} submitLabel="Confirm" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}

type CalcAnswer = { input_grams: number; primary_sizes: Record<string, number>; custom_sizes: Record<string, number> };
const PRIMARY_LABELS: Record<string, string> = {
  "0.5g_singles": "0.5g Singles",
  "1.0g_singles": "1.0g Singles",
  "0.5g_6pack": "0.5g 6-Pack",
  "0.5g_12pack": "0.5g 12-Pack",
};

/** Calc: grams → units of each SKU type (the calculator endpoint). */
export function CalcDialog(props: { pkg: Pkg; onClose: () => void }) {
  const grams = useSignal(String(Math.max(0, props.pkg.available_grams)));
  const answer = useSignal<CalcAnswer | null>(null);
  const error = useSignal<string | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    error.value = null;
    try {
      answer.value = await api.get<CalcAnswer>(`/api/finished-goods/calculator?grams=${encodeURIComponent(grams.value)}`);
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  const rows = answer.value
    ? [
        ...Object.entries(answer.value.primary_sizes).map(([k, v]) => [PRIMARY_LABELS[k] ?? k, v] as const),
        ...Object.entries(answer.value.custom_sizes).map(([k, v]) => [`${k} singles`, v] as const),
      ]
    : [];
  return (
    <Dialog title={`Calc · ${props.pkg.strain}`} onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        <label class="field">
          <span>Grams</span>
          <input type="number" min="0" step="any" required value={grams.value} onInput={(e) => (grams.value = e.currentTarget.value)} />
        </label>
        <div class="row end">
          <button type="submit" class="btn btn-primary">
            Calculate
          </button>
        </div>
        {error.value && (
          <p class="field-error" role="alert">
            {error.value}
          </p>
        )}
        {answer.value && (
          <table class="data-table">
            <caption class="sr-only">Units from {answer.value.input_grams} g</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" class="num">
                  Units
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([name, n]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td class="num">{fmtCount(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </form>
    </Dialog>
  );
}
