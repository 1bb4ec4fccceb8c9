import { useSignal } from "@preact/signals";
import { fmtCount } from "../../format";
import { saveLine } from "./edits";
import { Conflicts, lineState, NotesFields, PackedInput, TextField, VerifiedNote } from "./line-parts";
import type { Line } from "./model";

type RowProps = {
  line: Line;
  server: Line;
  selected: boolean;
  packer: string;
  cols: (name: ColumnKey) => string;
  onSelect: () => void;
  onPickPackage: () => void;
};

/** The columns, labelled as the phone cards label the same figures and fields. */
const COLUMNS = {
  product: "Product",
  ordered: "Ordered",
  packed: "Packed",
  needsPacking: "Needs packing",
  needsProduction: "Needs production",
  initials: "Initials",
  metrc: "METRC package",
  scan: "Scan",
  notes: "Notes and delivery",
} as const;
type ColumnKey = keyof typeof COLUMNS;
const NUMERIC: ReadonlySet<ColumnKey> = new Set(["ordered", "needsPacking", "needsProduction"]);
const SPAN = Object.keys(COLUMNS).length;

/**
 * One line on a desktop: a tbody of its own (the row, then its refusals and open notes beneath),
 * so the line is one element to select, scan into and find, like the card on a phone.
 */
function LineRows({ line, server, selected, packer, cols, onSelect, onPickPackage }: RowProps) {
  const notesOpen = useSignal(false);
  const { refused, name, verified, packed, setPacked, stateClass, tagState } = lineState(line, server, packer);
  const notesId = `${cols("notes")}-${line.id}`;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: focusing any control inside selects the line too (onFocusIn)
    <tbody
      class={`pk-row ${stateClass} ${selected ? "pk-line-selected" : ""}`}
      data-line-id={line.id}
      tabIndex={-1}
      aria-label={`${name}, ${line.invoice_number}`}
      aria-current={selected ? "true" : undefined}
      onClick={onSelect}
      onFocusIn={onSelect}
    >
      <tr>
        <th scope="row" class="pk-line-name">
          {name}
        </th>
        <td class="num">{fmtCount(line.ordered)}</td>
        <td>
          <div class="pk-cell-row">
            <PackedInput line={line} setPacked={setPacked} class="pk-packed-input" labelledBy={cols("packed")} />
            <button type="button" class="btn btn-small" disabled={packed} onClick={() => setPacked(line.ordered)}>
              All {fmtCount(line.ordered)}
            </button>
          </div>
        </td>
        <td class="num">{fmtCount(Math.max(0, line.ordered - line.packed))}</td>
        <td class={`num ${line.needs_production > 0 ? "pk-warn" : ""}`}>{fmtCount(line.needs_production)}</td>
        <td>
          <TextField
            label="Initials"
            labelledBy={cols("initials")}
            inputClass="pk-initials-input"
            value={line.initials}
            max={20}
            onSave={(v) => saveLine(line, { initials: v }, `Initials on ${name}`)}
          />
        </td>
        <td>
          <code class="pk-tag">{line.batch_name || "—"}</code>
          {line.metrc_source && <span class="muted"> ({line.metrc_source === "fifo" ? "FIFO suggestion" : line.metrc_source})</span>}
          <button type="button" class="btn btn-small" onClick={onPickPackage}>
            Change package
          </button>
        </td>
        <td>
          <span class={`pk-tag-state ${verified ? "ok" : ""}`}>{tagState}</span>
        </td>
        <td>
          <button
            type="button"
            class="btn btn-small"
            aria-expanded={notesOpen.value}
            aria-controls={notesId}
            onClick={() => {
              notesOpen.value = !notesOpen.value;
            }}
          >
            {COLUMNS.notes}
          </button>
        </td>
      </tr>
      {(verified || refused.length > 0) && (
        <tr class="pk-row-extra">
          <td colSpan={SPAN}>
            {verified && <VerifiedNote line={line} />}
            <Conflicts refused={refused} server={server} />
          </td>
        </tr>
      )}
      {notesOpen.value && (
        <tr class="pk-row-extra" id={notesId}>
          <td colSpan={SPAN}>
            <NotesFields line={line} name={name} />
          </td>
        </tr>
      )}
    </tbody>
  );
}

type TableProps = {
  idPrefix: string;
  invoice: string;
  lines: Line[];
  servers: Line[];
  selectedId: number | null;
  packer: string;
  onSelect: (id: number) => void;
  onPickPackage: (line: Line) => void;
};

/** An order's lines as a table (desktop): one column per figure or field the cards show. */
export function LineTable({ idPrefix, invoice, lines, servers, selectedId, packer, onSelect, onPickPackage }: TableProps) {
  const cols = (key: ColumnKey) => `${idPrefix}-col-${key}`;
  return (
    // No tabIndex of its own: the inputs in every row take the keyboard there when it is scrolled.
    <div class="table-wrap pk-table-wrap">
      <table class="data-table pk-table">
        <caption class="sr-only">Lines of invoice {invoice}</caption>
        <thead>
          <tr>
            {(Object.keys(COLUMNS) as ColumnKey[]).map((key) => (
              <th scope="col" id={cols(key)} key={key} class={NUMERIC.has(key) ? "num" : undefined}>
                {COLUMNS[key]}
              </th>
            ))}
          </tr>
        </thead>
        {lines.map((line, i) => (
          <LineRows
            key={line.id}
            line={line}
            server={servers[i] as Line}
            selected={selectedId === line.id}
            packer={packer}
            cols={cols}
            onSelect={() => onSelect(line.id)}
            onPickPackage={() => onPickPackage(line)}
          />
        ))}
      </table>
    </div>
  );
}
