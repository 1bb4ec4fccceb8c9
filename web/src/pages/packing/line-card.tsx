import { useId } from "preact/hooks";
import { fmtCount } from "../../format";
import { saveLine } from "./edits";
import { Conflicts, lineState, NotesFields, PackedInput, TextField, VerifiedNote } from "./line-parts";
import type { Line } from "./model";

type Props = {
  line: Line;
  /** The line as the server has it (for a conflict's "now" values). */
  server: Line;
  selected: boolean;
  packer: string;
  onSelect: () => void;
  onPickPackage: () => void;
};

/** One packing line: counts, the packed total, who packed, notes, its METRC package and its scan state. */
export function LineCard({ line, server, selected, packer, onSelect, onPickPackage }: Props) {
  const { refused, name, verified, packed, setPacked, stateClass: state, tagState } = lineState(line, server, packer);
  const packedId = useId();
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
        <h4 class="pk-line-name">{name}</h4>
        <span class={`pk-tag-state ${verified ? "ok" : ""}`}>{tagState}</span>
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
        <div class="field pk-packed">
          <label for={packedId}>Packed</label>
          <PackedInput id={packedId} line={line} setPacked={setPacked} />
        </div>
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
      {verified && <VerifiedNote line={line} />}
      <Conflicts refused={refused} server={server} />
      <details class="pk-notes">
        <summary>Notes and delivery</summary>
        <NotesFields line={line} name={name} />
      </details>
    </article>
  );
}
