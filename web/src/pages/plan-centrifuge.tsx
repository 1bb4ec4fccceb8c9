import { useSignal } from "@preact/signals";
import type { BatchDetailView } from "../../../src/contracts/batch-views";
import { resources, saveNow } from "../app-state";
import { fmtDecimal, SIZE_KEYS, type SizeKey, sizeLabel } from "../format";

type Model = {
  rpm: number | null;
  time_seconds: number | null;
  cycles: number | null;
  fill_gauge_cycle1: number | null;
  fill_gauge_cycle2: number | null;
  confidence?: number | null;
  sample_size?: number;
};
type Recommendations = { has_data: boolean; sizes: Partial<Record<SizeKey, Model | null>>; message?: string };
type Form = { rpm: string; time: string; cycles: string; gauge1: string; gauge2: string; priority: "weight" | "count"; machine: string };

const RANGES = { rpm: [500, 2500], time: [1, 90], gauge: [1, 12] } as const;
const text = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));

function formOf(batch: BatchDetailView, size: SizeKey): Form {
  const s = batch.centrifuge_settings_by_size?.[size];
  return {
    rpm: text(s?.rpm ?? batch.centrifuge_rpm),
    time: text(s?.time_seconds ?? batch.centrifuge_time_seconds),
    cycles: text(s?.cycles ?? batch.centrifuge_cycles ?? 1),
    gauge1: text(s?.fill_gauge_cycle1 ?? batch.centrifuge_fill_gauge_cycle1),
    gauge2: text(s?.fill_gauge_cycle2 ?? batch.centrifuge_fill_gauge_cycle2),
    priority: s?.priority_mode ?? "weight",
    machine: s?.machine ?? batch.centrifuge_machine ?? "silver_bullet",
  };
}

/** The first problem of a centrifuge form, with the server's ranges (api.md POST /api/batch/{id}/centrifuge). */
export function centrifugeProblem(f: Form): string | null {
  const check = (value: string, name: string, [min, max]: readonly [number, number], whole: boolean) => {
    if (value.trim() === "") return null;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
      return `${name} must be ${whole ? "a whole number " : ""}between ${min} and ${max}`;
    }
    return null;
  };
  return (
    check(f.rpm, "RPM", RANGES.rpm, true) ??
    check(f.time, "Time", RANGES.time, true) ??
    check(f.gauge1, "Fill Gauge Cycle 1", RANGES.gauge, false) ??
    (Number(f.cycles) >= 2 ? check(f.gauge2, "Fill Gauge Cycle 2", RANGES.gauge, false) : null)
  );
}

/** pages.md §8 left column: per-size centrifuge settings and the strain's recommendation. */
export function PlanCentrifuge(props: { batch: BatchDetailView; path: string }) {
  const { batch } = props;
  const size = useSignal<SizeKey>("0_5");
  const form = useSignal<Form>(formOf(batch, "0_5"));
  const error = useSignal<string | null>(null);
  const recs = resources.use<Recommendations>(`/api/centrifuge-recommendations-unified/${encodeURIComponent(batch.strain)}`, ["batches"]);
  const rec = recs.data?.sizes[size.value] ?? null;

  const set = (patch: Partial<Form>) => {
    form.value = { ...form.value, ...patch };
  };
  const num = (v: string) => (v.trim() === "" ? null : Number(v));

  async function save(e: Event) {
    e.preventDefault();
    const f = form.value;
    error.value = centrifugeProblem(f);
    if (error.value) return;
    const twoCycles = Number(f.cycles) >= 2;
    const saved = await saveNow(
      "POST",
      `/api/batch/${encodeURIComponent(batch.id)}/centrifuge`,
      {
        size: size.value,
        centrifuge_rpm: num(f.rpm),
        centrifuge_time_seconds: num(f.time),
        centrifuge_cycles: num(f.cycles),
        centrifuge_fill_gauge_cycle1: num(f.gauge1),
        centrifuge_fill_gauge_cycle2: twoCycles ? num(f.gauge2) : null,
        priority_mode: f.priority,
        centrifuge_machine: f.machine,
      },
      { success: `Centrifuge settings saved for ${sizeLabel(size.value)}` },
    );
    if (saved) void resources.refresh(props.path);
  }

  const f = form.value;
  return (
    <section class="panel" aria-labelledby="centrifuge-title">
      <h2 id="centrifuge-title">Centrifuge Settings</h2>
      <fieldset class="chips">
        <legend class="sr-only">Centrifuge size</legend>
        {SIZE_KEYS.map((s) => (
          <button
            key={s}
            type="button"
            class="chip"
            aria-pressed={s === size.value}
            onClick={() => {
              size.value = s;
              form.value = formOf(batch, s);
              error.value = null;
            }}
          >
            {sizeLabel(s)}
          </button>
        ))}
      </fieldset>
      <p class="muted">Machine in use: {f.machine === "lab_geek" ? "Lab Geek" : "Silver Bullet"}</p>
      {rec && rec.rpm !== null && (
        <div class="rec-card">
          <h3>Recommendation</h3>
          <p>
            {rec.rpm} RPM · {text(rec.time_seconds)} s · {text(rec.cycles)} cycle(s) · fill gauge {fmtDecimal(rec.fill_gauge_cycle1)}
            {rec.sample_size ? ` · from ${rec.sample_size} batches` : ""}
          </p>
          <button
            type="button"
            class="btn btn-primary"
            onClick={() =>
              set({
                rpm: text(rec.rpm),
                time: text(rec.time_seconds),
                cycles: text(rec.cycles ?? 1),
                gauge1: text(rec.fill_gauge_cycle1),
                gauge2: text(rec.fill_gauge_cycle2),
              })
            }
          >
            Apply Recommended
          </button>
        </div>
      )}
      <form class="form grid-2" onSubmit={save} noValidate>
        <label class="field">
          <span>RPM</span>
          <input
            type="number"
            inputMode="numeric"
            min="500"
            max="2500"
            step="50"
            value={f.rpm}
            onInput={(e) => set({ rpm: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span>Time (seconds)</span>
          <input type="number" inputMode="numeric" min="1" max="90" value={f.time} onInput={(e) => set({ time: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span>Cycles</span>
          <select value={f.cycles} onChange={(e) => set({ cycles: e.currentTarget.value })}>
            <option value="1">1</option>
            <option value="2">2</option>
            <option value="3">3</option>
          </select>
        </label>
        <label class="field">
          <span>Fill Gauge Cycle 1</span>
          <input
            type="number"
            inputMode="decimal"
            min="1"
            max="12"
            value={f.gauge1}
            onInput={(e) => set({ gauge1: e.currentTarget.value })}
          />
        </label>
        {Number(f.cycles) >= 2 && (
          <label class="field">
            <span>Fill Gauge Cycle 2</span>
            <input
              type="number"
              inputMode="decimal"
              min="1"
              max="12"
              value={f.gauge2}
              onInput={(e) => set({ gauge2: e.currentTarget.value })}
            />
          </label>
        )}
        <label class="field">
          <span>Priority Mode</span>
          <select value={f.priority} onChange={(e) => set({ priority: e.currentTarget.value as Form["priority"] })}>
            <option value="weight">Target Weight</option>
            <option value="count">Visual Quality</option>
          </select>
        </label>
        <label class="field">
          <span>Machine</span>
          <select value={f.machine} onChange={(e) => set({ machine: e.currentTarget.value })}>
            <option value="silver_bullet">Silver Bullet</option>
            <option value="lab_geek">Lab Geek</option>
          </select>
        </label>
        {error.value && (
          <p class="field-error span-2" role="alert">
            {error.value}
          </p>
        )}
        <button type="submit" class="btn btn-primary span-2">
          Save Settings
        </button>
      </form>
    </section>
  );
}
