import { useId } from "preact/hooks";
import { fmtCount, fmtDateTime } from "../../format";
import { alreadyApplied, clearVerification, discardOp, refusedByLine, resendOver, saveLine } from "./edits";
import { isPacked, isVerified, type Line } from "./model";

type Props = {
  line: Line;
  /** The line as the server has it (for a conflict's "now" values). */
  server: Line;
  selected: boolean;
  packer: string;
  onSelect: () => void;
  onPickPackage: () => void;
};

const FIELD_LABELS: Record<string, string> = {
  packed: "packed",
  initials: "initials",
  notes: "notes",
  delivery_date: "delivery date",
  delivery_notes: "delivery notes",
  internal_notes: "internal notes",
  batch_name: "METRC package",
};

function TextField(props: { label: string; value: string; max: number; onSave: (v: string) => void; area?: boolean }) {
  const id = useId();
  const save = (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    if (v !== props.value) props.onSave(v);
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.area ? (
        <textarea id={id} rows={2} maxLength={props.max} value={props.value} onChange={save} />
      ) : (
        <input id={id} type="text" maxLength={props.max} value={props.value} onChange={save} />
      )}
    </div>
  );
}

/** One packing line: counts, the packed total, who packed, notes, its METRC package and its scan state. */
export function LineCard({ line, server, selected, packer, onSelect, onPickPackage }: Props) {
  const verified = isVerified(line);
  const packed = isPacked(line);
  const refused = (refusedByLine.value.get(line.id) ?? []).filter((op) => {
    if (!alreadyApplied(op, server)) return true;
    void discardOp(op);
    return false;
  });
  const name = line.compact_display_name || line.product_name;
  const setPacked = (value: number) => {
    if (!Number.isInteger(value) || value < 0 || value === line.packed) return;
    const fields = line.initials === "" && packer ? { packed: value, initials: packer } : { packed: value };
    saveLine(line, fields, `Packed ${value} of ${name} (${line.invoice_number})`);
  };
  const state = verified ? "pk-line-verified" : packed ? "pk-line-packed" : "";
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: focusing any control inside selects the line too (onFocusIn)
    <article
      class={`pk-line ${state} ${selected ? "pk-line-selected" : ""}`}
      data-line-id={line.id}
      tabIndex={-1}
      aria-label={`${name}, ${line.invoice_number}`}
      aria-current={selected ? "true" : undefined}
      onClick={onSelect}
      onFocusIn={onSelect}
    >
      <header class="pk-line-head">
        <h4>{name}</h4>
        <span class={`pk-tag-state ${verified ? "ok" : ""}`}>
          {verified ? "✔ Verified" : line.batch_name ? "Not scanned" : "No package"}
        </span>
      </header>
      <dl class="pk-figures">
        <div>
          <dt>Ordered</dt>
          <dd>{fmtCount(line.ordered)}</dd>
        </div>
        <div>
          <dt>Needs packing</dt>
          <dd>{fmtCount(Math.max(0, line.ordered - line.packed))}</dd>
        </div>
        <div>
          <dt>Needs production</dt>
          <dd class={line.needs_production > 0 ? "pk-warn" : undefined}>{fmtCount(line.needs_production)}</dd>
        </div>
      </dl>
      <div class="pk-pack-row">
        <label class="field pk-packed">
          <span>Packed</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={line.ordered}
            step={1}
            value={line.packed}
            onChange={(e) => setPacked(Number(e.currentTarget.value))}
          />
        </label>
        <button type="button" class="btn" disabled={packed} onClick={() => setPacked(line.ordered)}>
          All {fmtCount(line.ordered)}
        </button>
        <TextField label="Initials" value={line.initials} max={20} onSave={(v) => saveLine(line, { initials: v }, `Initials on ${name}`)} />
      </div>
      <div class="pk-metrc">
        <span class="pk-metrc-label">METRC package</span>
        <code class="pk-tag">{line.batch_name || "—"}</code>
        {line.metrc_source && <span class="muted">({line.metrc_source === "fifo" ? "FIFO suggestion" : line.metrc_source})</span>}
        <button type="button" class="btn btn-small" onClick={onPickPackage}>
          Change package
        </button>
      </div>
      {verified && (
        <p class="pk-verified-note">
          Scanned {line.verified_tag} {line.verified_by && `by ${line.verified_by}`} {line.verified_at && fmtDateTime(line.verified_at)}
          <button type="button" class="btn btn-small" onClick={() => clearVerification(line)}>
            Undo scan
          </button>
        </p>
      )}
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
      <details class="pk-notes">
        <summary>Notes and delivery</summary>
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
      </details>
    </article>
  );
}
