import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import type { BatchDetailView } from "../../../src/contracts/batch-views";
import { CreateBatchBody, UpdateBatchBody } from "../../../src/contracts/batches";
import { api, resources, saveNow } from "../app-state";
import { Confirm } from "../components/dialog";
import { DataNote, Page } from "../components/page";
import { StageBadge } from "../components/stage-badge";
import { dirtyForms } from "../components/update-prompt";
import { ApiError } from "../data/api";
import { toast } from "../data/toasts";
import { fmtDecimal } from "../format";
import { BatchAudit } from "./batch-audit";
import { ALL_FIELDS, bodyOf, type Field, SECTIONS, toInput } from "./batch-fields";

const NEW_DEFAULTS: Record<string, string> = { testing_status: "none", packaging_status: "available", target_grams_each: "1.0" };

function valuesOf(batch: BatchDetailView | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of ALL_FIELDS) {
    out[field.name] = batch
      ? toInput(field, (batch as Record<string, unknown>)[field.name])
      : (NEW_DEFAULTS[field.name] ?? toInput(field, null));
  }
  return out;
}

/** pages.md §6 (add, "+ Add Strain") and §7 (edit): every field, the server's own validation, audit and delete. */
export default function BatchForm() {
  const { params } = useRoute();
  const { route } = useLocation();
  const isNew = !params.id || params.id === "new";
  const id = isNew ? "" : (params.id ?? "");
  const path = isNew ? null : `/api/batch/${encodeURIComponent(id)}`;
  const batch = resources.use<BatchDetailView>(path, ["batches"]);
  const values = useSignal<Record<string, string>>(valuesOf(undefined));
  const initial = useSignal<Record<string, string> | null>(null);
  const error = useSignal<{ field: string | null; message: string } | null>(null);
  const busy = useSignal(false);
  const confirming = useSignal(false);

  // Filled once from the server; later refetches do not overwrite what someone is typing.
  useEffect(() => {
    if (!isNew && batch.data && initial.value === null) {
      const v = valuesOf(batch.data);
      values.value = v;
      initial.value = v;
    }
  }, [batch.data]);

  const dirty = isNew
    ? Object.keys(bodyOf(values.value, null)).length > 3
    : initial.value !== null && Object.keys(bodyOf(values.value, initial.value)).length > 0;
  useEffect(() => {
    if (!dirty) return;
    dirtyForms.value++;
    return () => {
      dirtyForms.value--;
    };
  }, [dirty]);

  async function save(e: Event) {
    e.preventDefault();
    const body = bodyOf(values.value, isNew ? null : initial.value);
    const parsed = (isNew ? CreateBatchBody : UpdateBatchBody).safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      error.value = { field: issue?.path[0] !== undefined ? String(issue.path[0]) : null, message: issue?.message ?? "Invalid request" };
      document.querySelector<HTMLElement>(`[name="${error.value.field}"]`)?.focus();
      return;
    }
    error.value = null;
    if (!isNew && Object.keys(body).length === 0) {
      toast("Nothing changed", "info");
      return;
    }
    busy.value = true;
    try {
      if (isNew) {
        await api.write<{ id: string }>("POST", "/api/batch", body);
        toast(`${String(body.strain)} added`, "success");
        initial.value = values.value;
        // pages.md §6: back to the dashboard, where the new batch waits at stage 0.
        route("/admin");
        return;
      }
      // An edit of the counts is based on the copy on screen: a newer one on the server wins a 409.
      const countsEdited = Object.keys(body).some((k) => k.startsWith("counts_"));
      const headers: Record<string, string> = countsEdited && batch.etag ? { "If-Match": batch.etag } : {};
      await api.write("PUT", path ?? "", body, headers);
      toast("Batch saved", "success");
      initial.value = null;
      await resources.refresh(path ?? "");
    } catch (err) {
      const message = err instanceof ApiError ? err.message : "No connection: the batch was not saved. Try again when you are back online.";
      error.value = { field: null, message };
      if (err instanceof ApiError && err.status === 409) {
        initial.value = null;
        void resources.refresh(path ?? "");
      }
    } finally {
      busy.value = false;
    }
  }

  async function remove() {
    confirming.value = false;
    if (!path) return;
    const resume = resources.quiet(path);
    if (await saveNow("DELETE", path, undefined, { success: `${batch.data?.strain ?? "Batch"} deleted` })) {
      resources.forget(path);
      initial.value = values.value;
      route("/admin");
    } else {
      resume();
    }
  }

  const title = isNew ? "Add Strain" : `Edit Batch${batch.data ? `: ${batch.data.strain}` : ""}`;
  if (!isNew && !batch.data) {
    return (
      <Page title={title} back={{ href: "/admin", label: "Back to Admin" }}>
        <DataNote loading={batch.loading} error={batch.error} fromCache={false} hasData={false} />
      </Page>
    );
  }

  return (
    <Page
      title={title}
      back={{ href: "/admin", label: "Back to Admin" }}
      actions={
        batch.data && (
          <>
            <StageBadge stage={batch.data.stage} />
            <a class="btn" href={`/admin/batch/${encodeURIComponent(id)}/plan`}>
              Plan
            </a>
          </>
        )
      }
    >
      <form class="batch-form" onSubmit={save} noValidate>
        {error.value && (
          <p class="note note-bad" role="alert">
            {error.value.message}
          </p>
        )}
        {SECTIONS.map((section) => (
          <fieldset key={section.title} class="panel">
            <legend>{section.title}</legend>
            <div class="grid-fields">
              {section.fields
                .filter((f) => !(isNew && f.editOnly))
                .map((f) => (
                  <FieldInput
                    key={f.name}
                    field={f}
                    value={values.value[f.name] ?? ""}
                    error={error.value?.field === f.name ? error.value.message : null}
                    onChange={(v) => {
                      values.value = { ...values.value, [f.name]: v };
                    }}
                  />
                ))}
            </div>
          </fieldset>
        ))}
        {batch.data && <RateMetrics batch={batch.data} />}
        <div class="form-actions">
          <button type="submit" class="btn btn-primary btn-large" disabled={busy.value}>
            {isNew ? "Add Batch" : "Save"}
          </button>
          <a class="btn btn-large" href="/admin">
            Cancel
          </a>
          {!isNew && (
            <button
              type="button"
              class="btn btn-danger btn-large push-right"
              onClick={() => {
                confirming.value = true;
              }}
            >
              Delete
            </button>
          )}
        </div>
      </form>
      {!isNew && <BatchAudit batchId={id} />}
      {confirming.value && (
        <Confirm
          title="Delete this batch?"
          message={`${batch.data?.strain ?? "This batch"} and its counts will be deleted. Its audit rows are kept. This cannot be undone.`}
          confirmLabel="Delete batch"
          onConfirm={() => void remove()}
          onCancel={() => {
            confirming.value = false;
          }}
        />
      )}
    </Page>
  );
}

function FieldInput(props: { field: Field; value: string; error: string | null; onChange: (v: string) => void }) {
  const { field, value, error } = props;
  const id = `field-${field.name}`;
  const described = [field.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: field.name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described,
    required: field.required,
  };
  if (field.kind === "checkbox") {
    return (
      <label class="field field-check">
        <input type="checkbox" {...common} checked={value === "1"} onChange={(e) => props.onChange(e.currentTarget.checked ? "1" : "0")} />
        <span>{field.label}</span>
      </label>
    );
  }
  let control: preact.JSX.Element;
  if (field.kind === "select") {
    control = (
      <select {...common} value={value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {field.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === "textarea" || field.kind === "results") {
    control = <textarea {...common} rows={3} value={value} onInput={(e) => props.onChange(e.currentTarget.value)} />;
  } else {
    const numeric = field.kind === "number" || field.kind === "int";
    control = (
      <input
        {...common}
        type={(numeric ? "number" : field.kind === "date" ? "date" : "text") as "text"}
        inputMode={field.kind === "int" ? "numeric" : field.kind === "number" ? "decimal" : undefined}
        step={field.kind === "int" ? "1" : field.kind === "number" ? "any" : undefined}
        value={value}
        onInput={(e) => props.onChange(e.currentTarget.value)}
      />
    );
  }
  return (
    <div class="field">
      <span class="label-row">
        <label for={id}>{field.label}</label>
        {field.required && (
          <span class="required-mark" aria-hidden="true">
            {" "}
            *
          </span>
        )}
      </span>
      {control}
      {field.hint && (
        <small id={`${id}-hint`} class="muted">
          {field.hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

function RateMetrics(props: { batch: BatchDetailView }) {
  const m = props.batch.rate_metrics;
  const items: [string, string][] = [
    ["Current", fmtDecimal(m.current_rate)],
    ["Average", fmtDecimal(m.average_rate)],
    ["Best", fmtDecimal(m.peak_rate)],
    ["Smoothed", fmtDecimal(m.smoothed_rate)],
    ["Trend", m.trend ?? "—"],
    ["Yield", fmtDecimal(props.batch.yield_percent, "%")],
    ["Work hours", fmtDecimal(props.batch.work_hours)],
  ];
  return (
    <section class="panel" aria-labelledby="rates-title">
      <h2 id="rates-title">Production rate (pre-rolls per hour)</h2>
      <dl class="stat-row">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
