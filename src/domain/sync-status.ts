/**
 * The Apex sync health shown by `GET /api/apex-sync-status`: last success, last error,
 * failing streak, staleness and credits, all derived from the recorded job runs.
 */

type RunRecord = {
  id: number;
  started_at: string;
  finished_at: string | null;
  outcome: string;
  rows_processed: number;
  detail: string | null;
};

/** Orders are pulled every minute; five missed minutes make the packing list stale. */
const STALE_AFTER_MS = 5 * 60_000;

type RunSummary = { orders_fetched?: number; orders_written?: number; lines_written?: number; requests?: number; credits?: number };

function parseRunDetail(detail: string | null): RunSummary | null {
  if (!detail?.startsWith("{")) return null;
  try {
    return JSON.parse(detail) as RunSummary;
  } catch {
    return null;
  }
}

/** `runs` newest first. Skipped runs (another run held the lease) say nothing about health. */
export function summarizeRuns(runs: readonly RunRecord[], now: Date, pollIntervalSeconds = 60) {
  // Five missed polls at the configured interval, never less than five minutes.
  const staleAfterMs = Math.max(STALE_AFTER_MS, 5 * pollIntervalSeconds * 1000);
  const decided = runs.filter((r) => r.outcome === "success" || r.outcome === "failed");
  const lastSuccess = decided.find((r) => r.outcome === "success") ?? null;
  const lastFailure = decided.find((r) => r.outcome === "failed") ?? null;
  let consecutiveFailures = 0;
  for (const r of decided) {
    if (r.outcome !== "failed") break;
    consecutiveFailures += 1;
  }
  // Data is as fresh as the moment its pull started.
  const successAt = lastSuccess?.started_at ?? null;
  const ageMs = successAt ? now.getTime() - Date.parse(successAt) : null;
  const lastRun = runs[0] ?? null;
  return {
    last_run: lastRun && { started_at: lastRun.started_at, finished_at: lastRun.finished_at, outcome: lastRun.outcome },
    last_success_at: successAt,
    last_error: lastFailure && { at: lastFailure.finished_at ?? lastFailure.started_at, message: lastFailure.detail ?? "unknown error" },
    failing: consecutiveFailures > 0,
    consecutive_failures: consecutiveFailures,
    stale: ageMs === null || ageMs > staleAfterMs,
    staleness_seconds: ageMs === null ? null : Math.max(0, Math.round(ageMs / 1000)),
    last_run_summary: lastSuccess ? parseRunDetail(lastSuccess.detail) : null,
  };
}
