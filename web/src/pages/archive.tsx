import { useSignal } from "@preact/signals";
import type { BatchView } from "../../../src/contracts/batch-views";
import { resources, saveNow } from "../app-state";
import { DataNote, Page } from "../components/page";
import { fmtCount, fmtDate, fmtDecimal } from "../format";

const ARCHIVE = "/api/archive";
type SortKey = "strain" | "date" | "count";
const total = (b: BatchView) => b.counts_0_5 + b.counts_0_7 + b.counts_1_0;
const finishedAt = (b: BatchView) => b.production_end_time ?? b.updated_at;

/** Sorts a copy; strain A→Z, newest finish first, biggest count first, each reversible. */
export function sortArchive(list: readonly BatchView[], key: SortKey, ascending: boolean): BatchView[] {
  const dir = ascending ? 1 : -1;
  const by: Record<SortKey, (a: BatchView, b: BatchView) => number> = {
    strain: (a, b) => a.strain.localeCompare(b.strain),
    date: (a, b) => finishedAt(a).localeCompare(finishedAt(b)),
    count: (a, b) => total(a) - total(b),
  };
  return [...list].sort((a, b) => by[key](a, b) * dir);
}

/** pages.md §9: archived batches, search by strain, sort by column, unarchive. */
export default function Archive() {
  const archived = resources.use<BatchView[]>(ARCHIVE, ["batches"]);
  const search = useSignal("");
  const sort = useSignal<{ key: SortKey; ascending: boolean }>({ key: "date", ascending: false });
  const term = search.value.trim().toLowerCase();
  const rows = sortArchive(
    (archived.data ?? []).filter((b) => !term || b.strain.toLowerCase().includes(term)),
    sort.value.key,
    sort.value.ascending,
  );

  async function unarchive(b: BatchView) {
    if (
      await saveNow(
        "POST",
        `/api/archive/${encodeURIComponent(b.id)}`,
        { archive: false },
        { success: `${b.strain} is back on the dashboard` },
      )
    ) {
      resources.patch<BatchView[]>(ARCHIVE, (all) => all.filter((x) => x.id !== b.id));
    }
  }

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.value.key === key;
    return (
      <th scope="col" class={numeric ? "num" : undefined} aria-sort={active ? (sort.value.ascending ? "ascending" : "descending") : "none"}>
        <button
          type="button"
          class="sort-btn"
          onClick={() => {
            sort.value = { key, ascending: active ? !sort.value.ascending : key === "strain" };
          }}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.value.ascending ? " ▲" : " ▼") : ""}</span>
        </button>
      </th>
    );
  };

  return (
    <Page title="Archive">
      <label class="field search">
        <span>Search by strain</span>
        <input
          type="search"
          value={search.value}
          onInput={(e) => {
            search.value = e.currentTarget.value;
          }}
        />
      </label>
      <DataNote loading={archived.loading} error={archived.error} fromCache={archived.fromCache} hasData={archived.data !== undefined} />
      {archived.data && rows.length === 0 && (
        <p class="empty">{term ? "No archived batch matches this search." : "No archived batches yet."}</p>
      )}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="sr-only">Archived batches; column buttons sort the table.</caption>
            <thead>
              <tr>
                {header("strain", "Strain")}
                <th scope="col" class="num">
                  0.5 g
                </th>
                <th scope="col" class="num">
                  0.7 g
                </th>
                <th scope="col" class="num">
                  1.0 g
                </th>
                {header("count", "Total", true)}
                <th scope="col">Started</th>
                {header("date", "Finished")}
                <th scope="col" class="num">
                  Hours
                </th>
                <th scope="col" class="num">
                  THC %
                </th>
                <th scope="col">Centrifuge</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <a href={`/admin/batch/${encodeURIComponent(b.id)}`}>{b.strain}</a>
                  </th>
                  <td class="num">{fmtCount(b.counts_0_5)}</td>
                  <td class="num">{fmtCount(b.counts_0_7)}</td>
                  <td class="num">{fmtCount(b.counts_1_0)}</td>
                  <td class="num strong">{fmtCount(total(b))}</td>
                  <td>{fmtDate(b.production_start_time)}</td>
                  <td>{fmtDate(b.production_end_time)}</td>
                  <td class="num">{fmtDecimal(b.production_duration_hours ?? b.total_work_hours)}</td>
                  <td class="num">{fmtDecimal(b.thc_percent, "%")}</td>
                  <td>
                    {b.centrifuge_rpm
                      ? `${b.centrifuge_rpm} rpm · ${b.centrifuge_time_seconds ?? "—"} s · ×${b.centrifuge_cycles ?? 1}`
                      : "—"}
                  </td>
                  <td>
                    <button type="button" class="btn btn-small" aria-label={`Unarchive ${b.strain}`} onClick={() => void unarchive(b)}>
                      Unarchive
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
