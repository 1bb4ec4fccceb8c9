import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useRoute } from "preact-iso";
import type { BatchDetailView, CountDeltaView } from "../../../src/contracts/batch-views";
import { onApplied, outbox, resources, syncState } from "../app-state";
import { DataNote, Page } from "../components/page";
import { StageBadge } from "../components/stage-badge";
import { type Counts, newerCounts, pendingFor, type VersionedCounts, withPendingDeltas } from "../data/counts";
import { fmtCount, percentOf, SIZE_KEYS, type SizeKey, sizeLabel } from "../format";
import { PlanCentrifuge } from "./plan-centrifuge";
import { BatchDetails, PlanTargets } from "./plan-targets";
import { WeighSample } from "./plan-weigh";

const STEPS = [25, 50, 100] as const;

function countsOf(b: Pick<BatchDetailView, "counts_0_5" | "counts_0_7" | "counts_1_0">): Counts {
  return { "0_5": b.counts_0_5, "0_7": b.counts_0_7, "1_0": b.counts_1_0 };
}

/** GET /api/batch/{id} tags its version as `"v12"`. */
function versionOf(etag: string | null): number {
  const match = etag?.match(/^(?:W\/)?"v(\d+)"$/);
  return match ? Number(match[1]) : 0;
}

function initialSize(): SizeKey {
  const asked = new URLSearchParams(location.search).get("size");
  return (SIZE_KEYS as readonly string[]).includes(asked ?? "") ? (asked as SizeKey) : "0_5";
}

/** pages.md §8: the screen workers count on while rolling. */
export default function Plan() {
  const { params } = useRoute();
  const id = params.id ?? "";
  const path = `/api/batch/${encodeURIComponent(id)}`;
  const batch = resources.use<BatchDetailView>(path, ["batches"]);
  const size = useSignal<SizeKey>(initialSize());
  const known = useSignal<VersionedCounts | null>(null);
  const lastError = useSignal<string | null>(null);
  const weighing = useSignal(false);
  // Taps still being written to the device's outbox, and whether this visit has tapped at all:
  // Saved lights only once a tap of this visit is on the server, never before the first tap.
  const storing = useSignal(0);
  const tapped = useSignal(false);

  // The server's counts: from the batch read, and from each applied tap's answer, highest version kept.
  const data = batch.data;
  useEffect(() => {
    // A read that raced a tap on the wire may or may not include it: wait for that tap's own answer.
    if (!data || outbox.sending.value !== null) return;
    known.value = newerCounts(known.value, { counts: countsOf(data), version: versionOf(batch.etag) });
  }, [data]);
  useEffect(
    () =>
      onApplied((op, answer) => {
        if (op.effect?.kind !== "count-delta" || op.effect.batchId !== id) return;
        const a = answer as CountDeltaView;
        known.value = newerCounts(known.value, { counts: countsOf(a), version: a.version });
        lastError.value = null;
      }),
    [id],
  );
  useEffect(() => {
    const refusedHere = outbox.refused.value.find((op) => op.effect?.kind === "count-delta" && op.effect.batchId === id);
    lastError.value = refusedHere?.error ?? null;
  }, [outbox.refused.value]);

  // Taps queued before a reload (or on another tab) light Saved too once they reach the server.
  const queuedHere = pendingFor(outbox.ops.value, id);
  useEffect(() => {
    if (queuedHere > 0) tapped.value = true;
  }, [queuedHere]);

  if (!data) {
    return (
      <Page title="Plan" back={{ href: "/admin", label: "Back to Admin" }}>
        <DataNote loading={batch.loading} error={batch.error} fromCache={false} hasData={false} />
      </Page>
    );
  }

  const ops = outbox.ops.value;
  const shown = withPendingDeltas(known.value?.counts ?? countsOf(data), ops, id);
  const planned: Counts = { "0_5": data.planned_0_5, "0_7": data.planned_0_7, "1_0": data.planned_1_0 };
  const current = size.value;
  const waiting = queuedHere;

  function tap(delta: number) {
    lastError.value = null;
    tapped.value = true;
    storing.value++;
    void outbox
      .enqueue({
        method: "POST",
        path: `/api/batch/${encodeURIComponent(id)}/count-deltas`,
        body: { size: current, delta },
        label: `${sizeLabel(current)} ${delta > 0 ? "+" : "−"}${Math.abs(delta)} · ${data?.strain ?? ""}`,
        topics: ["batches"],
        effect: { kind: "count-delta", batchId: id, size: current, delta },
      })
      .finally(() => {
        storing.value--;
      });
  }

  const { offline } = syncState.value;
  const unsaved = waiting + storing.value;
  const savedState = lastError.value ? "error" : unsaved > 0 ? (offline ? "offline" : "saving") : tapped.value ? "saved" : "idle";

  return (
    <Page title={data.strain} back={{ href: "/admin", label: "Back to Admin" }} actions={<StageBadge stage={data.stage} />}>
      <DataNote loading={batch.loading} error={batch.error} fromCache={batch.fromCache} hasData />
      <div class="size-tabs" role="tablist" aria-label="Pre-roll size">
        {SIZE_KEYS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === current}
            aria-controls="counter"
            class="size-tab"
            onClick={() => {
              size.value = s;
              history.replaceState(null, "", `${location.pathname}?size=${s}`);
            }}
          >
            <span class="size-tab-name">{sizeLabel(s)}</span>
            <span class="size-tab-count">
              {fmtCount(shown[s])} / {fmtCount(planned[s])}
            </span>
          </button>
        ))}
      </div>

      <section id="counter" class="counter" role="tabpanel" aria-label={`${sizeLabel(current)} count`}>
        <div class="big-count" aria-live="polite">
          <span class="sr-only">{sizeLabel(current)} count: </span>
          {fmtCount(shown[current])}
          <span class="big-count-of"> / {fmtCount(planned[current])} planned</span>
        </div>
        <progress
          class="count-progress"
          max={100}
          value={percentOf(shown[current], planned[current])}
          aria-label={`${sizeLabel(current)} progress against the plan`}
        />
        <div class="step-grid">
          {STEPS.map((n) => (
            <button key={`plus${n}`} type="button" class="step step-plus" onClick={() => tap(n)}>
              +{n}
            </button>
          ))}
          {STEPS.map((n) => (
            <button key={`minus${n}`} type="button" class="step step-minus" onClick={() => tap(-n)}>
              −{n}
            </button>
          ))}
        </div>
        <div class="counter-foot">
          <SavedIndicator state={savedState} waiting={unsaved} error={lastError.value} />
          <button
            type="button"
            class="btn btn-large"
            onClick={() => {
              weighing.value = true;
            }}
          >
            Weigh Sample
          </button>
        </div>
      </section>

      <TodayProduction data={data} />
      <div class="plan-columns">
        <PlanCentrifuge batch={data} path={path} />
        <PlanTargets batch={data} path={path} />
      </div>
      <BatchDetails batch={data} counts={shown} planned={planned} />
      {weighing.value && (
        <WeighSample
          batchId={id}
          size={current}
          count={shown[current]}
          onClose={() => {
            weighing.value = false;
          }}
        />
      )}
    </Page>
  );
}

/**
 * pages.md §8: a **Saved** button that turns green once every tap is on the server and stays unlit
 * otherwise, with what is going on beside it (announced). Tapping it sends waiting taps now.
 * Its name is always "Saved"; the line beside it avoids the word, so each is found once.
 */
function SavedIndicator(props: { state: "idle" | "saved" | "saving" | "offline" | "error"; waiting: number; error: string | null }) {
  const message =
    props.state === "idle"
      ? "Counts save automatically"
      : props.state === "saved"
        ? "Every tap is on the server"
        : props.state === "saving"
          ? `Sending… (${props.waiting})`
          : props.state === "offline"
            ? `Not sent yet: offline, ${props.waiting} waiting on this device`
            : `Refused: ${props.error}`;
  return (
    <div class="saved-row">
      <button
        type="button"
        class={`saved saved-${props.state}`}
        aria-describedby="saved-message"
        title="Send waiting taps now"
        onClick={() => void outbox.drain()}
      >
        <span class="saved-light" aria-hidden="true" />
        Saved
      </button>
      <span id="saved-message" class={`saved-message saved-message-${props.state}`} role="status">
        {message}
      </span>
    </div>
  );
}

function TodayProduction(props: { data: BatchDetailView }) {
  const { data } = props;
  return (
    <section class="panel today" aria-labelledby="today-title">
      <h2 id="today-title">Today's Production</h2>
      <dl class="stat-row">
        {SIZE_KEYS.map((s) => (
          <div key={s}>
            <dt>{sizeLabel(s)}</dt>
            <dd>{fmtCount(data[`today_${s}`])}</dd>
          </div>
        ))}
        <div>
          <dt>Total</dt>
          <dd class="strong">{fmtCount(data.today_total)}</dd>
        </div>
      </dl>
    </section>
  );
}
