import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "../../app-state";
import { Dialog, FormActions } from "../../components/dialog";
import { enqueueAndWait } from "../../components/outbox-wait";
import { toast } from "../../data/toasts";
import { fmtCount } from "../../format";
import { gramsPerUnit, type Hold, type HoldTarget, tail } from "./model";

const TOPICS: ["wholesale", "finished-goods"] = ["wholesale", "finished-goods"];

/** Hold form: Quantity, Notes, Create Hold; the server's "Only X units available" shown here. */
export function HoldDialog(props: { target: HoldTarget; onClose: () => void }) {
  const t = props.target;
  const quantity = useSignal("");
  const notes = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    error.value = null;
    const n = Number(quantity.value);
    if (!Number.isInteger(n) || n <= 0) {
      error.value = "Quantity must be a whole number above 0";
      return;
    }
    busy.value = true;
    const outcome = await enqueueAndWait({
      method: "POST",
      path: "/api/wholesale/hold",
      body: { metrc_number: t.metrc, sku_name: t.sku, quantity: n, notes: notes.value.trim() || undefined },
      label: `Hold ${n} × ${t.sku} · ${t.strain}`,
      topics: [...TOPICS],
    });
    busy.value = false;
    if (outcome.state === "refused") {
      error.value = outcome.error;
      return;
    }
    toast(outcome.state === "applied" ? `Held ${n} × ${t.sku} of ${t.strain}` : "Queued: the hold is sent when back online", "success");
    props.onClose();
  }

  return (
    <Dialog title={`Hold · ${t.strain}`} onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        <p>
          <strong>{t.sku}</strong> from package <span class="ws-mono">{tail(t.metrc)}</span>: {fmtCount(t.available)} available.
        </p>
        <label class="field">
          <span>Quantity</span>
          <input
            type="number"
            inputMode="numeric"
            min="1"
            step="1"
            required
            aria-invalid={error.value ? "true" : undefined}
            aria-describedby={error.value ? "hold-error" : undefined}
            value={quantity.value}
            onInput={(e) => {
              quantity.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>Notes (customer, order number, ship date)</span>
          <textarea
            rows={2}
            maxLength={2000}
            value={notes.value}
            onInput={(e) => {
              notes.value = e.currentTarget.value;
            }}
          />
        </label>
        {error.value && (
          <p id="hold-error" class="field-error" role="alert">
            {error.value}
          </p>
        )}
        <div class="row end">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary btn-large" disabled={busy.value}>
            Create Hold
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type SkuDefs = { effective_skus: Record<string, { unit_size?: string; pack_size?: number }> };

/** Complete Order for a hold: the grams leave the package (complete-order), then the hold is released. */
export function CompleteHoldDialog(props: { hold: Hold; onClose: () => void }) {
  const h = props.hold;
  const grams = useSignal("");
  const orderId = useSignal(h.notes ?? "");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  useEffect(() => {
    // The hold's grams as a default: its units times the SKU's grams per unit.
    api
      .get<SkuDefs>(`/api/finished-goods/${encodeURIComponent(h.metrc_number)}/custom-skus`)
      .then((defs) => {
        const def = defs.effective_skus[h.sku_key ?? ""] ?? defs.effective_skus[h.sku_name];
        const per = gramsPerUnit(def);
        if (per !== null && grams.value === "") grams.value = String(Math.round(per * h.quantity * 100) / 100);
      })
      .catch(() => undefined);
  }, [h.id]);

  async function submit(e: Event) {
    e.preventDefault();
    error.value = null;
    const g = Number(grams.value);
    if (!Number.isFinite(g) || g <= 0) {
      error.value = "Enter the grams fulfilled, above 0";
      return;
    }
    busy.value = true;
    const done = await enqueueAndWait({
      method: "POST",
      path: `/api/finished-goods/${encodeURIComponent(h.metrc_number)}/complete-order`,
      body: { grams: g, order_id: orderId.value.trim().slice(0, 200) || undefined, reason: `wholesale hold ${h.id}` },
      label: `Complete order ${g} g · ${h.strain ?? h.metrc_number}`,
      topics: [...TOPICS],
    });
    if (done.state === "refused") {
      busy.value = false;
      error.value = done.error;
      return;
    }
    const released = await enqueueAndWait({
      method: "DELETE",
      path: `/api/wholesale/hold/${encodeURIComponent(h.id)}`,
      label: `Release hold ${h.quantity} × ${h.sku_name}`,
      topics: [...TOPICS],
    });
    busy.value = false;
    if (released.state === "refused") {
      error.value = `Order completed, but the hold was not released: ${released.error}`;
      return;
    }
    toast(done.state === "applied" ? `Order completed: ${g} g, hold released` : "Queued: the order completes when back online", "success");
    props.onClose();
  }

  return (
    <Dialog title={`Complete Order · ${h.strain ?? h.metrc_number}`} onClose={props.onClose}>
      <form class="form" onSubmit={submit}>
        <p>
          Hold of {fmtCount(h.quantity)} × {h.sku_name} on <span class="ws-mono">{tail(h.metrc_number)}</span>. The grams leave the package
          and the hold is released.
        </p>
        <label class="field">
          <span>Grams fulfilled</span>
          <input
            type="number"
            min="0"
            step="any"
            required
            value={grams.value}
            onInput={(e) => {
              grams.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>Order ID (optional)</span>
          <input
            type="text"
            maxLength={200}
            value={orderId.value}
            onInput={(e) => {
              orderId.value = e.currentTarget.value;
            }}
          />
        </label>
        <FormActions error={error.value} busy={busy.value} submitLabel="Complete Order" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
