import { useSignal } from "@preact/signals";
import { api, resources } from "../../app-state";
import { toast } from "../../data/toasts";

export type IntervalSettings = { apex_poll_interval_seconds: number; apex_min_write_interval_seconds: number };
type Name = keyof IntervalSettings;

/** The bounds the server enforces (domain/packing.ts SYNC_INTERVAL_BOUNDS), shown as hints; the server decides. */
const FIELDS: { name: Name; label: string; min: number; max: number; hint: string }[] = [
  {
    name: "apex_poll_interval_seconds",
    label: "Apex order poll interval (seconds)",
    min: 60,
    max: 900,
    hint: "How often new and changed orders are pulled from Apex: 60 to 900 s. Each pull costs Apex credits.",
  },
  {
    name: "apex_min_write_interval_seconds",
    label: "Minimum time between Apex writes (seconds)",
    min: 10,
    max: 3600,
    hint: "Inventory pushes to Apex are at least this far apart: 10 to 3600 s.",
  },
];

/**
 * pages.md §26 sync settings that used to be constants. A value the server refuses is shown
 * under its field with the server's reason and the field goes back to the saved value.
 */
export function SyncIntervals({ saved }: { saved: IntervalSettings }) {
  const errors = useSignal<Partial<Record<Name, string>>>({});
  async function save(name: Name, input: HTMLInputElement) {
    const raw = input.value.trim();
    // Sent as typed (a number when it reads as one) so the server's check is the one that decides.
    const value = raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    try {
      await api.write("PUT", "/api/packing/settings", { [name]: value });
      errors.value = { ...errors.value, [name]: undefined };
      toast("Setting saved", "success");
      void resources.refresh("/api/packing/settings");
    } catch (error) {
      errors.value = { ...errors.value, [name]: (error as Error).message };
      input.value = String(saved[name]);
    }
  }
  return (
    <>
      {FIELDS.map((f) => {
        const error = errors.value[f.name];
        return (
          <div class="field" key={f.name}>
            <label for={`pk-${f.name}`}>{f.label}</label>
            <input
              id={`pk-${f.name}`}
              type="number"
              inputMode="numeric"
              step={1}
              min={f.min}
              max={f.max}
              value={saved[f.name]}
              aria-describedby={`pk-${f.name}-hint${error ? ` pk-${f.name}-error` : ""}`}
              aria-invalid={error ? true : undefined}
              onChange={(e) => void save(f.name, e.currentTarget)}
            />
            <span id={`pk-${f.name}-hint`} class="muted">
              {f.hint}
            </span>
            {error && (
              <p id={`pk-${f.name}-error`} class="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
        );
      })}
    </>
  );
}
