import { fmtCount, fmtDate } from "../../format";
import type { Order } from "./model";

/**
 * The packing list / delivery sheet of one order, shown only when printing (FRONTEND.md §5): the
 * table header repeats on every page, rows never split, the order number is in the body too
 * because Safari and Firefox do not print the `@page` margin boxes.
 */
export type ShipTo = { address: string; license: string };

export function PrintSheet({ order, store, shipTo }: { order: Order; store: string; shipTo: ShipTo }) {
  const invoice = order.invoice_number || `#${order.order_id}`;
  return (
    <div class="pk-print" data-invoice={invoice}>
      <header class="pk-print-head">
        <h2>Packing list and delivery sheet · Invoice {invoice}</h2>
        <p>
          Ship to: <strong>{store}</strong>
          {shipTo.address && ` · ${shipTo.address}`} · Ordered {fmtDate(order.items[0]?.order_date ?? "")}
        </p>
        <p>Seller licence: {shipTo.license || "— (set it in Packing → Sync & mapping)"}</p>
      </header>
      <table class="pk-print-table">
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">METRC package</th>
            <th scope="col">Ordered</th>
            <th scope="col">Packed</th>
            <th scope="col">Initials</th>
            <th scope="col">Delivery notes</th>
            <th scope="col">Scan verified</th>
          </tr>
        </thead>
        <tbody>
          {order.items.map((l) => (
            <tr key={l.id}>
              <td>{l.compact_display_name || l.product_name}</td>
              <td class="pk-mono">{l.batch_name || "—"}</td>
              <td>{fmtCount(l.ordered)}</td>
              <td>{fmtCount(l.packed)}</td>
              <td>{l.initials}</td>
              <td>{l.delivery_notes}</td>
              <td>{l.verified_tag ? `✔ ${l.verified_by}` : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="pk-sign">
        <p>Packed by: ____________________ Received by: ____________________ Date: __________</p>
      </div>
    </div>
  );
}
