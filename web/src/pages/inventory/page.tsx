import { useLocation } from "preact-iso";
import { resources } from "../../app-state";
import { CsvButton } from "../../components/csv-download";
import { DataNote, Page } from "../../components/page";
import "../../styles/inventory.css";
import { AlertsPanel, SettingsForm } from "./admin-tools";
import { CsvUpload } from "./csv-upload";
import { INVENTORY_PATH, type InventoryReport, SIZE_KEYS, STOCK_CSV_HEADER, stockCsvRows, TOPICS } from "./model";
import { SizeCard } from "./size-card";

/** pages.md §14 (/inventory) and §15 (/admin/inventory: plus thresholds, alerts and bulk upload). */
export default function Inventory() {
  const { path } = useLocation();
  const admin = path.startsWith("/admin");
  const report = resources.use<InventoryReport>(INVENTORY_PATH, TOPICS);
  const r = report.data;
  return (
    <Page
      title={admin ? "Admin Inventory" : "Paper Inventory"}
      actions={
        <>
          {r && <CsvButton name="paper-inventory" header={STOCK_CSV_HEADER} rows={() => stockCsvRows(r)} />}
          <a class="btn" href={admin ? "/inventory" : "/admin/inventory"}>
            {admin ? "Paper Inventory" : "Thresholds, Alerts and Upload"}
          </a>
        </>
      }
    >
      <DataNote loading={report.loading} error={report.error} fromCache={report.fromCache} hasData={r !== undefined} />
      {r && (
        <ul class="cards inv-cards">
          {SIZE_KEYS.map((s) => (
            <SizeCard key={s} report={r} size={s} />
          ))}
        </ul>
      )}
      {r && admin && (
        <div class="inv-admin">
          <AlertsPanel report={r} />
          <SettingsForm report={r} />
          <CsvUpload />
        </div>
      )}
    </Page>
  );
}
