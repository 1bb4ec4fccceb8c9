import { resources } from "../../app-state";
import { DataNote } from "../../components/page";
import { fmtCount, fmtDate, fmtDecimal } from "../../format";

type Row = {
  strain_key: string;
  strain: string;
  size: "0_5" | "0_7" | "1_0";
  earliest_due: string;
  demand_prerolls: number;
  covered_by_stock: number;
  rolling: number;
  to_make: number;
  hours: number;
};
type Plan = {
  rows: Row[];
  cones: { size: Row["size"]; needed: number; stock: number; short: number }[];
  total_to_make: number;
  total_hours: number;
};

const size = (s: Row["size"]) => `${s.replace("_", ".")} g`;

/** "What to roll today" (formula in the README): one printable sheet for the floor lead. */
export function RollToday() {
  const plan = resources.use<Plan>("/api/packing/roll-today", ["packing", "finished-goods", "batches", "inventory"]);
  const p = plan.data;
  const rows = (p?.rows ?? []).filter((r) => r.to_make > 0);
  return (
    <section class="pk-panel pk-roll" aria-labelledby="roll-today">
      <div class="pk-roll-head">
        <h2 id="roll-today">What to roll today</h2>
        <button type="button" class="btn no-print" onClick={() => window.print()}>
          Print sheet
        </button>
      </div>
      <DataNote loading={plan.loading} error={plan.error} fromCache={plan.fromCache} hasData={p !== undefined} />
      {p && (
        <p>
          <strong>{fmtCount(p.total_to_make)}</strong> pre-rolls to make, about <strong>{fmtDecimal(p.total_hours)} h</strong> at the
          strains' projected rates.
        </p>
      )}
      {p?.cones
        .filter((c) => c.short > 0)
        .map((c) => (
          <p class="note note-warn" key={c.size}>
            Cones short for {size(c.size)}: {fmtCount(c.needed)} needed, {fmtCount(c.stock)} in stock ({fmtCount(c.short)} short).
          </p>
        ))}
      {p && rows.length === 0 && <p class="empty">Nothing to roll: finished goods and batches in progress cover every open order.</p>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table class="data-table pk-print-table">
            <caption class="sr-only">Pre-rolls to make, earliest delivery first</caption>
            <thead>
              <tr>
                <th scope="col">Strain</th>
                <th scope="col">Size</th>
                <th scope="col">Earliest due</th>
                <th scope="col" class="num">
                  Open demand
                </th>
                <th scope="col" class="num">
                  From stock
                </th>
                <th scope="col" class="num">
                  Rolling now
                </th>
                <th scope="col" class="num">
                  To make
                </th>
                <th scope="col" class="num">
                  Hours
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.strain_key}|${r.size}`}>
                  <th scope="row">{r.strain}</th>
                  <td>{size(r.size)}</td>
                  <td>{fmtDate(r.earliest_due)}</td>
                  <td class="num">{fmtCount(r.demand_prerolls)}</td>
                  <td class="num">{fmtCount(r.covered_by_stock)}</td>
                  <td class="num">{fmtCount(r.rolling)}</td>
                  <td class="num strong">{fmtCount(r.to_make)}</td>
                  <td class="num">{fmtDecimal(r.hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
