import { useSignal } from "@preact/signals";
import { resources } from "../../app-state";
import { DataNote } from "../../components/page";
import { fmtCount, fmtDate, fmtDateTime, fmtDecimal } from "../../format";
import { matchesSearch } from "./model";

type ArchiveRow = {
  id: number;
  store_name: string;
  product_name: string;
  compact_display_name: string;
  ordered: number;
  packed: number;
  initials: string;
  invoice_number: string;
  batch_name: string;
  completion_date: string;
  grams_fulfilled: number;
  verified_tag: string;
  verified_by: string;
  verified_at: string | null;
};
type ArchiveAnswer = { count: number; weeks: { week: string; count: number; items: ArchiveRow[] }[] };

const ARCHIVE = "/api/packing/archive";

/** pages.md §24: completed lines by ISO week, with search, scan verification and CSV export. */
export function History() {
  const archive = resources.use<ArchiveAnswer>(ARCHIVE, ["packing"]);
  const search = useSignal("");
  const term = search.value.trim();
  const weeks = (archive.data?.weeks ?? [])
    .map((w) => ({
      ...w,
      items: w.items.filter((r) =>
        matchesSearch(term, r.store_name, r.invoice_number, r.compact_display_name, r.product_name, r.batch_name, r.initials),
      ),
    }))
    .filter((w) => w.items.length > 0);
  return (
    <>
      <div class="pk-toolbar no-print">
        <label class="field search">
          <span>Search store, invoice, product or package</span>
          <input
            type="search"
            value={search.value}
            onInput={(e) => {
              search.value = e.currentTarget.value;
            }}
          />
        </label>
        <a class="btn" href={`${ARCHIVE}?format=csv`} download>
          Export CSV
        </a>
      </div>
      <DataNote loading={archive.loading} error={archive.error} fromCache={archive.fromCache} hasData={archive.data !== undefined} />
      {archive.data && weeks.length === 0 && (
        <p class="empty">{term ? "Nothing in history matches this search." : "No completed orders yet."}</p>
      )}
      {weeks.map((w) => (
        <section key={w.week} class="pk-week" aria-labelledby={`week-${w.week}`}>
          <h2 id={`week-${w.week}`}>
            Week {w.week} <span class="muted">({fmtCount(w.items.length)} lines)</span>
          </h2>
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Completed</th>
                  <th scope="col">Store</th>
                  <th scope="col">Invoice</th>
                  <th scope="col">Product</th>
                  <th scope="col" class="num">
                    Ordered
                  </th>
                  <th scope="col" class="num">
                    Packed
                  </th>
                  <th scope="col">Initials</th>
                  <th scope="col">METRC package</th>
                  <th scope="col" class="num">
                    Grams
                  </th>
                  <th scope="col">Scan verified</th>
                </tr>
              </thead>
              <tbody>
                {w.items.map((r) => (
                  <tr key={r.id}>
                    <td>{fmtDate(r.completion_date)}</td>
                    <td>{r.store_name}</td>
                    <td>{r.invoice_number}</td>
                    <td>{r.compact_display_name || r.product_name}</td>
                    <td class="num">{fmtCount(r.ordered)}</td>
                    <td class="num">{fmtCount(r.packed)}</td>
                    <td>{r.initials}</td>
                    <td>
                      <code>{r.batch_name || "—"}</code>
                    </td>
                    <td class="num">{fmtDecimal(r.grams_fulfilled)}</td>
                    <td>{r.verified_tag ? `✔ ${r.verified_by || "—"} · ${fmtDateTime(r.verified_at)}` : "Not scanned"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
