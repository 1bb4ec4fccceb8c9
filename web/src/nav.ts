/** Navigation items of pages.md "General look", in the original's order, plus the pages reachable from the menu. */
export type NavItem = { label: string; href: string /** Served by the Worker, not the app: a full page load. */; native?: boolean };

export const NAV_ITEMS: NavItem[] = [
  { label: "Production Dashboard", href: "/admin" },
  { label: "+ Add Strain", href: "/admin/batch/new" },
  { label: "Finished Goods", href: "/finished-goods" },
  { label: "Wholesale", href: "/wholesale" },
  { label: "Packing", href: "/packing" },
  { label: "Paper Inventory", href: "/inventory" },
  { label: "Analytics", href: "/stats" },
  { label: "Archive", href: "/archive" },
  { label: "Achievements", href: "/achievements" },
  { label: "Centrifuge", href: "/centrifuge" },
  { label: "Settings", href: "/admin/settings" },
  { label: "People", href: "/admin/people" },
  { label: "Audit", href: "/admin/audit" },
  { label: "Logout", href: "/logout", native: true },
];

/** The nav item a path belongs to (the longest matching prefix), for aria-current. */
export function currentNavHref(path: string): string | null {
  let best: string | null = null;
  for (const item of NAV_ITEMS) {
    if (item.native) continue;
    const match = path === item.href || path.startsWith(`${item.href}/`);
    if (match && (!best || item.href.length > best.length)) best = item.href;
  }
  if (best === "/admin" && path.startsWith("/admin/batch/new")) return "/admin/batch/new";
  return best;
}
