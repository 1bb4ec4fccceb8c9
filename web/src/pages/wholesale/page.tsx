import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { resources, saveNow } from "../../app-state";
import { CsvButton } from "../../components/csv-download";
import { Confirm } from "../../components/dialog";
import { DataNote, Page } from "../../components/page";
import { isPhone } from "../../data/media";
import { fmtCount, fmtDateTime, fmtDecimal } from "../../format";
import "../../styles/wholesale.css";
import { CompleteHoldDialog, HoldDialog } from "./hold-dialogs";
import { HOLDS_PATH, type Hold, type Holds, type HoldTarget, INVENTORY_PATH, type Inventory, TOPICS, tail } from "./model";

/** pages.md §17: what the sales team can still promise, by strain, and the holds they placed. */
export default function Wholesale() {
  const inventory = resources.use<Inventory>(INVENTORY_PATH, TOPICS);
  const holds = resources.use<Holds>(HOLDS_PATH, TOPICS);
  const search = useSignal("");
  const holding = useSignal<HoldTarget | null>(null);
  const releasing = useSignal<Hold | null>(null);
  const completing = useSignal<Hold | null>(null);

  const term = search.value.trim().toLowerCase();
  const strains = useMemo(
    () =>
      (inventory.data?.strains ?? []).filter(
        (s) => !term || s.strain.toLowerCase().includes(term) || s.packages.some((p) => p.metrc_number.toLowerCase().includes(term)),
      ),
    [inventory.data, term],
  );
  const holdList = holds.data?.holds ?? [];

  async function release(h: Hold) {
    releasing.value = null;
    if (await saveNow("DELETE", `/api/wholesale/hold/${encodeURIComponent(h.id)}`, undefined, { success: "Hold released" })) {
      await Promise.all([resources.refresh(HOLDS_PATH), resources.refresh(INVENTORY_PATH)]);
    }
  }

  return (
    <Page title="Wholesale Inventory">
      <DataNote
        loading={inventory.loading}
        error={inventory.error}
        fromCache={inventory.fromCache}
        hasData={inventory.data !== undefined}
      />
      <div class="row ws-tools">
        <label class="field search">
          <span>Search strain or METRC</span>
          <input
            type="search"
            value={search.value}
            onInput={(e) => {
              search.value = e.currentTarget.value;
            }}
          />
        </label>
        <span class="push-right">
          <CsvButton
            name="wholesale-inventory"
            label="Export Inventory CSV"
            header={["strain", "metrc_number", "sku", "units", "held", "available"]}
            rows={() =>
              strains.flatMap((s) =>
                s.packages.flatMap((p) =>
                  Object.entries(p.skus).map(([sku, f]) => [s.strain, p.metrc_number, sku, f.units, f.held, f.available]),
                ),
              )
            }
          />
        </span>
      </div>
      {inventory.data && strains.length === 0 && (
        <p class="empty">{term ? "No strain matches this search." : "No active packages to sell right now."}</p>
      )}
      <ul class="cards ws-strains">
        {strains.map((s) => {
          const id = `ws-${s.strain.replace(/[^A-Za-z0-9]+/g, "-")}`;
          return (
            <li key={s.strain}>
              <article class="card" aria-labelledby={id}>
                <div class="card-head">
                  <h2 id={id} class="ws-strain">
                    {s.strain}
                  </h2>
                  <span class="muted">{fmtDecimal(s.available_grams, " g")} available</span>
                </div>
                {s.packages.map((p) => (
                  <section key={p.metrc_number} class="ws-package" aria-label={`Package ${p.metrc_number}`}>
                    <h3 class="ws-mono">
                      METRC {tail(p.metrc_number)} <span class="sr-only">({p.metrc_number})</span>
                    </h3>
                    <ul class="ws-skus">
                      {Object.entries(p.skus).map(([sku, f]) => (
                        <li key={sku} class="ws-sku">
                          <span class="ws-sku-name">{sku}</span>
                          <span class="ws-units">
                            <strong>{fmtCount(f.available)}</strong> units
                          </span>
                          <span class="ws-held">{f.held > 0 ? `${fmtCount(f.held)} held` : ""}</span>
                          <button
                            type="button"
                            class="btn btn-primary"
                            disabled={f.available <= 0}
                            aria-label={`Hold ${sku} of ${s.strain} ${tail(p.metrc_number)}`}
                            onClick={() => {
                              holding.value = { strain: s.strain, metrc: p.metrc_number, sku, available: f.available };
                            }}
                          >
                            Hold
                          </button>
                        </li>
                      ))}
                    </ul>
                  </section>
                ))}
              </article>
            </li>
          );
        })}
      </ul>

      <section class="ws-holds" aria-labelledby="holds-title">
        <div class="row">
          <h2 id="holds-title">Holds ({fmtCount(holdList.length)})</h2>
          {holdList.length > 0 && (
            <span class="push-right">
              <CsvButton
                name="wholesale-holds"
                label="Export Holds CSV"
                header={["hold_id", "strain", "metrc_number", "sku", "quantity", "notes", "created_date"]}
                rows={() => holdList.map((h) => [h.id, h.strain, h.metrc_number, h.sku_name, h.quantity, h.notes, h.created_date])}
              />
            </span>
          )}
        </div>
        <DataNote loading={holds.loading} error={holds.error} fromCache={holds.fromCache} hasData={holds.data !== undefined} />
        {holds.data && holdList.length === 0 && <p class="empty">No holds.</p>}
        {holdList.length > 0 && isPhone.value && (
          <ul class="cards">
            {holdList.map((h) => (
              <li key={h.id} class="card">
                <div class="card-head">
                  <h3>{h.strain ?? "—"}</h3>
                  <strong>
                    {fmtCount(h.quantity)} × {h.sku_name}
                  </strong>
                </div>
                <p class="muted">
                  <span class="ws-mono">{tail(h.metrc_number)}</span> · {fmtDateTime(h.created_date)}
                </p>
                {h.notes && <p>{h.notes}</p>}
                <HoldButtons hold={h} onRelease={() => (releasing.value = h)} onComplete={() => (completing.value = h)} />
              </li>
            ))}
          </ul>
        )}
        {holdList.length > 0 && !isPhone.value && (
          <div class="table-wrap">
            <table class="data-table">
              <caption class="sr-only">Wholesale holds</caption>
              <thead>
                <tr>
                  <th scope="col">Strain</th>
                  <th scope="col">METRC</th>
                  <th scope="col">SKU</th>
                  <th scope="col" class="num">
                    Quantity
                  </th>
                  <th scope="col">Notes</th>
                  <th scope="col">Created</th>
                  <th scope="col">
                    <span class="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {holdList.map((h) => (
                  <tr key={h.id}>
                    <th scope="row">{h.strain ?? "—"}</th>
                    <td class="ws-mono">{tail(h.metrc_number)}</td>
                    <td>{h.sku_name}</td>
                    <td class="num">{fmtCount(h.quantity)}</td>
                    <td>{h.notes}</td>
                    <td>{fmtDateTime(h.created_date)}</td>
                    <td>
                      <HoldButtons hold={h} onRelease={() => (releasing.value = h)} onComplete={() => (completing.value = h)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {holding.value && (
        <HoldDialog
          target={holding.value}
          onClose={() => {
            holding.value = null;
          }}
        />
      )}
      {completing.value && (
        <CompleteHoldDialog
          hold={completing.value}
          onClose={() => {
            completing.value = null;
          }}
        />
      )}
      {releasing.value && (
        <Confirm
          title="Release hold?"
          message={`Release ${releasing.value.quantity} × ${releasing.value.sku_name} of ${releasing.value.strain ?? releasing.value.metrc_number}? The units become available again.`}
          confirmLabel="Release Hold"
          onConfirm={() => {
            if (releasing.value) void release(releasing.value);
          }}
          onCancel={() => {
            releasing.value = null;
          }}
        />
      )}
    </Page>
  );
}

function HoldButtons(props: { hold: Hold; onRelease: () => void; onComplete: () => void }) {
  const what = `${props.hold.quantity} × ${props.hold.sku_name} ${props.hold.strain ?? ""}`.trim();
  return (
    <div class="actions">
      <button type="button" class="btn btn-small" aria-label={`Release hold ${what}`} onClick={props.onRelease}>
        Release
      </button>
      <button type="button" class="btn btn-small" aria-label={`Complete Order ${what}`} onClick={props.onComplete}>
        Complete Order
      </button>
    </div>
  );
}
