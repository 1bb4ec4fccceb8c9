/** The packing area's sub-pages (pages.md §22–26), as a tab row of links. */
export const PACKING_TABS = [
  { href: "/packing", label: "By store", title: "Packing List" },
  { href: "/packing/by-product", label: "By product", title: "Packing List — By Product" },
  { href: "/packing/orders", label: "Orders", title: "Apex Orders" },
  { href: "/packing/history", label: "History", title: "Packing History" },
  { href: "/packing/sync", label: "Sync & mapping", title: "Apex Sync & Mapping" },
] as const;

export function PackingTabs({ current }: { current: string }) {
  return (
    <nav class="pk-tabs no-print" aria-label="Packing views">
      {PACKING_TABS.map((t) => (
        <a key={t.href} href={t.href} class="pk-tab" aria-current={t.href === current ? "page" : undefined}>
          {t.label}
        </a>
      ))}
    </nav>
  );
}
