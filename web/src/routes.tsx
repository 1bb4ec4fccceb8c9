import { ErrorBoundary, lazy, Route, Router } from "preact-iso";
import Dashboard from "./pages/dashboard";

/** Every client route of pages.md; each page but the dashboard is its own lazy chunk. */
const BatchForm = lazy(() => import("./pages/batch-form"));
const Plan = lazy(() => import("./pages/plan"));
const Archive = lazy(() => import("./pages/archive"));
const FinishedGoods = lazy(() => import("./pages/finished-goods"));
const Wholesale = lazy(() => import("./pages/wholesale"));
const Inventory = lazy(() => import("./pages/inventory"));
const Stats = lazy(() => import("./pages/stats"));
const Achievements = lazy(() => import("./pages/achievements"));
const Audit = lazy(() => import("./pages/audit"));
const Settings = lazy(() => import("./pages/settings"));
const Centrifuge = lazy(() => import("./pages/centrifuge"));
const CentrifugeTrends = lazy(() => import("./pages/centrifuge-trends"));
const Recommendations = lazy(() => import("./pages/recommendations"));
const Packing = lazy(() => import("./pages/packing"));
const Offline = lazy(() => import("./pages/offline"));
const People = lazy(() => import("./pages/people"));
const PinPad = lazy(() => import("./pages/pin"));
const NotFound = lazy(() => import("./pages/not-found"));

export function Routes() {
  return (
    <ErrorBoundary>
      <Router>
        <Route path="/" component={Dashboard} />
        <Route path="/admin" component={Dashboard} />
        <Route path="/admin/batch/new" component={BatchForm} />
        <Route path="/admin/batch/:id" component={BatchForm} />
        <Route path="/admin/batch/:id/plan" component={Plan} />
        <Route path="/archive" component={Archive} />
        <Route path="/finished-goods" component={FinishedGoods} />
        <Route path="/wholesale" component={Wholesale} />
        <Route path="/inventory" component={Inventory} />
        <Route path="/admin/inventory" component={Inventory} />
        <Route path="/stats" component={Stats} />
        <Route path="/achievements" component={Achievements} />
        <Route path="/admin/audit" component={Audit} />
        <Route path="/admin/settings" component={Settings} />
        <Route path="/centrifuge" component={Centrifuge} />
        <Route path="/centrifuge-trends/:strain" component={CentrifugeTrends} />
        <Route path="/recommendations" component={Recommendations} />
        <Route path="/packing" component={Packing} />
        <Route path="/packing/*" component={Packing} />
        <Route path="/offline" component={Offline} />
        <Route path="/admin/people" component={People} />
        <Route path="/pin" component={PinPad} />
        <Route default component={NotFound} />
      </Router>
    </ErrorBoundary>
  );
}
