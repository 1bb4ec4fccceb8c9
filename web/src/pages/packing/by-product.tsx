import { resources } from "../../app-state";
import { DataNote } from "../../components/page";
import { fmtCount } from "../../format";
import { Filters, useFilter } from "./filters";
import { itemsPath, type Line } from "./model";
import { RollToday } from "./roll-today";

type Product = {
  strain: string;
  sku_key: string;
  compact_display_name: string;
  ordered: number;
  packed: number;
  needs_packing: number;
  needs_production: number;
  stores: Line[];
};

/** pages.md §23: the same lines by product: totals, what still needs making, and which stores want it. */
export function ByProduct() {
  const filter = useFilter();
  const list = resources.use<{ products?: Product[] }>(itemsPath("by_product", filter.value), ["packing"]);
  const products = list.data?.products ?? [];
  return (
    <>
      <RollToday />
      <div class="pk-toolbar no-print">
        <Filters filter={filter} csvHref={itemsPath("by_product", filter.value, "csv")} />
      </div>
      <DataNote loading={list.loading} error={list.error} fromCache={list.fromCache} hasData={list.data !== undefined} />
      {list.data && products.length === 0 && <p class="empty">No open packing lines.</p>}
      {products.length > 0 && (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="sr-only">Open demand by product</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" class="num">
                  Ordered
                </th>
                <th scope="col" class="num">
                  Packed
                </th>
                <th scope="col" class="num">
                  Needs packing
                </th>
                <th scope="col" class="num">
                  Needs production
                </th>
                <th scope="col">Stores</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={`${p.strain}|${p.sku_key}|${p.compact_display_name}`}>
                  <th scope="row">{p.compact_display_name}</th>
                  <td class="num">{fmtCount(p.ordered)}</td>
                  <td class="num">{fmtCount(p.packed)}</td>
                  <td class="num">{fmtCount(p.needs_packing)}</td>
                  <td class={p.needs_production > 0 ? "num pk-warn" : "num"}>{fmtCount(p.needs_production)}</td>
                  <td>
                    {p.stores.map((l) => `${l.store_name} ${fmtCount(l.packed)}/${fmtCount(l.ordered)} (${l.invoice_number})`).join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
