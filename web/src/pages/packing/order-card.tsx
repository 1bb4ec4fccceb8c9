import { useSignal } from "@preact/signals";
import { resources, saveNow } from "../../app-state";
import { Confirm } from "../../components/dialog";
import { isPhone } from "../../data/media";
import { fmtCount, fmtDate } from "../../format";
import { withQueued } from "./edits";
import { LineCard } from "./line-card";
import { LineTable } from "./line-table";
import { type Line, type Order, orderProgress } from "./model";

type Props = {
  order: Order;
  store: string;
  itemsPath: string;
  selectedId: number | null;
  packer: string;
  onSelect: (id: number) => void;
  onPickPackage: (line: Line) => void;
  onPrint: (order: Order, store: string) => void;
};

/** One order of a store: invoice, dates, progress, Complete order, and its lines. */
export function OrderCard({ order, store, itemsPath, selectedId, packer, onSelect, onPickPackage, onPrint }: Props) {
  const confirming = useSignal(false);
  const busy = useSignal(false);
  const lines = order.items.map(withQueued);
  const p = orderProgress(lines);
  const deliveries = [...new Set(lines.map((l) => l.delivery_date).filter(Boolean))];
  const invoice = order.invoice_number || `#${order.order_id}`;

  async function complete(force: boolean) {
    confirming.value = false;
    busy.value = true;
    await saveNow<{ archived_lines: number }>("POST", `/api/packing/orders/${order.order_id}/complete`, force ? { force: true } : {}, {
      success: `Order ${invoice} completed and moved to history`,
    });
    busy.value = false;
    // Refused too (e.g. another tablet completed it first): show the orders as they now are.
    await resources.refresh(itemsPath);
  }

  const headingId = `order-${order.order_id}`;
  return (
    <section class="pk-order" aria-labelledby={headingId}>
      <header class="pk-order-head">
        <h3 id={headingId}>
          Invoice {invoice}
          {order.is_new && <span class="pk-badge pk-new">NEW</span>}
        </h3>
        <p class="muted">
          Ordered {fmtDate(lines[0]?.order_date ?? "")}
          {deliveries.length > 0 && ` · Delivery ${deliveries.join(", ")}`}
        </p>
        <div class="pk-progress">
          <progress max={p.units || 1} value={p.packedUnits} aria-label={`Invoice ${invoice} progress`} />
          <span>
            {fmtCount(p.packedUnits)} / {fmtCount(p.units)} units · {p.packedLines}/{p.lines} lines packed · {p.verifiedLines}/{p.lines}{" "}
            verified
          </span>
        </div>
        <div class="pk-order-actions no-print">
          <button type="button" class="btn btn-primary pk-complete" disabled={!p.ready || busy.value} onClick={() => void complete(false)}>
            Complete order
          </button>
          {!p.ready && (
            <button
              type="button"
              class="btn"
              disabled={busy.value}
              onClick={() => {
                confirming.value = true;
              }}
            >
              Force complete…
            </button>
          )}
          <button type="button" class="btn" onClick={() => onPrint(order, store)}>
            Print
          </button>
        </div>
      </header>
      {isPhone.value ? (
        <div class="pk-lines">
          {order.items.map((server, i) => {
            const line = lines[i] as Line;
            return (
              <LineCard
                key={line.id}
                line={line}
                server={server}
                selected={selectedId === line.id}
                packer={packer}
                onSelect={() => onSelect(line.id)}
                onPickPackage={() => onPickPackage(line)}
              />
            );
          })}
        </div>
      ) : (
        <LineTable
          idPrefix={headingId}
          invoice={invoice}
          lines={lines}
          servers={order.items}
          selectedId={selectedId}
          packer={packer}
          onSelect={onSelect}
          onPickPackage={onPickPackage}
        />
      )}
      {confirming.value && (
        <Confirm
          title={`Force complete invoice ${invoice}?`}
          message={`${p.lines - p.packedLines} line(s) are not fully packed and ${p.lines - p.verifiedLines} not scan-verified. Completing moves every line to history and ships the packed grams from their METRC packages. This cannot be undone here.`}
          confirmLabel="Complete anyway"
          onConfirm={() => void complete(true)}
          onCancel={() => {
            confirming.value = false;
          }}
        />
      )}
    </section>
  );
}
