import { useEffect, useState } from "preact/hooks";
import { api } from "../app-state";
import { Page } from "../components/page";
import "../styles/managers.css";
import { ComparePanel } from "./recommendations/compare";
import { HistoryPanel, LatestPanel } from "./recommendations/latest";
import type { HistoryItem, Snapshot } from "./recommendations/model";
import { UploadPanel } from "./recommendations/upload";

/** Recommendations (pages.md §20): store CSV snapshots, the latest by urgency, history, comparison and insights. */
export default function Screen() {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [history, setHistory] = useState<HistoryItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    Promise.all([api.get<Snapshot>("/api/recommendations"), api.get<{ snapshots: HistoryItem[] }>("/api/snapshots/history")]).then(
      ([s, h]) => {
        setSnapshot(s);
        setHistory(h.snapshots);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [version]);

  return (
    <Page title="Recommendations">
      <UploadPanel onUploaded={() => setVersion((v) => v + 1)} />
      {error && <p class="note note-bad">{error}</p>}
      {!snapshot && !error && <p class="note">Loading…</p>}
      {snapshot && <LatestPanel snapshot={snapshot} />}
      {snapshot && <ComparePanel key={history[0]?.timestamp ?? "none"} history={history} />}
      {snapshot && <HistoryPanel history={history} />}
    </Page>
  );
}
