import { type Signal, useSignal } from "@preact/signals";
import type { Filter } from "./model";

const FILTER_KEY = "prt-packing-filter";

function stored(): Filter {
  try {
    const f = JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? "null") as Filter | null;
    if (f && ["active", "all", "date_range"].includes(f.kind)) return f;
  } catch {
    // a corrupt copy: start from the default
  }
  return { kind: "active", from: "", to: "" };
}

/** The list filter (pages.md §22: active / all / date range), kept for the tab's session. */
export function useFilter(): Signal<Filter> {
  return useSignal(stored());
}

function set(filter: Signal<Filter>, next: Filter): void {
  // A date range only applies once both ends are set.
  if (next.kind === "date_range" && (!next.from || !next.to)) return;
  filter.value = next;
  sessionStorage.setItem(FILTER_KEY, JSON.stringify(next));
}

export function Filters({ filter, csvHref }: { filter: Signal<Filter>; csvHref: string }) {
  const choice = useSignal<Filter["kind"]>(filter.value.kind);
  const from = useSignal(filter.value.from);
  const to = useSignal(filter.value.to);
  const apply = (kind: Filter["kind"]) => set(filter, { kind, from: from.value, to: to.value });
  return (
    <div class="pk-filters">
      <label class="field">
        <span>Show</span>
        <select
          value={choice.value}
          onChange={(e) => {
            choice.value = e.currentTarget.value as Filter["kind"];
            apply(choice.value);
          }}
        >
          <option value="active">Active orders</option>
          <option value="all">All (incl. hidden statuses)</option>
          <option value="date_range">Date range</option>
        </select>
      </label>
      {choice.value === "date_range" && (
        <>
          <label class="field">
            <span>From</span>
            <input
              type="date"
              value={from.value}
              onChange={(e) => {
                from.value = e.currentTarget.value;
                apply("date_range");
              }}
            />
          </label>
          <label class="field">
            <span>To</span>
            <input
              type="date"
              value={to.value}
              onChange={(e) => {
                to.value = e.currentTarget.value;
                apply("date_range");
              }}
            />
          </label>
        </>
      )}
      <a class="btn" href={csvHref} download>
        Export CSV
      </a>
    </div>
  );
}
