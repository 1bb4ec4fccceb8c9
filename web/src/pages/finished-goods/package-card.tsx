import { useSignal } from "@preact/signals";
import { resources, saveNow } from "../../app-state";
import { fmtCount } from "../../format";
import { fmtGrams, LIST_PATH, orderFigures, type Pkg, pkgPath, STATUS_LABELS, shortMetrc, usage } from "./model";

export type CardAction = "calc" | "add" | "deduct" | "history" | "apex" | "menu";

/** One package (pages.md §16 "Package card"). */
export function PackageCard(props: { pkg: Pkg; onAction: (action: CardAction, pkg: Pkg) => void }) {
  const p = props.pkg;
  // Which tag is revealed, not a flag: the list reuses a card's DOM for the next package on a new filter.
  const revealedTag = useSignal<string | null>(null);
  const revealed = revealedTag.value === p.metrc_number;
  const u = usage(p);
  const o = orderFigures(p);
  const apexOn = p.apex_auto_inventory === 1;
  const headingId = `pkg-${p.metrc_number}`;
  const units = Object.entries(p.apex_calculated_units as Record<string, number>);

  async function toggleApex() {
    const answer = await saveNow(
      "POST",
      pkgPath(p.metrc_number, "/apex-auto"),
      { enabled: !apexOn },
      { success: `Apex ${apexOn ? "OFF" : "ON"} for ${p.strain}` },
    );
    if (answer) void resources.refresh(LIST_PATH);
  }

  return (
    <li>
      <article class={p.has_physical_override ? "card fg-card fg-override" : "card fg-card"} aria-labelledby={headingId}>
        <div class="card-head">
          <h2 id={headingId} class="fg-strain">
            {p.strain}
          </h2>
          <span class={`fg-badge fg-${p.status}`}>{STATUS_LABELS[p.status] ?? p.status}</span>
        </div>
        <button
          type="button"
          class="fg-metrc"
          aria-expanded={revealed}
          aria-label={revealed ? `METRC ${p.metrc_number}, hide full tag` : `METRC ending ${shortMetrc(p.metrc_number)}, show full tag`}
          onClick={() => (revealedTag.value = revealed ? null : p.metrc_number)}
        >
          {revealed ? p.metrc_number : `…${shortMetrc(p.metrc_number)}`}
        </button>
        <p class="fg-grams">
          <strong>
            {fmtGrams(u.used)} / {fmtGrams(u.total)}
          </strong>{" "}
          <span class="muted">
            {u.pct.toFixed(1)}% used / {(100 - u.pct).toFixed(1)}% remaining
          </span>
        </p>
        <progress class={`fg-bar fg-bar-${u.band}`} max={100} value={u.pct} aria-label={`${p.strain}: ${u.pct.toFixed(0)}% used`} />
        {p.has_physical_override && (
          <p class="fg-override-note">
            Physical override {fmtGrams(p.physical_grams_override)} (system {fmtGrams(p.current_grams)})
          </p>
        )}
        <dl class="fg-orders">
          <div class="fg-reserved">
            <dt>Reserved (Orders)</dt>
            <dd>{fmtGrams(o.reserved)}</dd>
          </div>
          <div class="fg-packed">
            <dt>Fulfilled (Packed)</dt>
            <dd>{fmtGrams(o.packed)}</dd>
          </div>
          <div class="fg-awaiting">
            <dt>Awaiting Packing</dt>
            <dd>{fmtGrams(o.awaiting)}</dd>
          </div>
          <div class="fg-holding">
            <dt>Wholesale Holding</dt>
            <dd>{fmtGrams(o.holding)}</dd>
          </div>
        </dl>
        <p class="fg-after">{fmtGrams(o.afterOrders)} after orders</p>
        {units.length > 0 && (
          <section class="fg-apex" aria-label={`Apex inventory of ${p.strain}`}>
            <h3>APEX INVENTORY {apexOn ? "" : "(off)"}</h3>
            <ul>
              {units.map(([name, n]) => (
                <li key={name}>
                  <span>{name}</span> <strong>{fmtCount(n)}</strong>
                </li>
              ))}
            </ul>
          </section>
        )}
        {p.notes && <p class="muted fg-notes">{p.notes}</p>}
        <div class="fg-actions">
          <button type="button" class="btn btn-small" onClick={() => props.onAction("calc", p)}>
            Calc
          </button>
          <button type="button" class="btn btn-small" onClick={() => props.onAction("add", p)}>
            + Add
          </button>
          <button type="button" class="btn btn-small" onClick={() => props.onAction("deduct", p)}>
            − Deduct
          </button>
          <button type="button" class="btn btn-small" onClick={() => props.onAction("history", p)}>
            History
          </button>
          <button type="button" class={apexOn ? "btn btn-small fg-apex-on" : "btn btn-small"} aria-pressed={apexOn} onClick={toggleApex}>
            {apexOn ? "Apex ON" : "Apex OFF"}
          </button>
          {apexOn && (
            <button type="button" class="btn btn-small" onClick={() => props.onAction("apex", p)}>
              Apex Settings
            </button>
          )}
          {/* Named "⋮" as pages.md §16 calls it, and what it does for a screen reader. */}
          <button type="button" class="btn btn-small" aria-haspopup="dialog" onClick={() => props.onAction("menu", p)}>
            ⋮<span class="sr-only"> More actions for {p.strain}</span>
          </button>
        </div>
      </article>
    </li>
  );
}
