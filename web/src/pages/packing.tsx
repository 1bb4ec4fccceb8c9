import { useLocation } from "preact-iso";
import { Page } from "../components/page";
import { ByProduct } from "./packing/by-product";
import { ByStore } from "./packing/by-store";
import { History } from "./packing/history";
import { Orders } from "./packing/orders";
import { SyncMapping } from "./packing/sync";
import { PACKING_TABS, PackingTabs } from "./packing/tabs";
import "../styles/packing.css";

/** The packing page and its sub-pages (pages.md §22–26), one lazy chunk. */
export default function Packing() {
  const { path } = useLocation();
  const clean = path.replace(/\/+$/, "") || "/packing";
  const tab = PACKING_TABS.find((t) => t.href === clean) ?? PACKING_TABS[0];
  return (
    <Page title={tab.title}>
      <PackingTabs current={tab.href} />
      {tab.href === "/packing" && <ByStore />}
      {tab.href === "/packing/by-product" && <ByProduct />}
      {tab.href === "/packing/orders" && <Orders />}
      {tab.href === "/packing/history" && <History />}
      {tab.href === "/packing/sync" && <SyncMapping />}
    </Page>
  );
}
