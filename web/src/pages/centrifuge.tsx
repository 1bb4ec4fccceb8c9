import { Page } from "../components/page";
import "../styles/managers.css";
import "../styles/centrifuge.css";
import { BatchWeightPanel, ComparePanel, CurvePanel, GForcePanel, GuidePanel, ImpulsePanel, TargetPanel } from "./centrifuge/panels";

/** Centrifuge calculator (pages.md §18): one panel per calculation the API offers. */
export default function Screen() {
  return (
    <Page title="Centrifuge Calculator">
      <div class="cf-grid">
        <GForcePanel />
        <ComparePanel />
        <ImpulsePanel />
        <TargetPanel />
        <BatchWeightPanel />
        <GuidePanel />
        <CurvePanel />
      </div>
    </Page>
  );
}
