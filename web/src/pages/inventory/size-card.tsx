import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { resources, saveNow } from "../../app-state";
import { NumberField } from "../../components/number-field";
import { fmtCount, fmtDate, fmtDecimal, sizeLabel } from "../../format";
import { INVENTORY_PATH, type InventoryReport, isLow, type SizeKey } from "./model";

/** One paper size: boxes, papers, total, days remaining, low stock, and the Update form. */
export function SizeCard(props: { report: InventoryReport; size: SizeKey }) {
  const { report: r, size } = props;
  const boxes = useSignal(String(r.inventory.current_boxes[size]));
  const papers = useSignal(String(r.inventory.individual_papers[size]));
  const busy = useSignal(false);
  const dirty = useSignal(false);
  // Typing marks the card dirty, so a live refetch does not put the stored counts back over it.
  const edit = (field: Signal<string>) => (v: string) => {
    dirty.value = true;
    field.value = v;
  };
  // A live change from another device replaces what the form shows, unless the user is editing it.
  useEffect(() => {
    if (dirty.value) return;
    boxes.value = String(r.inventory.current_boxes[size]);
    papers.value = String(r.inventory.individual_papers[size]);
  }, [r.inventory.current_boxes[size], r.inventory.individual_papers[size]]);
  const low = isLow(r, size);
  const days = r.analytics.predicted_days_remaining[size];
  const id = `inv-${size}`;

  async function submit(e: Event) {
    e.preventDefault();
    busy.value = true;
    const answer = await saveNow(
      "POST",
      "/api/inventory/update",
      { size, box_count: Number(boxes.value), individual_papers: Number(papers.value) },
      { success: `${sizeLabel(size)} papers saved` },
    );
    busy.value = false;
    if (answer) {
      dirty.value = false;
      await resources.refresh(INVENTORY_PATH);
    }
  }

  return (
    <li>
      <article class={low ? "card inv-card inv-low" : "card inv-card"} aria-labelledby={id}>
        <div class="card-head">
          <h2 id={id}>{sizeLabel(size)} papers</h2>
          {low && <span class="inv-badge">Low Stock</span>}
        </div>
        <dl class="stat-row inv-stats">
          <div>
            <dt>Boxes</dt>
            <dd>{fmtCount(r.inventory.current_boxes[size])}</dd>
          </div>
          <div>
            <dt>Individual Papers</dt>
            <dd>{fmtCount(r.inventory.individual_papers[size])}</dd>
          </div>
          <div>
            <dt>Total Papers</dt>
            <dd>{fmtCount(r.current_papers[size])}</dd>
          </div>
          <div>
            <dt>Days Remaining</dt>
            <dd>{days === null ? "—" : fmtDecimal(days)}</dd>
          </div>
        </dl>
        {low && (
          <p class="note note-warn">
            Only {fmtCount(r.inventory.current_boxes[size])} boxes, under the threshold of {fmtCount(r.inventory.alert_thresholds[size])}.
          </p>
        )}
        <p class="muted inv-meta">
          {fmtCount(r.inventory.papers_per_box[size])} papers per box · updated {fmtDate(r.inventory.last_updated[size])}
        </p>
        <form class="inv-form" onSubmit={submit}>
          <NumberField label="Boxes" whole min="0" value={boxes.value} onInput={edit(boxes)} />
          <NumberField label="Individual Papers" whole min="0" value={papers.value} onInput={edit(papers)} />
          <button type="submit" class="btn btn-primary" disabled={busy.value} aria-label={`Update ${sizeLabel(size)} papers`}>
            Update
          </button>
        </form>
      </article>
    </li>
  );
}
