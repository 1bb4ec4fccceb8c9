import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";

/** Every screen's frame: one h1 that also names the tab, and an optional row of actions. */
export function Page(props: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
  back?: { href: string; label: string };
}) {
  useEffect(() => {
    document.title = `${props.title} · Pre-Roll Tracker`;
  }, [props.title]);
  return (
    <div class="page">
      {props.back && (
        <a class="back-link" href={props.back.href}>
          ← {props.back.label}
        </a>
      )}
      <div class="page-head">
        <h1>{props.title}</h1>
        {props.actions && <div class="page-actions">{props.actions}</div>}
      </div>
      {props.children}
    </div>
  );
}

/** Loading, error and "last copy" notes above a page's data. */
export function DataNote(props: { loading: boolean; error: string | null; fromCache: boolean; hasData: boolean }) {
  if (props.error) return <p class={props.hasData ? "note note-warn" : "note note-bad"}>{props.error}</p>;
  if (props.loading && !props.hasData) return <p class="note">Loading…</p>;
  if (props.fromCache) return <p class="note note-warn">Showing the last copy saved on this device…</p>;
  return null;
}
