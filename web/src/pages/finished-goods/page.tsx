import { useSignal } from "@preact/signals";
import { useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { resources } from "../../app-state";
import { CsvButton } from "../../components/csv-download";
import { DataNote, Page } from "../../components/page";
import { fmtCount } from "../../format";
import "../../styles/finished-goods.css";
import { AddPackageDialog } from "./add-package-dialog";
import { AmountDialog, CalcDialog } from "./amount-dialog";
import { ApexDialog } from "./apex-dialog";
import { HistoryDialog } from "./history-dialog";
import { MenuDialog } from "./menu-dialog";
import {
  type FgList,
  type Filters,
  filterPackages,
  fmtGrams,
  indexPackages,
  LIST_PATH,
  PACKAGE_CSV_HEADER,
  type Pkg,
  packageCsvRow,
  type StatusFilter,
  TOPICS,
} from "./model";
import { type CardAction, PackageCard } from "./package-card";
import { Reconcile } from "./reconcile";

/** Cards rendered per page: 500 packages stay fast because only a page of them is in the DOM. */
const PAGE_SIZE = 24;

type Open = { action: CardAction | "new"; metrc: string | null } | null;

/** pages.md §16: the finished-goods inventory. */
export default function FinishedGoods() {
  const list = resources.use<FgList>(LIST_PATH, TOPICS);
  const filters = useSignal<Filters>({ search: "", status: "all", showArchived: false, strain: "" });
  const limit = useSignal(PAGE_SIZE);
  const open = useSignal<Open>(null);
  const view = useSignal<"list" | "reconcile">("list");

  const packages = list.data?.packages;
  const index = useMemo(() => indexPackages(packages ?? []), [packages]);
  const strains = useMemo(() => [...new Set((packages ?? []).map((p) => p.strain))].sort((a, b) => a.localeCompare(b)), [packages]);
  const f = filters.value;
  const shown = useMemo(() => filterPackages(index, f), [index, f]);
  const visible = shown.slice(0, limit.value);
  const summary = list.data?.summary;
  useRenderMarks(packages !== undefined, shown);

  const setFilter = (change: Partial<Filters>) => {
    performance.mark("fg-filter-start");
    filters.value = { ...filters.value, ...change };
    limit.value = PAGE_SIZE;
  };
  const act = (action: CardAction, p: Pkg) => {
    open.value = { action, metrc: p.metrc_number };
  };
  // The dialog follows the live list, so its figures stay current while it is open.
  const target = open.value?.metrc ? packages?.find((p) => p.metrc_number === open.value?.metrc) : undefined;
  const close = () => {
    open.value = null;
  };

  return (
    <Page
      title="Finished Goods Inventory"
      actions={
        <>
          <button
            type="button"
            class="btn"
            aria-pressed={view.value === "reconcile"}
            onClick={() => {
              view.value = view.value === "list" ? "reconcile" : "list";
            }}
          >
            {view.value === "list" ? "Weekly Reconciliation" : "Back to Packages"}
          </button>
          <button type="button" class="btn btn-primary" onClick={() => (open.value = { action: "new", metrc: null })}>
            + Add Package
          </button>
        </>
      }
    >
      <DataNote loading={list.loading} error={list.error} fromCache={list.fromCache} hasData={list.data !== undefined} />
      {summary && (
        <dl class="fg-summary no-print" aria-label="Summary">
          <div>
            <dt>Active Packages</dt>
            <dd>{fmtCount(summary.active_packages)}</dd>
          </div>
          <div>
            <dt>Total Grams Available</dt>
            <dd>{fmtGrams(summary.total_available_grams)}</dd>
          </div>
          <div>
            <dt>Unique Strains</dt>
            <dd>{fmtCount(summary.total_strains)}</dd>
          </div>
          <div>
            <dt>Depleted</dt>
            <dd>{fmtCount(summary.depleted_packages)}</dd>
          </div>
          <div>
            <dt>Orphaned</dt>
            <dd>{fmtCount(summary.orphaned_packages)}</dd>
          </div>
        </dl>
      )}
      {view.value === "reconcile" && packages ? (
        <Reconcile packages={packages} summary={summary} onHistory={(p) => act("history", p)} />
      ) : (
        <>
          <div class="fg-filters">
            <label class="field">
              <span>Search packages</span>
              <input
                type="search"
                placeholder="METRC (full or last digits) or strain"
                value={f.search}
                onInput={(e) => setFilter({ search: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span>Status</span>
              <select value={f.status} onChange={(e) => setFilter({ status: e.currentTarget.value as StatusFilter })}>
                <option value="all">All Status</option>
                <option value="active">Active</option>
                <option value="depleted">Depleted</option>
                <option value="archived">Archived</option>
                <option value="orphaned">Orphaned</option>
              </select>
            </label>
            <label class="field">
              <span>Strain</span>
              <select value={f.strain} onChange={(e) => setFilter({ strain: e.currentTarget.value })}>
                <option value="">All strains</option>
                {strains.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label class="field-check">
              <input type="checkbox" checked={f.showArchived} onChange={(e) => setFilter({ showArchived: e.currentTarget.checked })} />
              <span>Show Archived / Orphaned</span>
            </label>
          </div>
          <div class="row fg-count-row">
            <p class="muted" aria-live="polite">
              {packages ? `${fmtCount(shown.length)} of ${fmtCount(packages.length)} packages` : ""}
            </p>
            <span class="push-right">
              <CsvButton name="finished-goods" header={PACKAGE_CSV_HEADER} rows={() => shown.map(packageCsvRow)} />
            </span>
          </div>
          {packages && shown.length === 0 && (
            <p class="empty">
              {packages.length === 0 ? "No packages yet: + Add Package creates the first." : "No package matches these filters."}
            </p>
          )}
          <ul class="cards fg-cards">
            {visible.map((p, i) => (
              // Keyed by position: a keystroke that changes which packages show patches the cards
              // already in the DOM instead of building new ones.
              <PackageCard key={i} pkg={p} onAction={act} />
            ))}
          </ul>
          {shown.length > visible.length && (
            <div class="row fg-more">
              <button type="button" class="btn" onClick={() => (limit.value += PAGE_SIZE)}>
                Show {Math.min(PAGE_SIZE, shown.length - visible.length)} more ({fmtCount(shown.length - visible.length)} not shown)
              </button>
            </div>
          )}
        </>
      )}
      {open.value?.action === "new" && <AddPackageDialog onClose={close} />}
      {target && open.value?.action === "calc" && <CalcDialog pkg={target} onClose={close} />}
      {target && (open.value?.action === "add" || open.value?.action === "deduct") && (
        <AmountDialog pkg={target} kind={open.value.action} onClose={close} />
      )}
      {target && open.value?.action === "history" && <HistoryDialog pkg={target} onClose={close} />}
      {target && open.value?.action === "apex" && <ApexDialog pkg={target} skus={list.data?.settings.skus ?? []} onClose={close} />}
      {target && open.value?.action === "menu" && (
        <MenuDialog pkg={target} onClose={close} onHistory={() => (open.value = { action: "history", metrc: target.metrc_number })} />
      )}
    </Page>
  );
}

/**
 * Performance marks for test/bench/finished-goods-500.mjs: the first render with data
 * ("fg-first-render") and each filter change up to its commit ("fg-filter").
 */
function useRenderMarks(hasData: boolean, shown: readonly Pkg[]) {
  const first = useRef<"waiting" | "rendering" | "done">("waiting");
  if (hasData && first.current === "waiting") {
    first.current = "rendering";
    performance.mark("fg-first-render-start");
  }
  useLayoutEffect(() => {
    if (first.current === "rendering") {
      first.current = "done";
      performance.measure("fg-first-render", "fg-first-render-start");
    } else if (performance.getEntriesByName("fg-filter-start", "mark").length) {
      performance.measure("fg-filter", "fg-filter-start");
      performance.clearMarks("fg-filter-start");
    }
  }, [hasData, shown]);
}
