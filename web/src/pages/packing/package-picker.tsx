import { resources } from "../../app-state";
import { Dialog } from "../../components/dialog";
import { DataNote } from "../../components/page";
import { fmtDate, fmtDecimal } from "../../format";
import { saveLine } from "./edits";
import { type Line, type PackageOption, packagesFor } from "./model";

const PACKAGES = "/api/finished-goods?status=active";

/** Active packages of the line's strain with their available grams, oldest first; FIFO suggestion marked. */
export function PackagePicker({ line, onClose }: { line: Line; onClose: () => void }) {
  const list = resources.use<{ packages: PackageOption[] }>(PACKAGES, ["finished-goods"]);
  const needed = Math.max(0, line.ordered - line.packed) * (line.grams_per_unit ?? 0);
  const { options, suggested } = packagesFor(line, list.data?.packages ?? [], needed);
  const name = line.compact_display_name || line.product_name;
  const choose = (metrc: string) => {
    if (metrc !== line.batch_name) saveLine(line, { batch_name: metrc }, `Package ${metrc} for ${name}`);
    onClose();
  };
  return (
    <Dialog title={`METRC package for ${name}`} onClose={onClose} wide>
      <p class="muted">
        This line still needs {fmtDecimal(needed, " g")}. Packages are listed oldest first; the suggestion is the oldest one that holds
        enough.
      </p>
      <DataNote loading={list.loading} error={list.error} fromCache={list.fromCache} hasData={list.data !== undefined} />
      {list.data && options.length === 0 && <p class="empty">No active package of this strain. Create one in Finished Goods.</p>}
      {options.length > 0 && (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="sr-only">Active packages of {line.strain || name}</caption>
            <thead>
              <tr>
                <th scope="col">METRC package</th>
                <th scope="col">Created</th>
                <th scope="col" class="num">
                  Available
                </th>
                <th scope="col">
                  <span class="sr-only">Choose</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {options.map((p) => (
                <tr key={p.metrc_number} class={p.available_grams < needed ? "pk-short" : undefined}>
                  <td>
                    <code>{p.metrc_number}</code>
                    {p.metrc_number === suggested && <span class="pk-badge">FIFO suggestion</span>}
                    {p.metrc_number === line.batch_name && <span class="pk-badge">Current</span>}
                  </td>
                  <td>{fmtDate(p.created_date)}</td>
                  <td class="num">{fmtDecimal(p.available_grams, " g")}</td>
                  <td>
                    <button
                      type="button"
                      class="btn btn-small"
                      aria-label={`Use ${p.metrc_number}`}
                      disabled={p.metrc_number === line.batch_name}
                      onClick={() => choose(p.metrc_number)}
                    >
                      Use
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {line.metrc_source === "manual" && (
        <div class="row end">
          <button type="button" class="btn" onClick={() => choose("")}>
            Back to Apex / automatic
          </button>
        </div>
      )}
    </Dialog>
  );
}
