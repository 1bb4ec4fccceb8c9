import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../app-state";

/** Pieces the centrifuge panels share: machine picker, number fields, a POST-and-show form. */

const MACHINES = [
  ["silver_bullet", "Silver Bullet"],
  ["lab_geek", "Lab Geek"],
] as const;
export type MachineKey = (typeof MACHINES)[number][0];
export const machineName = (key: string) => MACHINES.find(([k]) => k === key)?.[1] ?? key;

export function MachineSelect(props: { label?: string; value: string; onChange: (v: MachineKey) => void }) {
  return (
    <label class="field">
      <span>{props.label ?? "Centrifuge"}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as MachineKey)}>
        {MACHINES.map(([k, name]) => (
          <option key={k} value={k}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

export { NumberField } from "../../components/number-field";

/** A panel whose form posts to the API and shows the answer (or the server's refusal). */
export function CalcPanel<T>(props: {
  title: string;
  button: string;
  request: () => { method: "GET" | "POST"; path: string; body?: unknown };
  fields: ComponentChildren;
  result: (answer: T) => ComponentChildren;
}) {
  const [answer, setAnswer] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = `cf-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  async function submit(e: Event) {
    e.preventDefault();
    const r = props.request();
    try {
      setAnswer(r.method === "GET" ? await api.get<T>(r.path) : await api.write<T>("POST", r.path, r.body));
      setError(null);
    } catch (err) {
      setAnswer(null);
      setError((err as Error).message);
    }
  }
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      <form class="cf-form" onSubmit={submit}>
        {props.fields}
        <button type="submit" class="btn btn-primary">
          {props.button}
        </button>
      </form>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div aria-live="polite">{answer !== null && props.result(answer)}</div>
    </section>
  );
}

const ZONE_LABEL: Record<string, string> = {
  below_range: "Below range",
  optimal: "Optimal",
  safe: "Safe",
  caution: "Caution",
  danger: "Danger",
  light: "Light",
  moderate: "Moderate",
  heavy: "Heavy",
};
const ZONE_BADGE: Record<string, string> = {
  below_range: "medium",
  optimal: "ok",
  safe: "ok",
  caution: "warning",
  danger: "danger",
  light: "medium",
  moderate: "info",
  heavy: "danger",
};
export function ZoneBadge(props: { zone: string }) {
  return <span class={`badge badge-${ZONE_BADGE[props.zone] ?? "info"}`}>{ZONE_LABEL[props.zone] ?? props.zone}</span>;
}

type Zones = Record<string, { impulse_min: number; impulse_max: number }>;
/** The four impulse zones as a bar with a marker at the value (SVG attributes, not inline styles). */
export function ZoneBar(props: { zones: Zones; value: number }) {
  const entries = Object.entries(props.zones);
  const max = Math.max(...entries.map(([, z]) => z.impulse_max));
  const x = (v: number) => (Math.min(Math.max(v, 0), max) / max) * 600;
  return (
    <svg class="zone-bar" viewBox="0 0 600 56" role="img" aria-label={`Impulse ${props.value} N·s on the zone scale 0 to ${max}`}>
      {entries.map(([name, z]) => (
        <g key={name}>
          <rect class={`zone-${name}`} x={x(z.impulse_min)} y={0} width={x(z.impulse_max) - x(z.impulse_min)} height={28} />
          <text x={(x(z.impulse_min) + x(z.impulse_max)) / 2} y={46} text-anchor="middle">
            {ZONE_LABEL[name] ?? name}
          </text>
        </g>
      ))}
      <rect class="zone-marker" x={x(props.value) - 2} y={0} width={4} height={32} />
    </svg>
  );
}
