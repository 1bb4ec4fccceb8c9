import { useEffect, useRef, useState } from "preact/hooks";
import { api, saveNow } from "../../app-state";
import { CsvButton } from "../../csv";
import { toast } from "../../data/toasts";
import { actorLabel, fmtDateTime } from "../../format";
import { type BackupRun, fmtBytes, lastDrill, type Progress, type Status } from "./backup-model";

function progressText(p: Progress | null): string {
  if (!p) return "Starting…";
  const tables = p.tables_total ? ` ${p.tables_done}/${p.tables_total} tables,` : "";
  return `${p.phase}:${tables} ${p.rows} rows, ${fmtBytes(p.bytes)}`;
}

/** Last backups with status and size, "Back up now" with polled progress, and the restore drill. */
export function BackupsPanel() {
  const [runs, setRuns] = useState<BackupRun[] | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [running, setRunning] = useState<BackupRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | null>(null);

  const load = () =>
    Promise.all([api.get<{ backups: BackupRun[] }>("/api/backups?limit=10"), api.get<Status>("/api/backup-status")]).then(
      ([list, s]) => {
        setRuns(list.backups);
        setStatus(s);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  useEffect(() => {
    void load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  function poll(id: string) {
    timer.current = window.setTimeout(async () => {
      try {
        const run = await api.get<BackupRun>(`/api/backups/${encodeURIComponent(id)}`);
        setRunning(run);
        if (run.status === "running") return poll(id);
        toast(
          run.status === "success" ? "Backup finished" : `Backup ${run.status}: ${run.error ?? ""}`,
          run.status === "success" ? "success" : "error",
        );
        setRunning(null);
        await load();
      } catch (e) {
        setError((e as Error).message);
        setRunning(null);
      }
    }, 1500);
  }

  async function backUpNow() {
    const started = await saveNow<BackupRun>("POST", "/api/backups", undefined, { success: "Backup started" });
    if (!started) return;
    setRunning({ ...started, progress: null });
    poll(started.id);
  }

  async function drill(id: string) {
    try {
      await api.write("POST", `/api/backups/${encodeURIComponent(id)}/verify`);
      toast("Restore drill passed: the backup decrypts and checks out", "success");
    } catch (e) {
      toast((e as Error).message, "error");
    }
    await load();
  }

  const last = runs ? lastDrill(runs) : null;
  return (
    <section class="panel" aria-labelledby="bk-title">
      <h2 id="bk-title">Backups</h2>
      {error && <p class="note note-bad">{error}</p>}
      {status && (
        <p>
          Health: <strong>{status.status}</strong> · Last backup: {fmtDateTime(status.last_backup)} · Next scheduled:{" "}
          {fmtDateTime(status.next_scheduled)} · Stored: {status.remote_backup_count}
        </p>
      )}
      <p aria-live="polite">
        Last restore drill:{" "}
        {last ? (
          <span class={last.verify_error ? "saved-error" : ""}>
            {fmtDateTime(last.verified_at)} — {last.verify_error ? `failed: ${last.verify_error}` : "passed"}
          </span>
        ) : (
          "none yet"
        )}
      </p>
      <div class="row settings-buttons">
        <button type="button" class="btn btn-primary" disabled={running !== null} onClick={backUpNow}>
          Back up now
        </button>
        {runs && runs.length > 0 && (
          <CsvButton
            name="backups"
            header={["started", "finished", "status", "size_bytes", "rows", "trigger", "started_by", "verified", "error"]}
            rows={() =>
              runs.map((r) => [
                r.started_at,
                r.finished_at,
                r.status,
                r.size_bytes,
                r.row_count,
                r.triggered_by,
                r.started_by,
                r.verified_at,
                r.error,
              ])
            }
          />
        )}
      </div>
      {running && (
        <div role="status" class="note">
          Backing up… {progressText(running.progress)}
          <progress max={running.progress?.tables_total || 1} value={running.progress?.tables_done ?? 0} aria-label="Backup progress" />
        </div>
      )}
      {runs && runs.length === 0 && <p class="empty">No backups yet.</p>}
      {runs && runs.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable)
        <div class="table-wrap" tabIndex={0}>
          <table class="data-table">
            <caption class="sr-only">Last backups</caption>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Size</th>
                <th scope="col">Trigger</th>
                <th scope="col">Started by</th>
                <th scope="col">Restore drill</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td>{fmtDateTime(r.started_at)}</td>
                  <td>
                    {r.status}
                    {r.error && <span class="muted"> — {r.error}</span>}
                  </td>
                  <td class="num">{fmtBytes(r.size_bytes)}</td>
                  <td>{r.triggered_by}</td>
                  <td>{actorLabel(r.started_by)}</td>
                  <td>
                    {r.verified_at && <span>{r.verify_error ? "failed" : "passed"} </span>}
                    {r.status === "success" && (
                      <button type="button" class="btn btn-small" onClick={() => drill(r.id)}>
                        Run drill
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
