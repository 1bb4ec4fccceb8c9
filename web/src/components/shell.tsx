import { useSignal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { resources } from "../app-state";
import { dismissToast, toasts } from "../data/toasts";
import { currentNavHref, NAV_ITEMS, type NavItem } from "../nav";
import { SignedIn } from "./signed-in";
import { SyncIndicator } from "./sync-indicator";

/** pages.md "General look": dark header, green title, nav in the header (desktop) or a drawer (phone). */
export function Shell(props: { children: ComponentChildren }) {
  const drawerOpen = useSignal(false);
  const { path } = useLocation();
  const current = currentNavHref(path);
  const close = () => {
    drawerOpen.value = false;
  };

  useEffect(close, [path]);
  useEffect(() => {
    if (!drawerOpen.value) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") close();
    };
    document.addEventListener("keydown", onKey);
    document.querySelector<HTMLElement>("#drawer a, #drawer button")?.focus();
    return () => document.removeEventListener("keydown", onKey);
  }, [drawerOpen.value]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <button
          type="button"
          class="icon-btn hamburger"
          aria-label="Open menu"
          aria-expanded={drawerOpen.value}
          aria-controls="drawer"
          onClick={() => {
            drawerOpen.value = true;
          }}
        >
          ☰
        </button>
        <a class="app-title" href="/admin">
          Pre-Roll Tracker
        </a>
        <nav class="header-nav" aria-label="Main">
          <NavLinks items={PAGE_ITEMS} current={current} />
        </nav>
        <div class="header-status">
          {path !== "/pin" && <SignedIn />}
          <SyncIndicator />
          <VersionBadge />
          {/* Sign-out sits with who is signed in, so the page links fit one row on a desktop. */}
          {SERVER_ITEMS.map((item) => (
            <span key={item.href} class="header-server-link">
              <NavLink item={item} current={false} />
            </span>
          ))}
        </div>
      </header>
      {drawerOpen.value && (
        <div class="drawer-layer">
          {/* The dimmed area closes the drawer for a tap; keyboards have Escape and the ✕, so it stays out of the accessibility tree (one "Close menu" button). */}
          <div class="scrim" aria-hidden="true" onClick={close} />
          <nav id="drawer" class="drawer" aria-label="Menu">
            <div class="drawer-head">
              <span class="app-title">Pre-Roll Tracker</span>
              <button type="button" class="icon-btn" aria-label="Close menu" onClick={close}>
                ✕
              </button>
            </div>
            <NavLinks items={NAV_ITEMS} current={current} />
          </nav>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
      <Toasts />
    </>
  );
}

const PAGE_ITEMS = NAV_ITEMS.filter((item) => !item.native);
const SERVER_ITEMS = NAV_ITEMS.filter((item) => item.native);

function NavLinks(props: { items: NavItem[]; current: string | null }) {
  return (
    <ul>
      {props.items.map((item) => (
        <li key={item.href}>
          <NavLink item={item} current={props.current === item.href} />
        </li>
      ))}
    </ul>
  );
}

function NavLink(props: { item: NavItem; current: boolean }) {
  const { item } = props;
  if (item.native) {
    // Server pages (sign-out) need a real page load, not a client route.
    return (
      <a
        href={item.href}
        onClick={(e) => {
          e.preventDefault();
          e.stopPropagation();
          location.assign(item.href);
        }}
      >
        {item.label}
      </a>
    );
  }
  return (
    <a href={item.href} aria-current={props.current ? "page" : undefined}>
      {item.label}
    </a>
  );
}

function VersionBadge() {
  const { data } = resources.use<{ version: string }>("/api/version", []);
  return <span class="version-badge">{data ? `v${data.version}` : "v…"}</span>;
}

function Toasts() {
  return (
    <div class="toasts" aria-live="polite">
      {toasts.value.map((t) => (
        <div key={t.id} class={`toast toast-${t.kind}`} role={t.kind === "error" ? "alert" : undefined}>
          <span>{t.message}</span>
          <button type="button" class="icon-btn" aria-label="Hide message" onClick={() => dismissToast(t.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
