import { useSignal } from "@preact/signals";
import { api, resources } from "../../app-state";
import { Dialog, FormActions } from "../../components/dialog";
import { toast } from "../../data/toasts";
import { fmtCount } from "../../format";
import { LIST_PATH, type Pkg, pkgPath, type SkuInfo } from "./model";

type Row = { key: string; name: string; custom: boolean; excluded: boolean; mode: "auto" | "manual"; manual: string };
type CustomDef = { display_name?: string; name?: string; grams_per_unit?: number };

function rowsOf(pkg: Pkg, skus: readonly SkuInfo[]): Row[] {
  const stored = (pkg.apex_sku_settings ?? {}) as Record<string, { excluded?: boolean; manual_units?: number | null }>;
  const custom = (pkg.custom_skus ?? {}) as Record<string, CustomDef>;
  const all = [
    ...skus.map((s) => ({ key: s.sku_key, name: s.display_name, custom: false })),
    ...Object.entries(custom).map(([key, def]) => ({ key, name: def.display_name ?? def.name ?? key, custom: true })),
  ];
  return all.map((s) => {
    const setting = stored[s.key] ?? stored[s.name] ?? {};
    const manual = typeof setting.manual_units === "number" ? setting.manual_units : null;
    return {
      ...s,
      excluded: setting.excluded === true,
      mode: manual === null ? "auto" : "manual",
      manual: manual === null ? "" : String(manual),
    };
  });
}

/** Apex settings: per SKU exclude, auto-calculate or manual units, and custom SKUs. */
export function ApexDialog(props: { pkg: Pkg; skus: readonly SkuInfo[]; onClose: () => void }) {
  const p = props.pkg;
  const rows = useSignal<Row[]>(rowsOf(p, props.skus));
  const newName = useSignal("");
  const newGrams = useSignal("");
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const units = p.apex_calculated_units as Record<string, number>;

  const update = (key: string, change: Partial<Row>) => {
    rows.value = rows.value.map((r) => (r.key === key ? { ...r, ...change } : r));
  };

  async function attempt(work: () => Promise<unknown>, success: string, close = false) {
    error.value = null;
    busy.value = true;
    try {
      await work();
      toast(success, "success");
      await resources.refresh(LIST_PATH);
      if (close) props.onClose();
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  function save(e: Event) {
    e.preventDefault();
    const settings: Record<string, { excluded: boolean; manual_units: number | null }> = {};
    for (const r of rows.value) {
      const manual = r.mode === "manual" && r.manual.trim() !== "" ? Number(r.manual) : null;
      if (manual !== null && (!Number.isInteger(manual) || manual < 0)) {
        error.value = `${r.name}: manual units must be a whole number of 0 or more`;
        return;
      }
      settings[r.key] = { excluded: r.excluded, manual_units: manual };
    }
    void attempt(
      () => api.write("POST", pkgPath(p.metrc_number, "/apex-settings"), { settings, auto_calculate: true }),
      "Apex settings saved",
      true,
    );
  }

  function addCustom() {
    const name = newName.value.trim();
    const grams = Number(newGrams.value);
    if (!name || !Number.isFinite(grams) || grams <= 0) {
      error.value = "A custom SKU needs a name and grams per unit above 0";
      return;
    }
    void attempt(
      () =>
        api.write("PUT", pkgPath(p.metrc_number, "/custom-skus"), {
          sku_key: name,
          sku_def: { display_name: name, grams_per_unit: grams },
        }),
      `Custom SKU ${name} added`,
    ).then(() => {
      if (error.value) return;
      rows.value = [...rows.value, { key: name, name, custom: true, excluded: false, mode: "auto", manual: "" }];
      newName.value = "";
      newGrams.value = "";
    });
  }

  function removeCustom(key: string) {
    void attempt(
      () => api.write("DELETE", pkgPath(p.metrc_number, `/custom-skus/${encodeURIComponent(key)}`)),
      `Custom SKU ${key} removed`,
    ).then(() => {
      if (!error.value) rows.value = rows.value.filter((r) => r.key !== key);
    });
  }

  return (
    <Dialog title={`Apex Settings · ${p.strain}`} onClose={props.onClose} wide>
      <form class="form" onSubmit={save}>
        <div class="table-wrap">
          <table class="data-table">
            <caption class="sr-only">One row per SKU</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col" class="num">
                  Units now
                </th>
                <th scope="col">Exclude</th>
                <th scope="col">Units from</th>
                <th scope="col">Manual units</th>
                <th scope="col">
                  <span class="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.value.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.name}</th>
                  <td class="num">{fmtCount(units[r.name])}</td>
                  <td>
                    <label class="field-check">
                      <input type="checkbox" checked={r.excluded} onChange={(e) => update(r.key, { excluded: e.currentTarget.checked })} />
                      <span class="sr-only">Exclude {r.name}</span>
                    </label>
                  </td>
                  <td>
                    <label class="field">
                      <span class="sr-only">Units from for {r.name}</span>
                      <select value={r.mode} onChange={(e) => update(r.key, { mode: e.currentTarget.value as Row["mode"] })}>
                        <option value="auto">auto_calculate</option>
                        <option value="manual">manual_units</option>
                      </select>
                    </label>
                  </td>
                  <td>
                    <label class="field">
                      <span class="sr-only">Manual units for {r.name}</span>
                      <input
                        type="number"
                        min="0"
                        step="1"
                        disabled={r.mode !== "manual"}
                        value={r.manual}
                        onInput={(e) => update(r.key, { manual: e.currentTarget.value })}
                      />
                    </label>
                  </td>
                  <td>
                    {r.custom && (
                      <button type="button" class="btn btn-small" disabled={busy.value} onClick={() => removeCustom(r.key)}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <fieldset class="panel">
          <legend>+ Add Custom SKU</legend>
          <div class="grid-2">
            <label class="field">
              <span>SKU name</span>
              <input type="text" maxLength={60} value={newName.value} onInput={(e) => (newName.value = e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Grams per unit</span>
              <input type="number" min="0" step="any" value={newGrams.value} onInput={(e) => (newGrams.value = e.currentTarget.value)} />
            </label>
          </div>
          <div class="row end">
            <button type="button" class="btn" disabled={busy.value} onClick={addCustom}>
              + Add Custom SKU
            </button>
          </div>
        </fieldset>
        <FormActions error={error.value} busy={busy.value} submitLabel="Save" onCancel={props.onClose} />
      </form>
    </Dialog>
  );
}
