import { useEffect, useState } from "preact/hooks";
import { api, saveNow } from "../../app-state";
import { SIZE_KEYS, type SizeKey, sizeLabel } from "../../format";

type Operational = {
  allocation: [number, number, number];
  tare_weights: Record<SizeKey, number>;
  test_alert_hours: number;
  work_schedule: { start_hour: number; end_hour: number; work_days: number[] };
};
type InventoryAnswer = { inventory: { papers_per_box: Record<SizeKey, number>; alert_thresholds: Record<SizeKey, number> } };
type PerSize = Record<SizeKey, string>;

/** 0 = Monday, as the server counts work days. */
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const perSize = (values: Record<SizeKey, number>): PerSize => Object.fromEntries(SIZE_KEYS.map((s) => [s, String(values[s])])) as PerSize;
const numbers = (values: PerSize) => Object.fromEntries(SIZE_KEYS.map((s) => [s, Number(values[s])]));

function SizeInputs(props: { label: string; values: PerSize; step: string; onChange: (v: PerSize) => void }) {
  return (
    <fieldset class="settings-sizes">
      <legend>{props.label}</legend>
      {SIZE_KEYS.map((s) => (
        <label class="field" key={s}>
          <span>
            {props.label} {sizeLabel(s)}
          </span>
          <input
            type="number"
            min="0"
            step={props.step}
            required
            value={props.values[s]}
            onInput={(e) => props.onChange({ ...props.values, [s]: e.currentTarget.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}

/** Tare weights, allocation, test alert hours and the work schedule (PUT /api/settings). */
export function ProductionPanel() {
  const [loaded, setLoaded] = useState(false);
  const [tare, setTare] = useState<PerSize>({ "0_5": "", "0_7": "", "1_0": "" });
  const [alloc, setAlloc] = useState<PerSize>({ "0_5": "", "0_7": "", "1_0": "" });
  const [testHours, setTestHours] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [days, setDays] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);

  function show(s: Operational) {
    setTare(perSize(s.tare_weights));
    setAlloc({ "0_5": String(s.allocation[0]), "0_7": String(s.allocation[1]), "1_0": String(s.allocation[2]) });
    setTestHours(String(s.test_alert_hours));
    setStart(String(s.work_schedule.start_hour));
    setEnd(String(s.work_schedule.end_hour));
    setDays(s.work_schedule.work_days);
    setLoaded(true);
  }
  useEffect(() => {
    api.get<Operational>("/api/settings").then(show, (e: Error) => setError(e.message));
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    const allocation = SIZE_KEYS.map((s) => Number(alloc[s]));
    if (Math.abs(allocation.reduce((a, b) => a + b, 0) - 100) > 1e-9) return setError("Allocation must add up to 100");
    if (Number(end) <= Number(start)) return setError("The end hour must be after the start hour");
    setError(null);
    const answer = await saveNow<Operational>(
      "PUT",
      "/api/settings",
      {
        tare_weights: numbers(tare),
        allocation,
        test_alert_hours: Number(testHours),
        work_schedule: { start_hour: Number(start), end_hour: Number(end), work_days: [...days].sort() },
      },
      { success: "Production settings saved" },
    );
    if (answer) show(answer);
  }

  if (!loaded) return <section class="panel">{error ? <p class="note note-bad">{error}</p> : <p class="note">Loading…</p>}</section>;
  return (
    <form class="panel form" onSubmit={submit} aria-labelledby="prod-title">
      <h2 id="prod-title">Production Settings</h2>
      <SizeInputs label="Tare weight (g)" values={tare} step="0.01" onChange={setTare} />
      <SizeInputs label="Allocation (%)" values={alloc} step="any" onChange={setAlloc} />
      <div class="grid-fields">
        <label class="field">
          <span>Test alert hours</span>
          <input
            type="number"
            min="1"
            max="8760"
            step="1"
            required
            value={testHours}
            onInput={(e) => setTestHours(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Work start hour</span>
          <input type="number" min="0" max="23" step="1" required value={start} onInput={(e) => setStart(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Work end hour</span>
          <input type="number" min="1" max="24" step="1" required value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
        </label>
      </div>
      <fieldset class="settings-days">
        <legend>Work days</legend>
        {DAYS.map((name, i) => (
          <label class="field-check" key={name}>
            <input
              type="checkbox"
              checked={days.includes(i)}
              onChange={(e) => setDays(e.currentTarget.checked ? [...days, i] : days.filter((d) => d !== i))}
            />
            <span>{name}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="submit" class="btn btn-primary">
          Save Production Settings
        </button>
      </div>
    </form>
  );
}

/** Papers per box and low-stock thresholds (POST /api/inventory/settings). */
export function InventorySettingsPanel() {
  const [perBox, setPerBox] = useState<PerSize | null>(null);
  const [thresholds, setThresholds] = useState<PerSize | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<InventoryAnswer>("/api/inventory").then(
      (a) => {
        setPerBox(perSize(a.inventory.papers_per_box));
        setThresholds(perSize(a.inventory.alert_thresholds));
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (!perBox || !thresholds) return;
    await saveNow(
      "POST",
      "/api/inventory/settings",
      { papers_per_box: numbers(perBox), thresholds: numbers(thresholds) },
      { success: "Inventory settings saved" },
    );
  }

  return (
    <form class="panel form" onSubmit={submit} aria-labelledby="invset-title">
      <h2 id="invset-title">Paper Inventory Settings</h2>
      {error && <p class="note note-bad">{error}</p>}
      {perBox && thresholds && (
        <>
          <SizeInputs label="Papers per box" values={perBox} step="1" onChange={setPerBox} />
          <SizeInputs label="Alert threshold (boxes)" values={thresholds} step="1" onChange={setThresholds} />
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">
              Save Inventory Settings
            </button>
          </div>
        </>
      )}
    </form>
  );
}

/** The switch for pushing finished-goods units to Apex (packing settings' inventory_push_enabled). */
export function ApexPushPanel() {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    api.get<{ inventory_push_enabled: boolean }>("/api/packing/settings").then(
      (s) => setOn(s.inventory_push_enabled),
      () => setOn(null),
    );
  }, []);

  async function toggle(next: boolean) {
    const answer = await saveNow<{ inventory_push_enabled: boolean }>(
      "PUT",
      "/api/packing/settings",
      { inventory_push_enabled: next },
      { success: next ? "Apex inventory push turned on" : "Apex inventory push turned off" },
    );
    if (answer) setOn(answer.inventory_push_enabled);
  }

  return (
    <section class="panel" aria-labelledby="apex-title">
      <h2 id="apex-title">Apex Inventory Push</h2>
      <p class="muted">When on, available units of finished goods are pushed to Apex on schedule.</p>
      {on === null ? (
        <p class="note">Loading…</p>
      ) : (
        <label class="field-check">
          <input type="checkbox" role="switch" aria-checked={on} checked={on} onChange={(e) => toggle(e.currentTarget.checked)} />
          <span>Push inventory to Apex</span>
        </label>
      )}
    </section>
  );
}
