import { useSignal } from "@preact/signals";
import { useLocation } from "preact-iso";
import type { BatchView, TestingAlertsView } from "../../../src/contracts/batch-views";
import { outbox, resources, saveNow } from "../app-state";
import { DataNote, Page } from "../components/page";
import { StageBadge } from "../components/stage-badge";
import { isPhone } from "../data/media";
import { fmtCount, fmtDate, fmtDecimal } from "../format";
import { InventoryAlerts, TestingAlerts } from "./dashboard-alerts";

const STAGE_DONE = 7;
const DATA = "/api/data";

type Batch = Pick<
  BatchView,
  "id" | "strain" | "stage" | "input_grams" | "counts_0_5" | "counts_0_7" | "counts_1_0" | "thc_percent" | "harvest_date" | "display_order"
>;

const total = (b: Batch) => b.counts_0_5 + b.counts_0_7 + b.counts_1_0;

/** pages.md §5: alerts, active batches in display order, Plan / Edit / Archive, reorder. */
export default function Dashboard() {
  const batches = resources.use<Batch[]>(DATA, ["batches"]);
  const testing = resources.use<TestingAlertsView>("/api/batches/testing-alerts", ["batches"]);
  const list = batches.data ?? [];

  async function reorder(from: number, to: number) {
    if (to < 0 || to >= list.length || from === to) return;
    const next = [...list];
    const [moved] = next.splice(from, 1);
    if (!moved) return;
    next.splice(to, 0, moved);
    resources.patch<Batch[]>(DATA, () => next.map((b, i) => ({ ...b, display_order: i })));
    await outbox.enqueue({
      method: "POST",
      path: "/api/reorder",
      body: { batch_ids: next.map((b) => b.id) },
      label: `Move ${moved.strain} to position ${to + 1}`,
      topics: ["batches"],
    });
    // Keyboard users keep their place: focus follows the moved batch's button.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-move="${moved.id}"]`)?.focus());
  }

  async function archive(batch: Batch) {
    const done = await saveNow("POST", `/api/public/archive/${encodeURIComponent(batch.id)}`, undefined, {
      success: `${batch.strain} archived`,
    });
    if (done) resources.patch<Batch[]>(DATA, (all) => all.filter((b) => b.id !== batch.id));
  }

  return (
    <Page
      title="Production Dashboard"
      actions={
        <a class="btn btn-primary" href="/admin/batch/new">
          + Add Strain
        </a>
      }
    >
      <InventoryAlerts />
      <TestingAlerts alerts={testing.data?.alerts ?? []} />
      <h2 class="section-title">Active batches</h2>
      <DataNote loading={batches.loading} error={batches.error} fromCache={batches.fromCache} hasData={batches.data !== undefined} />
      {batches.data && list.length === 0 && (
        <div class="empty">
          <p>No active batches. Either every batch is archived, or the connection to the server failed.</p>
          <a class="btn btn-primary" href="/admin/batch/new">
            + Add Strain
          </a>
        </div>
      )}
      {list.length > 0 &&
        (isPhone.value ? (
          <BatchCards list={list} onMove={reorder} onArchive={archive} />
        ) : (
          <BatchTable list={list} onMove={reorder} onArchive={archive} />
        ))}
    </Page>
  );
}

type ListProps = { list: Batch[]; onMove: (from: number, to: number) => void; onArchive: (b: Batch) => void };

function MoveButtons(props: { batch: Batch; index: number; count: number; onMove: ListProps["onMove"] }) {
  const { batch, index, count, onMove } = props;
  return (
    <span class="move">
      <button
        type="button"
        class="icon-btn"
        data-move={batch.id}
        aria-label={`Move ${batch.strain} up`}
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
      >
        ▲
      </button>
      <button
        type="button"
        class="icon-btn"
        aria-label={`Move ${batch.strain} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        ▼
      </button>
    </span>
  );
}

/** The id of the element naming a batch: its buttons are described by it ("Plan", for "Gelato"). */
const nameIdOf = (batch: Batch) => `batch-name-${batch.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;

function Actions(props: { batch: Batch; onArchive: ListProps["onArchive"] }) {
  const { batch } = props;
  const { route } = useLocation();
  const id = encodeURIComponent(batch.id);
  const described = nameIdOf(batch);
  return (
    <span class="actions">
      <button type="button" class="btn btn-primary" aria-describedby={described} onClick={() => route(`/admin/batch/${id}/plan`)}>
        Plan
      </button>
      <button type="button" class="btn" aria-describedby={described} onClick={() => route(`/admin/batch/${id}`)}>
        Edit
      </button>
      {batch.stage === STAGE_DONE && (
        <button type="button" class="btn" aria-describedby={described} onClick={() => props.onArchive(batch)}>
          Archive
        </button>
      )}
    </span>
  );
}

function BatchTable({ list, onMove, onArchive }: ListProps) {
  const dragFrom = useSignal<number | null>(null);
  const sums = list.reduce((s, b) => ({ a: s.a + b.counts_0_5, b: s.b + b.counts_0_7, c: s.c + b.counts_1_0 }), { a: 0, b: 0, c: 0 });
  return (
    <div class="table-wrap">
      <table class="data-table batches">
        <caption class="sr-only">Active batches in production order. Drag a row, or use its up and down buttons, to reorder.</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Strain</th>
            <th scope="col">Stage</th>
            <th scope="col" class="num">
              Input Grams
            </th>
            <th scope="col" class="num">
              0.5 g
            </th>
            <th scope="col" class="num">
              0.7 g
            </th>
            <th scope="col" class="num">
              1.0 g
            </th>
            <th scope="col" class="num">
              Total Pre-Rolls
            </th>
            <th scope="col" class="num">
              THC %
            </th>
            <th scope="col">Harvest Date</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((b, i) => (
            <tr
              key={b.id}
              draggable
              class={dragFrom.value === i ? "dragging" : ""}
              onDragStart={(e) => {
                dragFrom.value = i;
                e.dataTransfer?.setData("text/plain", b.id);
              }}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => {
                e.preventDefault();
                if (dragFrom.value !== null) onMove(dragFrom.value, i);
                dragFrom.value = null;
              }}
              onDragEnd={() => {
                dragFrom.value = null;
              }}
            >
              <td>
                <MoveButtons batch={b} index={i} count={list.length} onMove={onMove} />
              </td>
              <th scope="row">
                <a id={nameIdOf(b)} href={`/admin/batch/${encodeURIComponent(b.id)}`}>
                  {b.strain}
                </a>
              </th>
              <td>
                <StageBadge stage={b.stage} />
              </td>
              <td class="num">{fmtDecimal(b.input_grams)}</td>
              <td class="num">{fmtCount(b.counts_0_5)}</td>
              <td class="num">{fmtCount(b.counts_0_7)}</td>
              <td class="num">{fmtCount(b.counts_1_0)}</td>
              <td class="num strong">{fmtCount(total(b))}</td>
              <td class="num">{fmtDecimal(b.thc_percent, "%")}</td>
              <td>{fmtDate(b.harvest_date)}</td>
              <td>
                <Actions batch={b} onArchive={onArchive} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <th scope="row">Totals</th>
            <td />
            <td class="num">{fmtDecimal(list.reduce((s, b) => s + b.input_grams, 0))}</td>
            <td class="num">{fmtCount(sums.a)}</td>
            <td class="num">{fmtCount(sums.b)}</td>
            <td class="num">{fmtCount(sums.c)}</td>
            <td class="num strong">{fmtCount(sums.a + sums.b + sums.c)}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function BatchCards({ list, onMove, onArchive }: ListProps) {
  return (
    <ul class="cards">
      {list.map((b, i) => (
        <li key={b.id} class="card batch-card">
          <div class="card-head">
            <h3>
              <a id={nameIdOf(b)} href={`/admin/batch/${encodeURIComponent(b.id)}`}>
                {b.strain}
              </a>
            </h3>
            <StageBadge stage={b.stage} />
          </div>
          <dl class="card-counts">
            <div>
              <dt>0.5 g</dt>
              <dd>{fmtCount(b.counts_0_5)}</dd>
            </div>
            <div>
              <dt>0.7 g</dt>
              <dd>{fmtCount(b.counts_0_7)}</dd>
            </div>
            <div>
              <dt>1.0 g</dt>
              <dd>{fmtCount(b.counts_1_0)}</dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd class="strong">{fmtCount(total(b))}</dd>
            </div>
          </dl>
          <p class="muted">
            {fmtDecimal(b.input_grams)} g input · THC {fmtDecimal(b.thc_percent, "%")} · Harvest {fmtDate(b.harvest_date)}
          </p>
          <div class="card-actions">
            <Actions batch={b} onArchive={onArchive} />
            <MoveButtons batch={b} index={i} count={list.length} onMove={onMove} />
          </div>
        </li>
      ))}
    </ul>
  );
}
