import { Page } from "../components/page";
import "../styles/settings.css";
import { ApiKeyPanel, PasswordPanel, RecoveryPanel } from "./settings/account";
import { BackupsPanel } from "./settings/backups";
import { ApexPushPanel, InventorySettingsPanel, ProductionPanel } from "./settings/production";
import { PushoverPanel } from "./settings/pushover";

/** Admin settings (pages.md §13): access, notifications, production, Apex push and backups. */
export default function Screen() {
  return (
    <Page title="Settings">
      <div class="settings-grid">
        <PasswordPanel />
        <ApiKeyPanel />
        <RecoveryPanel />
        <PushoverPanel />
        <ProductionPanel />
        <InventorySettingsPanel />
        <ApexPushPanel />
        <BackupsPanel />
      </div>
    </Page>
  );
}
