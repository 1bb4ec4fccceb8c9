import type { StartOutcome } from "./backup-runner";

/** One runner for the deployment: manual backups go one at a time. */
function backupRunnerObject(env: Env) {
  return env.BACKUP_RUNNER.get(env.BACKUP_RUNNER.idFromName("global"));
}

/** Starts a manual backup in the runner's alarm; `ok: false` while a backup (manual or cron) is running. */
export async function startManualBackup(env: Env): Promise<StartOutcome> {
  return backupRunnerObject(env).start();
}
