import type { Ref } from "preact";
import { useId } from "preact/hooks";
import { useDraft } from "../../components/draft";
import type { OutboxOp } from "../../data/outbox";
import { fmtDateTime } from "../../format";
import { alreadyApplied, clearVerification, discardOp, refusedByLine, resendOver, saveLine } from "./edits";
import { isPacked, isVerified, type Line } from "./model";

/** What a line's card (phones) and its table row (desktop) share: its state, its edits, its refusals. */
export function lineState(line: Line, server: Line, packer: string) {
  const refused = (refusedByLine.value.get(line.id) ?? []).filter((op) => {
    if (!alreadyApplied(op, server)) return true;
    void discardOp(op);
    return false;
  });
  const name = line.compact_display_name || line.product_name;
  const verified = isVerified(line);
  const packed = isPacked(line);
  const setPacked = (value: number) => {
    if (!Number.isInteger(value) || value < 0 || value === line.packed) return;
    const fields = line.initials === "" && packer ? { packed: value, initials: packer } : { packed: value };
    saveLine(line, fields, `Packed ${value} of ${name} (${line.invoice_number})`);
  };
  const stateClass = verified ? "pk-line-verified" : packed ? "pk-line-packed" : "";
  const tagState = verified ? "✔ Verified" : line.batch_name ? "Not scanned" : "No package";
  return { refused, name, verified, packed, setPacked, stateClass, tagState };
}

const FIELD_LABELS: Record<string, string> = {
  packed: "packed",
  initials: "initials",
  notes: "notes",
  delivery_date: "delivery date",
  delivery_notes: "delivery notes",
  internal_notes: "internal notes",
  batch_name: "METRC package",
};

/** A text field that saves on change; `labelledBy` names it by a visible column header instead of its own label. */
export function TextField(props: {
  label: string;
  value: string;
  max: number;
  onSave: (v: string) => void;
  area?: boolean;
  labelledBy?: string;
  inputClass?: string;
}) {
  const id = useId();
  const save = (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    if (v !== props.value) props.onSave(v);
  };
  const { ref, ...draft } = useDraft(props.value);
  const input = props.area ? (
    <textarea id={id} rows={2} maxLength={props.max} ref={ref as Ref<HTMLTextAreaElement>} {...draft} onChange={save} />
  ) : (
    <input
      id={id}
      class={props.inputClass}
      type="text"
      maxLength={props.max}
      ref={ref as Ref<HTMLInputElement>}
      {...draft}
      aria-labelledby={props.labelledBy}
      onChange={save}
    />
  );
  if (props.labelledBy) return input;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {input}
    </div>
  );
}

/**
 * The Packed count of a line: saves on change; what is typed stays while the line re-renders, and
 * a value that cannot be saved (not a whole number from 0 up) goes back to the line's count.
 */
export function PackedInput(props: { line: Line; setPacked: (value: number) => void; id?: string; class?: string; labelledBy?: string }) {
  const { line } = props;
  const { ref, ...draft } = useDraft<HTMLInputElement>(String(line.packed));
  return (
    <input
      ref={ref}
      id={props.id}
      class={props.class}
      type="number"
      inputMode="numeric"
      min={0}
      max={line.ordered}
      step={1}
      {...draft}
      aria-labelledby={props.labelledBy}
      onChange={(e) => {
        const el = e.currentTarget;
        const value = Number(el.value);
        if (el.value.trim() === "" || !Number.isInteger(value) || value < 0) el.value = String(line.packed);
        else props.setPacked(value);
      }}
    />
  );
}

/** A write this device queued that the server refused (another tablet changed the line): both values, and a choice. */
export function Conflicts({ refused, server }: { refused: OutboxOp[]; server: Line }) {
  return (
    <>
      {refused.map((op) => (
        <div class="pk-conflict" role="alert" key={op.id}>
          <p>
            <strong>Not saved:</strong> {op.error}
          </p>
          <p>
            Yours:{" "}
            {Object.entries(op.body as Record<string, unknown>)
              .filter(([k]) => k !== "version")
              .map(([k, v]) => `${FIELD_LABELS[k] ?? k} ${String(v)}`)
              .join(", ")}
            . Now:{" "}
            {Object.keys(op.body as Record<string, unknown>)
              .filter((k) => k !== "version")
              .map((k) => `${FIELD_LABELS[k] ?? k} ${String((server as Record<string, unknown>)[k] ?? "—")}`)
              .join(", ")}
            .
          </p>
          <div class="row">
            {op.method === "PATCH" && (
              <button type="button" class="btn" onClick={() => void resendOver(op, server)}>
                Use mine
              </button>
            )}
            <button type="button" class="btn" onClick={() => void discardOp(op)}>
              Keep theirs
            </button>
          </div>
        </div>
      ))}
    </>
  );
}

/** Who scanned which tag when, with Undo scan. */
export function VerifiedNote({ line }: { line: Line }) {
  return (
    <p class="pk-verified-note">
      Scanned {line.verified_tag} {line.verified_by && `by ${line.verified_by}`} {line.verified_at && fmtDateTime(line.verified_at)}
      <button type="button" class="btn btn-small" onClick={() => clearVerification(line)}>
        Undo scan
      </button>
    </p>
  );
}

/** Notes, delivery date, delivery notes (the store sees them) and internal notes. */
export function NotesFields({ line, name }: { line: Line; name: string }) {
  return (
    <div class="pk-notes-grid">
      <TextField label="Notes" value={line.notes} max={2000} area onSave={(v) => saveLine(line, { notes: v }, `Notes on ${name}`)} />
      <TextField
        label="Delivery date"
        value={line.delivery_date}
        max={100}
        onSave={(v) => saveLine(line, { delivery_date: v }, `Delivery date of ${name}`)}
      />
      <TextField
        label="Delivery notes (visible to the store)"
        value={line.delivery_notes}
        max={2000}
        area
        onSave={(v) => saveLine(line, { delivery_notes: v }, `Delivery notes of ${name}`)}
      />
      <TextField
        label="Internal notes (not shown to the store)"
        value={line.internal_notes}
        max={2000}
        area
        onSave={(v) => saveLine(line, { internal_notes: v }, `Internal notes of ${name}`)}
      />
    </div>
  );
}
