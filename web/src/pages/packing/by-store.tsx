import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api, onApplied, outbox, resources, saveNow } from "../../app-state";
import { DataNote } from "../../components/page";
import { fmtCount } from "../../format";
import { me } from "../../session";
import { CameraScan } from "./camera";
import { verifyLineTag, withQueued } from "./edits";
import { playTone } from "./feedback";
import { Filters, useFilter } from "./filters";
import { type ItemsAnswer, itemsPath, type Line, matchesSearch, type Order, packerInitials, withItem } from "./model";
import { OrderCard } from "./order-card";
import { PackagePicker } from "./package-picker";
import { PrintSheet, type ShipTo } from "./print-sheet";
import { decideScan } from "./scan";
import { useWedgeScanner } from "./scan-listener";

type Feedback = { kind: "good" | "bad" | "info"; text: string; detail?: string };

const PACKER_KEY = "prt-packer-initials";

/** pages.md §22: store → order → lines, packed totals edited in place, scan-verify, Complete order. */
export function ByStore() {
  const filter = useFilter();
  const path = itemsPath("by_store", filter.value);
  const items = resources.use<ItemsAnswer>(path, ["packing"]);
  const search = useSignal("");
  const selected = useSignal<number | null>(null);
  const picking = useSignal<Line | null>(null);
  const printing = useSignal<{ order: Order; store: string; shipTo: ShipTo } | null>(null);
  const feedback = useSignal<Feedback | null>(null);
  const lastScan = useSignal("");
  const manual = useSignal("");
  const camera = useSignal(false);
  const typedPacker = useSignal(typeof localStorage === "undefined" ? "" : (localStorage.getItem(PACKER_KEY) ?? ""));
  const packer = packerInitials(me.value?.user, typedPacker.value);

  const term = search.value.trim();
  const stores = (items.data?.stores ?? [])
    .map((s) => ({
      ...s,
      orders: s.orders.filter((o) =>
        matchesSearch(term, s.store_name, o.invoice_number, ...o.items.map((l) => l.compact_display_name || l.product_name)),
      ),
    }))
    .filter((s) => s.orders.length > 0);
  const allLines = stores.flatMap((s) => s.orders.flatMap((o) => o.items.map(withQueued)));

  function focusLine(id: number) {
    selected.value = id;
    const el = document.querySelector<HTMLElement>(`[data-line-id="${id}"]`);
    el?.scrollIntoView({ block: "center", behavior: "smooth" });
    el?.focus({ preventScroll: true });
  }

  function onScan(tag: string) {
    lastScan.value = tag;
    const lines = allLines.map((l) => ({
      id: l.id,
      batch_name: l.batch_name,
      verified_tag: l.verified_tag,
      label: l.compact_display_name,
    }));
    const decision = decideScan(tag, lines, selected.value);
    const lineOf = (id: number) => allLines.find((l) => l.id === id);
    const describe = (l: Line | undefined) => (l ? `${l.compact_display_name || l.product_name} (invoice ${l.invoice_number})` : "");
    if (decision.kind === "verify") {
      const line = lineOf(decision.lineId);
      if (!line) return;
      verifyLineTag(line, tag, packer.initials.trim());
      selected.value = line.id;
      feedback.value = { kind: "good", text: `Verified: ${describe(line)}`, detail: `Tag ${tag}` };
      playTone("good");
    } else if (decision.kind === "already") {
      feedback.value = { kind: "good", text: `Already verified: ${describe(lineOf(decision.lineId))}`, detail: `Tag ${tag}` };
      focusLine(decision.lineId);
      playTone("good");
    } else if (decision.kind === "jump") {
      focusLine(decision.lineId);
      feedback.value = {
        kind: "info",
        text: `Tag ${tag} belongs to ${describe(lineOf(decision.lineId))}${decision.count > 1 ? ` and ${decision.count - 1} more line(s)` : ""}: moved there. Scan again to verify it.`,
      };
    } else if (decision.kind === "wrong") {
      feedback.value = {
        kind: "bad",
        text: `Wrong package for ${describe(lineOf(decision.lineId))}. Nothing was changed.`,
        detail: `Scanned ${tag} · this line needs ${decision.expected || "a METRC package first"}`,
      };
      playTone("bad");
    } else {
      feedback.value = { kind: "bad", text: "No open line uses this package. Nothing was changed.", detail: `Scanned ${tag}` };
      playTone("bad");
    }
  }

  /** The ship-to address and the seller's licence come with the order list and the settings. */
  async function print(order: Order, store: string) {
    const shipTo: ShipTo = { address: "", license: "" };
    try {
      const [orders, settings] = await Promise.all([
        api.get<{ orders: { id: number; ship_name: string; ship_address: string; ship_city: string; ship_state: string }[] }>(
          `/api/packing/orders?include_hidden=true&search=${encodeURIComponent(order.invoice_number)}`,
        ),
        api.get<{ seller_license_number?: string }>("/api/packing/settings"),
      ]);
      const o = orders.orders.find((x) => x.id === order.order_id);
      if (o)
        shipTo.address = [o.ship_name, o.ship_address, [o.ship_city, o.ship_state].filter(Boolean).join(", ")].filter(Boolean).join(" · ");
      shipTo.license = settings.seller_license_number ?? "";
    } catch {
      // Offline: the sheet still prints from the lines on screen.
    }
    printing.value = { order, store, shipTo };
  }

  useWedgeScanner(onScan, picking.value === null && printing.value === null && !camera.value);

  // A saved edit's answer carries the line as stored: show it at once (the refetch that follows confirms it).
  useEffect(
    () =>
      onApplied((op, answer) => {
        const item = (answer as { item?: Line | null } | null)?.item;
        if (item && op.path.startsWith("/api/packing/items/")) resources.patch<ItemsAnswer>(path, (data) => withItem(data, item));
      }),
    [path],
  );

  // A refused edit shows "Now:" from the list: fetch it, since the change notice that would have may
  // have come while this tablet was offline (its refetch then failed, and nothing asks again).
  const refusals = outbox.refused.value.length;
  useEffect(() => {
    if (refusals > 0) void resources.refresh(path);
  }, [refusals, path]);

  useEffect(() => {
    if (!printing.value) return;
    const done = () => {
      printing.value = null;
    };
    window.addEventListener("afterprint", done, { once: true });
    window.print();
    return () => window.removeEventListener("afterprint", done);
  }, [printing.value]);

  const totals = stores.reduce(
    (t, s) => ({ ordered: t.ordered + s.ordered, packed: t.packed + s.packed, needs: t.needs + s.needs_packing }),
    { ordered: 0, packed: 0, needs: 0 },
  );

  return (
    <>
      <div class="pk-toolbar no-print">
        <Filters filter={filter} csvHref={itemsPath("by_store", filter.value, "csv")} />
        <label class="field search">
          <span>Search store, invoice or product</span>
          <input
            type="search"
            value={search.value}
            onInput={(e) => {
              search.value = e.currentTarget.value;
            }}
          />
        </label>
        <label class="field pk-initials">
          <span>Your initials</span>
          <input
            type="text"
            maxLength={20}
            value={packer.initials}
            readOnly={packer.fixed}
            title={packer.fixed ? "You are signed in: lines are packed under your initials" : undefined}
            onInput={(e) => {
              // Kept as typed on every key, so a re-render (a live update) never wipes it.
              typedPacker.value = e.currentTarget.value;
            }}
            onChange={(e) => {
              typedPacker.value = e.currentTarget.value.trim();
              localStorage.setItem(PACKER_KEY, typedPacker.value);
            }}
          />
        </label>
        <button
          type="button"
          class="btn"
          onClick={async () => {
            if (await saveNow("POST", "/api/packing/refresh", undefined, { success: "Orders refreshed from Apex" }))
              void resources.refresh(path);
          }}
        >
          Refresh from Apex
        </button>
      </div>
      <div class="pk-scan no-print">
        <div
          class={`pk-scan-state ${feedback.value ? `pk-scan-${feedback.value.kind}` : ""}`}
          role={feedback.value?.kind === "bad" ? "alert" : "status"}
          aria-live={feedback.value?.kind === "bad" ? "assertive" : "polite"}
        >
          {feedback.value ? (
            <>
              <strong>{feedback.value.text}</strong>
              {feedback.value.detail && <span class="pk-scan-detail">{feedback.value.detail}</span>}
            </>
          ) : (
            <span>Scan a package tag: it verifies the selected line, or the only line using that package.</span>
          )}
        </div>
        <form
          class="pk-manual"
          onSubmit={(e) => {
            e.preventDefault();
            const tag = manual.value.trim().toUpperCase();
            if (tag) onScan(tag);
            manual.value = "";
          }}
        >
          <label class="field">
            <span>Type a METRC tag</span>
            <input
              type="text"
              autoComplete="off"
              value={manual.value}
              onInput={(e) => {
                manual.value = e.currentTarget.value;
              }}
            />
          </label>
          <button type="submit" class="btn">
            Check tag
          </button>
          <button
            type="button"
            class="btn"
            onClick={() => {
              camera.value = true;
            }}
          >
            Scan with camera
          </button>
          <p class="pk-last-scan">
            Last scan: <code>{lastScan.value || "—"}</code>
          </p>
        </form>
      </div>
      <DataNote loading={items.loading} error={items.error} fromCache={items.fromCache} hasData={items.data !== undefined} />
      {items.data && (
        <p class="muted no-print">
          {fmtCount(stores.length)} stores · {fmtCount(totals.packed)} of {fmtCount(totals.ordered)} units packed · {fmtCount(totals.needs)}{" "}
          still to pack
        </p>
      )}
      {items.data && stores.length === 0 && <p class="empty">{term ? "No order matches this search." : "No open packing lines."}</p>}
      {stores.map((s, index) => (
        <section class="pk-store no-print" key={s.store_name} aria-labelledby={`store-${index}`}>
          <h2 id={`store-${index}`}>{s.store_name}</h2>
          {s.orders.map((o) => (
            <OrderCard
              key={o.order_id}
              order={o}
              store={s.store_name}
              itemsPath={path}
              selectedId={selected.value}
              packer={packer.initials.trim()}
              onSelect={(id) => {
                selected.value = id;
              }}
              onPickPackage={(line) => {
                picking.value = line;
              }}
              onPrint={(order, store) => void print(order, store)}
            />
          ))}
        </section>
      ))}
      {camera.value && (
        <CameraScan
          onTag={onScan}
          onClose={() => {
            camera.value = false;
          }}
        />
      )}
      {picking.value && (
        <PackagePicker
          line={picking.value}
          onClose={() => {
            picking.value = null;
          }}
        />
      )}
      {printing.value && <PrintSheet order={printing.value.order} store={printing.value.store} shipTo={printing.value.shipTo} />}
    </>
  );
}
