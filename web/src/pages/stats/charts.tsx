import type { ComponentChildren } from "preact";
import { CsvButton, type CsvValue } from "../../csv";
import { niceMax } from "./scale";

/**
 * Hand-made SVG charts (no chart library on any chunk): bars, stacked or not, and lines. Each
 * chart sits in a ChartCard with its data as a table behind "Show table", the text alternative.
 */

export type Series = { key: string; label: string; cls: string; values: readonly number[] };

const W = 640;
const H = 260;
const PAD = { left: 48, right: 12, top: 12, bottom: 42 };

/** At most ~10 x labels so they never overlap. */
function labelEvery(n: number): number {
  return Math.max(1, Math.ceil(n / 10));
}

function Axes(props: { top: number; labels: readonly string[]; x: (i: number) => number }) {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * props.top);
  const plotH = H - PAD.top - PAD.bottom;
  const every = labelEvery(props.labels.length);
  return (
    <g>
      {ticks.map((t) => {
        const y = PAD.top + plotH - (t / props.top) * plotH;
        return (
          <g key={t}>
            <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} />
            <text x={PAD.left - 6} y={y + 4} text-anchor="end">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        );
      })}
      {props.labels.map((l, i) =>
        i % every === 0 ? (
          <text key={i} x={props.x(i)} y={H - PAD.bottom + 16} text-anchor="middle">
            {l}
          </text>
        ) : null,
      )}
    </g>
  );
}

export function BarChart(props: { title: string; labels: readonly string[]; series: readonly Series[]; stacked?: boolean }) {
  const n = props.labels.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, n);
  const sums = props.labels.map((_, i) =>
    props.stacked ? props.series.reduce((a, s) => a + (s.values[i] ?? 0), 0) : Math.max(0, ...props.series.map((s) => s.values[i] ?? 0)),
  );
  const top = niceMax(Math.max(0, ...sums));
  const barW = Math.max(1, (slot * 0.8) / (props.stacked ? 1 : props.series.length));
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const h = (v: number) => (v / top) * plotH;
  return (
    <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title} (the table below has the numbers)`}>
      <Axes top={top} labels={props.labels} x={x} />
      {props.labels.map((_, i) => {
        let base = PAD.top + plotH;
        return (
          <g key={i}>
            {props.series.map((s, j) => {
              const v = s.values[i] ?? 0;
              if (props.stacked) {
                base -= h(v);
                return <rect key={s.key} class={s.cls} x={x(i) - barW / 2} y={base} width={barW} height={h(v)} />;
              }
              const left = x(i) - (barW * props.series.length) / 2 + j * barW;
              return <rect key={s.key} class={s.cls} x={left} y={PAD.top + plotH - h(v)} width={barW} height={h(v)} />;
            })}
          </g>
        );
      })}
    </svg>
  );
}

export function LineChart(props: {
  title: string;
  labels: readonly string[];
  series: readonly Series[];
  bands?: readonly { from: number; to: number; cls: string }[];
}) {
  const n = props.labels.length;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const top = niceMax(Math.max(0, ...props.series.flatMap((s) => s.values)));
  const x = (i: number) => PAD.left + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  return (
    <svg class="chart-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title} (the table below has the numbers)`}>
      {props.bands?.map((b) => (
        <rect
          key={b.cls}
          class={b.cls}
          x={PAD.left}
          width={plotW}
          y={y(Math.min(b.to, top))}
          height={Math.max(0, y(b.from) - y(Math.min(b.to, top)))}
        />
      ))}
      <Axes top={top} labels={props.labels} x={x} />
      {props.series.map((s) => (
        <g key={s.key} class={s.cls}>
          <polyline class="line" points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(" ")} />
          {s.values.map((v, i) => (
            <circle key={i} cx={x(i)} cy={y(v)} r={3} />
          ))}
        </g>
      ))}
    </svg>
  );
}

export function Legend(props: { series: readonly Pick<Series, "key" | "label" | "cls">[] }) {
  return (
    <ul class="legend" aria-label="Legend">
      {props.series.map((s) => (
        <li key={s.key}>
          <span class={`swatch ${s.cls}`} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

/** The chart's numbers as a table: the text alternative, with its CSV export. */
export function TableAlt(props: {
  title: string;
  name: string;
  header: readonly string[];
  rows: readonly (readonly CsvValue[])[];
  open?: boolean;
}) {
  return (
    <details class="table-alt" open={props.open}>
      <summary>Show table: {props.title}</summary>
      <CsvButton name={props.name} header={props.header} rows={() => props.rows} />
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable) */}
      <div class="table-wrap" tabIndex={0}>
        <table class="data-table">
          <caption class="sr-only">{props.title}</caption>
          <thead>
            <tr>
              {props.header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) => (
                  <td key={j} class={typeof cell === "number" ? "num" : undefined}>
                    {cell ?? "—"}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function ChartCard(props: { title: string; children: ComponentChildren; empty?: string | null }) {
  const id = `chart-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section class="panel section-gap" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.empty ? <p class="empty">{props.empty}</p> : props.children}
    </section>
  );
}
