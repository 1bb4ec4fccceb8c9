/** Centrifuge settings saved from the Plan page (api.md §2, gaps G-BATCH-1). */
import type { Size } from "./batch-sizes";

type CentrifugeInput = {
  centrifuge_rpm?: number | null;
  centrifuge_time_seconds?: number | null;
  centrifuge_cycles?: number | null;
  centrifuge_fill_gauge_cycle1?: number | null;
  centrifuge_fill_gauge_cycle2?: number | null;
  centrifuge_machine?: "silver_bullet" | "lab_geek" | null;
  size?: Size;
  priority_mode?: "weight" | "count";
};

type CentrifugeChange = { ok: true; set: Record<string, unknown> } | { ok: false; reason: string };

/** Batch column → key inside `centrifuge_settings_by_size[size]` (data-model §1.1.9). */
const PER_SIZE_KEYS = {
  centrifuge_rpm: "rpm",
  centrifuge_time_seconds: "time_seconds",
  centrifuge_cycles: "cycles",
  centrifuge_fill_gauge_cycle1: "fill_gauge_cycle1",
  centrifuge_fill_gauge_cycle2: "fill_gauge_cycle2",
  centrifuge_machine: "machine",
} as const;

function parseBySize(text: string | null): Record<string, Record<string, unknown>> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, Record<string, unknown>>) : {};
  } catch {
    return {};
  }
}

/**
 * Without `size` the batch's own centrifuge columns are set; with it, that size's entry of
 * `centrifuge_settings_by_size` is merged (the Plan page edits settings per size, with a priority mode).
 */
export function centrifugeChanges(storedBySize: string | null, input: CentrifugeInput): CentrifugeChange {
  const columns = Object.keys(PER_SIZE_KEYS) as (keyof typeof PER_SIZE_KEYS)[];
  if (!input.size) {
    if (input.priority_mode !== undefined) return { ok: false, reason: "size is required with priority_mode" };
    const set: Record<string, unknown> = {};
    for (const column of columns) if (input[column] !== undefined) set[column] = input[column];
    return { ok: true, set };
  }
  const bySize = parseBySize(storedBySize);
  const entry: Record<string, unknown> = { ...(bySize[input.size] ?? {}) };
  for (const column of columns) if (input[column] !== undefined) entry[PER_SIZE_KEYS[column]] = input[column];
  if (input.priority_mode !== undefined) entry.priority_mode = input.priority_mode;
  return { ok: true, set: { centrifuge_settings_by_size: JSON.stringify({ ...bySize, [input.size]: entry }) } };
}
