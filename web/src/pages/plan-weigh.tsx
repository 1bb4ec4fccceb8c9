import { useSignal } from "@preact/signals";
import { resources, saveNow } from "../app-state";
import { Dialog } from "../components/dialog";
import { fmtDecimal, type SizeKey, sizeLabel } from "../format";

type Analysis = { avg_weight: number; yield_percent: number; running_yield: number; running_yield_color: string; status: string };
type SizeAnalytics = { running_yield: number; running_yield_color: string; last_check_count: number; checks_due: boolean };
type WeightAnalytics = { sizes: Record<SizeKey, SizeAnalytics> };

/** pages.md §8 "Weigh Sample": the weight of 10 pre-rolls of the active size; the running yield updates. */
export function WeighSample(props: { batchId: string; size: SizeKey; count: number; onClose: () => void }) {
  const analyticsPath = `/api/weight-analytics/${encodeURIComponent(props.batchId)}`;
  const analytics = resources.use<WeightAnalytics>(analyticsPath, ["batches"]);
  const weight = useSignal("");
  const error = useSignal<string | null>(null);
  const result = useSignal<Analysis | null>(null);
  const busy = useSignal(false);
  const sizeData = analytics.data?.sizes[props.size];

  async function submit(e: Event) {
    e.preventDefault();
    const grams = Number(weight.value);
    if (!weight.value.trim() || !Number.isFinite(grams) || grams <= 0) {
      error.value = "Enter the weight of the 10 pre-rolls in grams (more than 0)";
      return;
    }
    if (grams > 1000) {
      error.value = "sample_weight must be at most 1000 grams";
      return;
    }
    error.value = null;
    busy.value = true;
    const answer = await saveNow<{ analysis: Analysis }>("POST", `/api/weight-check/${encodeURIComponent(props.batchId)}`, {
      size: `${props.size.replace("_", ".")}g`,
      sample_weight: grams,
      count_at_measurement: props.count,
    });
    busy.value = false;
    if (answer) {
      result.value = answer.analysis;
      void resources.refresh(analyticsPath);
    }
  }

  const running = result.value?.running_yield ?? sizeData?.running_yield;
  const colour = result.value?.running_yield_color ?? sizeData?.running_yield_color;
  return (
    <Dialog title={`Weigh Sample · ${sizeLabel(props.size)}`} onClose={props.onClose}>
      <form onSubmit={submit} class="form" noValidate>
        <label class="field">
          <span>Weight of 10 pre-rolls (g)</span>
          <input
            type="number"
            inputMode="decimal"
            step="0.01"
            min="0"
            required
            value={weight.value}
            aria-invalid={error.value ? true : undefined}
            aria-describedby={error.value ? "weigh-error" : undefined}
            onInput={(e) => {
              weight.value = e.currentTarget.value;
            }}
          />
        </label>
        <p class="muted">
          Weigh 10 rolled pre-rolls of {sizeLabel(props.size)} together; the cone's tare weight (Settings) is taken off. Recorded at a count
          of {props.count}.
        </p>
        {error.value && (
          <p id="weigh-error" class="field-error" role="alert">
            {error.value}
          </p>
        )}
        {running !== undefined && running > 0 && (
          <p class={`yield yield-${colour ?? "green"}`}>
            Running yield: <strong>{fmtDecimal(running, "%")}</strong>
            {result.value && (
              <>
                {" "}
                · this sample {fmtDecimal(result.value.yield_percent, "%")} (average {result.value.avg_weight.toFixed(2)} g each)
              </>
            )}
          </p>
        )}
        <div class="row end">
          <button type="button" class="btn" onClick={props.onClose}>
            Close
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy.value}>
            Save Sample
          </button>
        </div>
      </form>
    </Dialog>
  );
}
