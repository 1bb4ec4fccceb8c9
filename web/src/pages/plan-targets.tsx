import { useSignal } from "@preact/signals";
import type { BatchDetailView, PlanView } from "../../../src/contracts/batch-views";
import { resources, saveNow } from "../app-state";
import type { Counts } from "../data/counts";
import { fmtCount, fmtDateTime, fmtDecimal, percentOf, SIZE_KEYS, sizeLabel } from "../format";

const MAX_COUNT = 10_000_000;

/** Planned counts per size and the grams the plan may use (api.md POST /api/batch/{id}/plan). */
export function PlanTargets(props: { batch: BatchDetailView; path: string }) {
  const { batch } = props;
  const values = useSignal<Record<string, string>>({
    planned_0_5: String(batch.planned_0_5),
    planned_0_7: String(batch.planned_0_7),
    planned_1_0: String(batch.planned_1_0),
    plan_use_grams: String(batch.plan_use_grams),
  });
  const error = useSignal<string | null>(null);
  const note = useSignal<string | null>(null);

  async function save(e: Event) {
    e.preventDefault();
    const body: Record<string, number> = {};
    for (const [field, text] of Object.entries(values.value)) {
      const n = Number(text);
      const whole = field !== "plan_use_grams";
      if (text.trim() === "" || !Number.isFinite(n) || n < 0 || (whole && (!Number.isInteger(n) || n > MAX_COUNT))) {
        error.value = `Invalid value for ${field}`;
        return;
      }
      body[field] = n;
    }
    error.value = null;
    const answer = await saveNow<PlanView>("POST", `/api/batch/${encodeURIComponent(batch.id)}/plan`, body, { success: "Plan saved" });
    if (!answer) return;
    note.value = answer.adjusted
      ? `The plan was reduced to fit the grams available: ${answer.planned_0_5} / ${answer.planned_0_7} / ${answer.planned_1_0}`
      : null;
    values.value = {
      ...values.value,
      planned_0_5: String(answer.planned_0_5),
      planned_0_7: String(answer.planned_0_7),
      planned_1_0: String(answer.planned_1_0),
    };
    void resources.refresh(props.path);
  }

  const field = (name: string, label: string, decimal = false) => (
    <label class="field" key={name}>
      <span>{label}</span>
      <input
        type="number"
        inputMode={decimal ? "decimal" : "numeric"}
        min="0"
        step={decimal ? "0.1" : "1"}
        value={values.value[name]}
        onInput={(e) => {
          values.value = { ...values.value, [name]: e.currentTarget.value };
        }}
      />
    </label>
  );

  return (
    <section class="panel" aria-labelledby="targets-title">
      <h2 id="targets-title">Plan Targets</h2>
      <form class="form grid-2" onSubmit={save} noValidate>
        {SIZE_KEYS.map((s) => field(`planned_${s}`, `Planned ${sizeLabel(s)}`))}
        {field("plan_use_grams", "Grams to use (0 = all input grams)", true)}
        {error.value && (
          <p class="field-error span-2" role="alert">
            {error.value}
          </p>
        )}
        {note.value && <p class="note note-warn span-2">{note.value}</p>}
        <button type="submit" class="btn btn-primary span-2">
          Save Plan
        </button>
      </form>
    </section>
  );
}

/** pages.md §8 bottom: hours worked, start and finish, rate, progress per size. */
export function BatchDetails(props: { batch: BatchDetailView; counts: Counts; planned: Counts }) {
  const { batch, counts, planned } = props;
  return (
    <section class="panel" aria-labelledby="details-title">
      <h2 id="details-title">Batch Details</h2>
      <dl class="details">
        <div>
          <dt>Total work hours</dt>
          <dd>{fmtDecimal(batch.work_hours)} h</dd>
        </div>
        <div>
          <dt>Production start</dt>
          <dd>{fmtDateTime(batch.production_start_time)}</dd>
        </div>
        <div>
          <dt>Production finish</dt>
          <dd>{fmtDateTime(batch.production_end_time)}</dd>
        </div>
        <div>
          <dt>Production rate</dt>
          <dd>{batch.production_rate === null ? "—" : `${fmtDecimal(batch.production_rate)} pre-rolls/hour`}</dd>
        </div>
        {SIZE_KEYS.map((s) => (
          <div key={s}>
            <dt>{sizeLabel(s)} progress</dt>
            <dd>
              {fmtCount(counts[s])} of {fmtCount(planned[s])} ({fmtDecimal(percentOf(counts[s], planned[s]), "%")})
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
