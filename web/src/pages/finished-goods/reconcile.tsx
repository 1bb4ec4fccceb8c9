import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { Summary } from "../../../../src/domain/package-summary";
import { api, resources } from "../../app-state";
import { CsvButton } from "../../components/csv-download";
import { NetworkError } from "../../data/api";
import { toast } from "../../data/toasts";
import { fmtGrams, isLive, LIST_PATH, type Pkg, pkgPath } from "./model";

const COUNT_KEY = "prt-fg-count";
type Count = { counted: string; reason: string };

/** The shelf count in progress survives a reload on this device until it is applied. */
function loadCounts(): Record<string, Count> {
  try {
    return JSON.parse(localStorage.getItem(COUNT_KEY) ?? "{}") as Record<string, Count>;
  } catch {
    return {};
  }
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The weekly reconciliation of pages.md §16 on one screen: compare totals with METRC, print the
 * count sheet, enter the shelf count, set physical overrides for the differences with their reason
 * (also written into the package notes), then review each package's history.
 */
export function Reconcile(props: { packages: readonly Pkg[]; summary: Summary | undefined; onHistory: (p: Pkg) => void }) {
  const counts = useSignal<Record<string, Count>>(loadCounts());
  const busy = useSignal<string | null>(null);
  const rows = useMemo(
    () => props.packages.filter(isLive).sort((a, b) => a.strain.localeCompare(b.strain) || a.metrc_number.localeCompare(b.metrc_number)),
    [props.packages],
  );
  const systemTotal = rows.reduce((sum, p) => sum + p.effective_grams, 0);

  function setCount(metrc: string, change: Partial<Count>) {
    const next = { ...counts.value, [metrc]: { counted: "", reason: "", ...counts.value[metrc], ...change } };
    counts.value = next;
    localStorage.setItem(COUNT_KEY, JSON.stringify(next));
  }

  const diffOf = (p: Pkg): number | null => {
    const text = counts.value[p.metrc_number]?.counted.trim() ?? "";
    if (text === "" || !Number.isFinite(Number(text))) return null;
    return Math.round((Number(text) - p.effective_grams) * 10) / 10;
  };
  const differing = rows.filter((p) => {
    const d = diffOf(p);
    return d !== null && d !== 0;
  });

  async function apply(p: Pkg): Promise<boolean> {
    const count = counts.value[p.metrc_number];
    if (!count) return false;
    const reason = count.reason.trim() || "weekly shelf count";
    busy.value = p.metrc_number;
    try {
      await api.write("POST", pkgPath(p.metrc_number, "/physical-override"), { physical_grams: Number(count.counted), reason });
      const line = `[Count ${today()}] ${fmtGrams(Number(count.counted))} on the shelf vs ${fmtGrams(p.current_grams)} in the system: ${reason}`;
      await api.write("PUT", pkgPath(p.metrc_number), { notes: p.notes ? `${p.notes}\n${line}` : line, reason });
      const { [p.metrc_number]: _done, ...rest } = counts.value;
      counts.value = rest;
      localStorage.setItem(COUNT_KEY, JSON.stringify(rest));
      return true;
    } catch (err) {
      toast(`${p.strain}: ${err instanceof NetworkError ? "no connection, not saved" : (err as Error).message}`, "error");
      return false;
    } finally {
      busy.value = null;
    }
  }

  async function applyAll() {
    let done = 0;
    for (const p of differing) if (await apply(p)) done++;
    if (done) toast(`Physical overrides set on ${done} package(s)`, "success");
    await resources.refresh(LIST_PATH);
  }

  return (
    <section class="fg-reconcile" aria-labelledby="recon-title">
      <h2 id="recon-title">Weekly Reconciliation</h2>
      <ol class="fg-steps no-print">
        <li>
          Compare the totals with METRC: {rows.length} live packages, {fmtGrams(props.summary?.total_grams)} on record,{" "}
          {fmtGrams(props.summary?.total_available_grams)} available.
        </li>
        <li>Print the count sheet and count the shelf.</li>
        <li>Enter each counted weight below; differences are highlighted.</li>
        <li>Set a physical override for each difference, with its reason (also added to the package notes).</li>
        <li>Review each package's history.</li>
      </ol>
      <div class="row no-print">
        <button type="button" class="btn" onClick={() => window.print()}>
          Print Count Sheet
        </button>
        <CsvButton
          name="count-sheet"
          label="Export Count Sheet CSV"
          header={["metrc_number", "strain", "system_grams", "effective_grams", "counted_grams", "difference", "reason"]}
          rows={() =>
            rows.map((p) => [
              p.metrc_number,
              p.strain,
              p.current_grams,
              p.effective_grams,
              counts.value[p.metrc_number]?.counted ?? "",
              diffOf(p),
              counts.value[p.metrc_number]?.reason ?? "",
            ])
          }
        />
        <button type="button" class="btn btn-primary" disabled={differing.length === 0 || busy.value !== null} onClick={applyAll}>
          Set Overrides for {differing.length} Difference{differing.length === 1 ? "" : "s"}
        </button>
      </div>
      <p class="print-only">
        Count sheet · {today()} · {rows.length} packages · system total {fmtGrams(systemTotal)}
      </p>
      <div class="table-wrap">
        <table class="data-table fg-count-table">
          <caption class="sr-only">Count sheet: one row per live package</caption>
          <thead>
            <tr>
              <th scope="col">METRC</th>
              <th scope="col">Strain</th>
              <th scope="col" class="num">
                System
              </th>
              <th scope="col">Counted (g)</th>
              <th scope="col" class="num">
                Difference
              </th>
              <th scope="col">Reason</th>
              <th scope="col" class="no-print">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const d = diffOf(p);
              const count = counts.value[p.metrc_number];
              return (
                <tr key={p.metrc_number} class={d ? "fg-diff" : undefined}>
                  <td class="fg-mono">{p.metrc_number}</td>
                  <th scope="row">{p.strain}</th>
                  <td class="num">{fmtGrams(p.effective_grams)}</td>
                  <td>
                    <label class="field">
                      <span class="sr-only">
                        Counted grams for {p.strain} {p.metrc_number.slice(-5)}
                      </span>
                      <input
                        type="number"
                        min="0"
                        step="any"
                        class="fg-count-input"
                        value={count?.counted ?? ""}
                        onInput={(e) => setCount(p.metrc_number, { counted: e.currentTarget.value })}
                      />
                    </label>
                  </td>
                  <td class="num">{d === null ? "" : `${d > 0 ? "+" : ""}${fmtGrams(d)}`}</td>
                  <td>
                    <label class="field">
                      <span class="sr-only">
                        Reason for {p.strain} {p.metrc_number.slice(-5)}
                      </span>
                      <input
                        type="text"
                        maxLength={500}
                        value={count?.reason ?? ""}
                        onInput={(e) => setCount(p.metrc_number, { reason: e.currentTarget.value })}
                      />
                    </label>
                  </td>
                  <td class="no-print">
                    <div class="actions">
                      <button
                        type="button"
                        class="btn btn-small"
                        disabled={!d || busy.value !== null}
                        onClick={async () => {
                          if (await apply(p)) {
                            toast(`Physical override set for ${p.strain}`, "success");
                            await resources.refresh(LIST_PATH);
                          }
                        }}
                      >
                        Set Override
                      </button>
                      <button type="button" class="btn btn-small" onClick={() => props.onHistory(p)}>
                        History
                      </button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td class="num">{fmtGrams(systemTotal)}</td>
              <td colSpan={4} />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
