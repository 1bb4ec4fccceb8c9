/** Pure helpers of the backups panel (unit-tested without a browser). */
export type Progress = { phase: string; tables_done: number; tables_total: number; rows: number; bytes: number };
export type BackupRun = {
  id: string;
  started_at: string;
  finished_at: string | null;
  size_bytes: number | null;
  status: string;
  error: string | null;
  triggered_by: string;
  started_by?: string | null;
  row_count: number | null;
  verified_at: string | null;
  verify_error: string | null;
  progress: Progress | null;
  stored?: boolean;
};
export type Status = {
  status: string;
  last_backup: string | null;
  next_scheduled: string;
  remote_backup_count: number;
  last_error: string | null;
};

export function fmtBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MB`;
}

/** The newest restore drill among the runs listed (a verify writes verified_at on its run). */
export function lastDrill(runs: readonly BackupRun[]): BackupRun | null {
  let best: BackupRun | null = null;
  for (const r of runs) if (r.verified_at && (!best || r.verified_at > (best.verified_at ?? ""))) best = r;
  return best;
}
