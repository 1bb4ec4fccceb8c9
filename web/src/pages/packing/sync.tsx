import { useSignal } from "@preact/signals";
import { api, resources, saveNow } from "../../app-state";
import { useDraft } from "../../components/draft";
import { DataNote } from "../../components/page";
import { fmtDateTime } from "../../format";
import { type IntervalSettings, SyncIntervals } from "./sync-intervals";

type SyncStatus = {
  last_run: { started_at: string; finished_at: string | null; outcome: string } | null;
  last_success_at: string | null;
  last_error: { at: string; message: string } | null;
  failing: boolean;
  consecutive_failures: number;
  stale: boolean;
  credits_used: { this_month: number; requests_this_month: number };
};
type MapEntry = {
  apex_batch_id: number;
  product_name: string;
  sku_key: string | null;
  grams_per_unit: number | null;
  last_quantity_sent: number | null;
  last_sent_at: string | null;
  is_push_target: boolean;
};
type BatchMap = { refreshed_at: string | null; stale: boolean; entries: MapEntry[]; unmatched_strains: string[] };
type Settings = IntervalSettings & { seller_license_number?: string; apex_status_writeback: boolean; inventory_push_enabled: boolean };
type Aliases = { aliases: { buyer_company: string; display_name: string }[]; stores: string[] };

/** pages.md §26 (admin): Apex connection and sync health, Sync now, the strain → batch map, store aliases. */
/** Saved when left; a packing refetch meanwhile (another tablet's edit) does not clear what is typed. */
function LicenceField(props: { value: string; onSave: (value: string) => void }) {
  const draft = useDraft<HTMLInputElement>(props.value);
  return (
    <label class="field">
      <span>Seller licence number (printed on delivery sheets)</span>
      <input type="text" maxLength={100} {...draft} onChange={(e) => props.onSave(e.currentTarget.value.trim())} />
    </label>
  );
}

export function SyncMapping() {
  const status = resources.use<SyncStatus>("/api/apex/sync-status", ["packing"]);
  const map = resources.use<BatchMap>("/api/apex/batch-map", ["packing"]);
  const aliases = resources.use<Aliases>("/api/packing/store-aliases", ["packing"]);
  const settings = resources.use<Settings>("/api/packing/settings", ["packing"]);
  const connection = useSignal<string | null>(null);
  const syncing = useSignal(false);
  const s = status.data;
  async function saveSetting(change: Partial<Settings>) {
    if (await saveNow("PUT", "/api/packing/settings", change, { success: "Setting saved" }))
      void resources.refresh("/api/packing/settings");
  }

  return (
    <>
      <section class="pk-panel" aria-labelledby="sync-health">
        <h2 id="sync-health">Sync health</h2>
        <DataNote loading={status.loading} error={status.error} fromCache={status.fromCache} hasData={s !== undefined} />
        {s && (
          <ul class="pk-health">
            <li class={s.failing || s.stale ? "pk-bad" : "pk-good"}>
              {s.failing ? `Failing (${s.consecutive_failures} in a row)` : s.stale ? "Stale: no recent successful sync" : "Healthy"}
            </li>
            <li>Last success: {fmtDateTime(s.last_success_at)}</li>
            <li>Last run: {s.last_run ? `${fmtDateTime(s.last_run.started_at)} (${s.last_run.outcome})` : "never"}</li>
            {s.last_error && (
              <li>
                Last error {fmtDateTime(s.last_error.at)}: {s.last_error.message}
              </li>
            )}
            <li>Apex credits this month: {s.credits_used.this_month}</li>
          </ul>
        )}
        <div class="row">
          <button
            type="button"
            class="btn btn-primary"
            disabled={syncing.value}
            onClick={async () => {
              syncing.value = true;
              await saveNow("POST", "/api/packing/refresh", undefined, { success: "Apex sync finished" });
              syncing.value = false;
              void resources.refresh("/api/apex/sync-status");
            }}
          >
            {syncing.value ? "Syncing…" : "Sync now"}
          </button>
          <button
            type="button"
            class="btn"
            onClick={async () => {
              connection.value = "Checking…";
              try {
                const r = await api.get<{ ok: boolean; error?: string }>("/api/apex/connection");
                connection.value = r.ok ? "Apex token accepted" : `Apex refused the token: ${r.error ?? "unknown"}`;
              } catch (e) {
                connection.value = (e as Error).message;
              }
            }}
          >
            Check connection
          </button>
          <span role="status">{connection.value}</span>
        </div>
        <p class="muted">The Apex token is a server secret: it is never shown here.</p>
      </section>
      <section class="pk-panel" aria-labelledby="batch-map">
        <h2 id="batch-map">Strain → Apex batch map</h2>
        <DataNote loading={map.loading} error={map.error} fromCache={map.fromCache} hasData={map.data !== undefined} />
        {map.data && map.data.unmatched_strains.length > 0 && (
          <p class="note note-warn">
            Unmatched strains: {map.data.unmatched_strains.join(", ")}. Fix the spelling, or create the batch in Apex.
          </p>
        )}
        <div class="row">
          <button
            type="button"
            class="btn"
            onClick={async () => {
              if (await saveNow("POST", "/api/apex/batch-map/refresh", undefined, { success: "Batch map refreshed" }))
                void resources.refresh("/api/apex/batch-map");
            }}
          >
            Refresh map (uses Apex credits)
          </button>
          <span class="muted">Refreshed {fmtDateTime(map.data?.refreshed_at)}</span>
        </div>
        {map.data && map.data.entries.length > 0 && (
          <div class="table-wrap">
            <table class="data-table">
              <thead>
                <tr>
                  <th scope="col">Apex batch</th>
                  <th scope="col">Product</th>
                  <th scope="col">SKU</th>
                  <th scope="col" class="num">
                    g / unit
                  </th>
                  <th scope="col" class="num">
                    Last sent
                  </th>
                  <th scope="col">Sent at</th>
                </tr>
              </thead>
              <tbody>
                {map.data.entries.map((e) => (
                  <tr key={e.apex_batch_id}>
                    <td>{e.apex_batch_id}</td>
                    <td>{e.product_name}</td>
                    <td>{e.sku_key ?? "—"}</td>
                    <td class="num">{e.grams_per_unit ?? "—"}</td>
                    <td class="num">{e.last_quantity_sent ?? "—"}</td>
                    <td>{fmtDateTime(e.last_sent_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="pk-panel" aria-labelledby="sync-settings">
        <h2 id="sync-settings">Settings</h2>
        {settings.data && (
          <div class="pk-filters">
            <LicenceField
              value={settings.data.seller_license_number ?? ""}
              onSave={(v) => void saveSetting({ seller_license_number: v })}
            />
            <label class="field-check">
              <input
                type="checkbox"
                checked={settings.data.inventory_push_enabled}
                onChange={(e) => void saveSetting({ inventory_push_enabled: e.currentTarget.checked })}
              />
              <span>Push available quantities to Apex</span>
            </label>
            <label class="field-check">
              <input
                type="checkbox"
                checked={settings.data.apex_status_writeback}
                onChange={(e) => void saveSetting({ apex_status_writeback: e.currentTarget.checked })}
              />
              <span>Set the Apex order status when an order is completed</span>
            </label>
            <SyncIntervals saved={settings.data} />
          </div>
        )}
      </section>
      <section class="pk-panel" aria-labelledby="aliases">
        <h2 id="aliases">Store names</h2>
        <DataNote loading={aliases.loading} error={aliases.error} fromCache={aliases.fromCache} hasData={aliases.data !== undefined} />
        {(aliases.data?.stores ?? []).map((buyer) => {
          const current = aliases.data?.aliases.find((a) => a.buyer_company === buyer)?.display_name ?? "";
          return (
            <label class="field" key={buyer}>
              <span>Display name for {buyer}</span>
              <input
                type="text"
                maxLength={200}
                value={current}
                onChange={async (e) => {
                  const v = e.currentTarget.value.trim();
                  const ok = v
                    ? await saveNow(
                        "PUT",
                        "/api/packing/store-aliases",
                        { buyer_company: buyer, display_name: v },
                        { success: "Store name saved" },
                      )
                    : await saveNow("DELETE", `/api/packing/store-aliases/${encodeURIComponent(buyer)}`, undefined, {
                        success: "Store name removed",
                      });
                  if (ok) void resources.refresh("/api/packing/store-aliases");
                }}
              />
            </label>
          );
        })}
      </section>
    </>
  );
}
