import { useSignal } from "@preact/signals";
import { resources } from "../../app-state";
import { DataNote } from "../../components/page";
import { fmtCount, fmtDate } from "../../format";

type OrderRow = {
  id: number;
  invoice_number: string;
  order_date: string;
  order_status: string;
  buyer_company: string;
  ship_name: string;
  ship_city: string;
  ship_state: string;
  payment_status: string;
  items_count: number;
  total: string;
  excluded: boolean;
  completed_at: string | null;
  open_lines: number;
};
type OrdersAnswer = { count: number; statuses: string[]; orders: OrderRow[] };

const DAY_MS = 86_400_000;

/** pages.md §25: Apex orders with search and a status filter; Complete/Cancelled/Delivered hidden unless asked. */
export function Orders() {
  const search = useSignal("");
  const status = useSignal("");
  const showHidden = useSignal(false);
  const q = new URLSearchParams({ include_hidden: showHidden.value ? "true" : "false" });
  if (status.value) q.set("status", status.value);
  const list = resources.use<OrdersAnswer>(`/api/packing/orders?${q}`, ["packing"]);
  const term = search.value.trim().toLowerCase();
  const rows = (list.data?.orders ?? []).filter(
    (o) => !term || [o.invoice_number, o.buyer_company, o.ship_name, o.ship_city].some((f) => f.toLowerCase().includes(term)),
  );
  const now = Date.now();
  return (
    <>
      <div class="pk-toolbar">
        <label class="field search">
          <span>Search invoice, buyer or city</span>
          <input
            type="search"
            value={search.value}
            onInput={(e) => {
              search.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field">
          <span>Status</span>
          <select
            value={status.value}
            onChange={(e) => {
              status.value = e.currentTarget.value;
            }}
          >
            <option value="">Any status</option>
            {(list.data?.statuses ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label class="field-check">
          <input
            type="checkbox"
            checked={showHidden.value}
            onChange={(e) => {
              showHidden.value = e.currentTarget.checked;
            }}
          />
          <span>Show Complete, Cancelled and Delivered</span>
        </label>
      </div>
      <DataNote loading={list.loading} error={list.error} fromCache={list.fromCache} hasData={list.data !== undefined} />
      {list.data && rows.length === 0 && <p class="empty">No order matches.</p>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="sr-only">Apex orders</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Date</th>
                <th scope="col">Status</th>
                <th scope="col">Buyer</th>
                <th scope="col">Ship to</th>
                <th scope="col">Payment</th>
                <th scope="col" class="num">
                  Items
                </th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col">Packing</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => {
                const isNew = now - Date.parse(o.order_date) < DAY_MS;
                return (
                  <tr key={o.id} class={isNew ? "pk-row-new" : undefined}>
                    <td>
                      {o.invoice_number || `#${o.id}`} {isNew && <span class="pk-badge pk-new">NEW</span>}
                    </td>
                    <td>{fmtDate(o.order_date)}</td>
                    <td>{o.order_status || "—"}</td>
                    <td>{o.buyer_company}</td>
                    <td>{[o.ship_name, [o.ship_city, o.ship_state].filter(Boolean).join(", ")].filter(Boolean).join(" · ")}</td>
                    <td>{o.payment_status || "—"}</td>
                    <td class="num">{fmtCount(o.items_count)}</td>
                    <td class="num">{o.total || "—"}</td>
                    <td>
                      {o.completed_at ? `Completed ${fmtDate(o.completed_at)}` : o.open_lines > 0 ? `${o.open_lines} open line(s)` : "—"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
