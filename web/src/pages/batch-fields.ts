import { STAGE_NAMES } from "../../../src/domain/stages";

/** Every editable batch field of pages.md §6–7, grouped as the original's edit screen. */
/** `results`: `test_results`, free JSON (data-model.md) typed as words or as a JSON object. */
export type FieldKind = "text" | "number" | "int" | "date" | "select" | "checkbox" | "textarea" | "results";
export type Field = {
  name: string;
  label: string;
  kind: FieldKind;
  options?: { value: string; label: string }[];
  required?: boolean;
  /** Only on the edit page. */
  editOnly?: boolean;
  hint?: string;
};
export type Section = { title: string; fields: Field[] };

const opts = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));
const SIZE_OPTIONS = opts([
  ["", "Automatic"],
  ["0_5", "0.5 g"],
  ["0_7", "0.7 g"],
  ["1_0", "1.0 g"],
]);

export const SECTIONS: Section[] = [
  {
    title: "Strain information",
    fields: [
      { name: "strain", label: "Strain", kind: "text", required: true },
      { name: "input_grams", label: "Input grams", kind: "number", required: true },
      { name: "target_grams_each", label: "Target grams each", kind: "number", required: true, hint: "0.5, 0.7 or 1.0 for one size" },
      {
        name: "stage",
        label: "Stage",
        kind: "select",
        editOnly: true,
        options: STAGE_NAMES.map((n, i) => ({ value: String(i), label: n })),
      },
      { name: "harvest_date", label: "Harvest date", kind: "date" },
      { name: "bay_number", label: "Bay number", kind: "text" },
      {
        name: "grind_size",
        label: "Grind size",
        kind: "select",
        options: opts([
          ["", "—"],
          ["fine", "Fine"],
          ["medium", "Medium"],
          ["coarse", "Coarse"],
        ]),
      },
      { name: "is_infused", label: "Infused", kind: "checkbox" },
      { name: "paper_size_override", label: "Paper size override", kind: "select", options: SIZE_OPTIONS },
    ],
  },
  {
    title: "Cannabinoids",
    fields: [
      { name: "thc_percent", label: "THC %", kind: "number" },
      { name: "thca_percent", label: "THCa %", kind: "number" },
      { name: "tac_percent", label: "TAC %", kind: "number" },
      { name: "cbd_percent", label: "CBD %", kind: "number" },
    ],
  },
  {
    title: "Production",
    fields: [
      { name: "grams_ground", label: "Grams ground", kind: "number", hint: "Reaching the input grams moves the batch to Ground" },
      { name: "counts_0_5", label: "Count 0.5 g", kind: "int", editOnly: true },
      { name: "counts_0_7", label: "Count 0.7 g", kind: "int", editOnly: true },
      { name: "counts_1_0", label: "Count 1.0 g", kind: "int", editOnly: true },
      { name: "planned_0_5", label: "Planned 0.5 g", kind: "int" },
      { name: "planned_0_7", label: "Planned 0.7 g", kind: "int" },
      { name: "planned_1_0", label: "Planned 1.0 g", kind: "int" },
      { name: "plan_use_grams", label: "Plan grams (0 = all)", kind: "number" },
      { name: "labels_printed", label: "Labels printed", kind: "int" },
    ],
  },
  {
    title: "Packaging",
    fields: [
      { name: "packaged_singles", label: "Singles", kind: "int" },
      { name: "packaged_6_packs", label: "6-packs", kind: "int" },
      { name: "packaged_12_packs", label: "12-packs", kind: "int" },
      { name: "loose_tupperware", label: "Loose (tupperware)", kind: "int" },
      {
        name: "packaging_status",
        label: "Packaging status",
        kind: "select",
        options: opts([
          ["available", "Available"],
          ["waiting_materials", "Waiting materials"],
          ["waiting_containers", "Waiting containers"],
          ["blocked_other", "Blocked (other)"],
        ]),
      },
      { name: "packaging_blocker_type", label: "Blocker type", kind: "text" },
      { name: "packaging_notes", label: "Packaging notes", kind: "textarea" },
    ],
  },
  {
    title: "Centrifuge",
    fields: [
      { name: "centrifuge_rpm", label: "RPM", kind: "int" },
      { name: "centrifuge_time_seconds", label: "Time (seconds)", kind: "int" },
      { name: "centrifuge_cycles", label: "Cycles", kind: "int" },
      { name: "centrifuge_fill_gauge_cycle1", label: "Fill gauge cycle 1", kind: "number" },
      { name: "centrifuge_fill_gauge_cycle2", label: "Fill gauge cycle 2", kind: "number" },
      {
        name: "centrifuge_machine",
        label: "Machine",
        kind: "select",
        options: opts([
          ["", "—"],
          ["silver_bullet", "Silver Bullet"],
          ["lab_geek", "Lab Geek"],
        ]),
      },
    ],
  },
  {
    title: "Compliance (METRC)",
    fields: [
      { name: "origin_metrc_number", label: "Origin METRC number", kind: "text" },
      { name: "new_metrc_created", label: "New METRC created", kind: "checkbox" },
      { name: "new_metrc_number", label: "New METRC number", kind: "text" },
      { name: "metrc_transferred", label: "Transferred", kind: "checkbox" },
      { name: "metrc_batch_created", label: "Batch created", kind: "checkbox" },
    ],
  },
  {
    title: "Testing",
    fields: [
      {
        name: "testing_status",
        label: "Testing status",
        kind: "select",
        options: opts([
          ["none", "None"],
          ["sample_created", "Sample created"],
          ["sample_sent", "Sample sent"],
          ["results_received", "Results received"],
          ["test_passed", "Test passed"],
          ["test_failed", "Test failed"],
        ]),
      },
      { name: "test_package_id", label: "Test package ID", kind: "text" },
      { name: "testing_lab", label: "Lab", kind: "text" },
      { name: "test_date", label: "Test date", kind: "date" },
      {
        name: "test_results",
        label: "Test results",
        kind: "results",
        hint: 'In words (kept as its notes), or a JSON object such as {"thc": 24.1, "passed": true}',
      },
      { name: "testing_notes", label: "Testing notes", kind: "textarea" },
    ],
  },
  {
    title: "Final weights",
    fields: [
      { name: "final_weight_0_5", label: "Final weight 0.5 g (g)", kind: "number" },
      { name: "final_weight_0_7", label: "Final weight 0.7 g (g)", kind: "number" },
      { name: "final_weight_1_0", label: "Final weight 1.0 g (g)", kind: "number" },
    ],
  },
];

export const ALL_FIELDS = SECTIONS.flatMap((s) => s.fields);

/** A stored value as the form shows it. */
export function toInput(field: Field, value: unknown): string {
  if (value === null || value === undefined) return field.kind === "checkbox" ? "0" : "";
  if (field.kind === "results") return resultsText(value);
  if (field.kind === "checkbox") return value === 1 || value === true ? "1" : "0";
  return String(value);
}

/** A form value as the API takes it: empty optional fields are null, numbers are numbers. */
export function fromInput(field: Field, text: string): unknown {
  if (field.kind === "checkbox") return text === "1";
  if (field.kind === "results") return resultsValue(text);
  if (field.kind === "number" || field.kind === "int") return text.trim() === "" ? null : Number(text);
  if (field.kind === "select" && field.name === "stage") return Number(text);
  if (field.kind === "select" || field.kind === "date") return text === "" ? null : text;
  return text;
}

/** Results that are only words show as those words; any other shape as its JSON. */
function resultsText(value: unknown): string {
  const keys = typeof value === "object" && value !== null ? Object.keys(value) : [];
  const notes = (value as { notes?: unknown }).notes;
  if (keys.length === 1 && typeof notes === "string") return notes;
  return JSON.stringify(value, null, 2);
}

/** Typed JSON (an object or array) is kept as it is; words become `{notes}`; nothing clears it. */
function resultsValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      // Not JSON after all: kept as words.
    }
  }
  return { notes: trimmed };
}

/** Fields the API refuses as null (counts, grams): an empty box there means 0. */
const NOT_NULL = new Set([
  "input_grams",
  "target_grams_each",
  "grams_ground",
  "counts_0_5",
  "counts_0_7",
  "counts_1_0",
  "planned_0_5",
  "planned_0_7",
  "planned_1_0",
  "plan_use_grams",
  "labels_printed",
  "packaged_singles",
  "packaged_6_packs",
  "packaged_12_packs",
  "loose_tupperware",
  "final_weight_0_5",
  "final_weight_0_7",
  "final_weight_1_0",
]);

/** The request body: on create every filled field, on edit only the fields that changed. */
export function bodyOf(values: Record<string, string>, initial: Record<string, string> | null): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of ALL_FIELDS) {
    const text = values[field.name] ?? "";
    if (initial ? initial[field.name] === text : text === "" || (field.kind === "checkbox" && text === "0")) continue;
    let value = fromInput(field, text);
    if (value === null && NOT_NULL.has(field.name)) value = initial ? 0 : undefined;
    if (value === undefined) continue;
    body[field.name] = value;
  }
  return body;
}
