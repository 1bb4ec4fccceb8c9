import { DurableObject } from "cloudflare:workers";
import { insertBackupRun, markBackupFailed } from "../src/data/backups";
import { acquireJobLease, releaseJobLease } from "../src/data/jobs";
import { createDb } from "../src/db/client";
import { FORMAT_VERSION } from "../src/domain/backup-format";
import { BACKUP_JOB_NAME, BACKUP_LEASE_MS, backupJob } from "../src/jobs/backup";
import { runJob } from "../src/jobs/run-job";
import { newBackup, type StartedBackup } from "../src/storage/backup-run";

/** The manual run this object is carrying out, kept across restarts. */
type ManualRun = StartedBackup & { holder: string; requested_at: string; attempts: number };
const RUN_KEY = "run";
/** An alarm cut off (a deploy, an eviction) is delivered again; after this many tries the run is given up. */
const MAX_ATTEMPTS = 3;

export type StartOutcome = { ok: true; started: StartedBackup } | { ok: false };

/**
 * Runs manual backups ("Back up now") in an alarm, where a long backup can finish, instead of in the
 * request's waitUntil (cut off about 30 s after the answer). Asking takes the backup job's lease and
 * writes the run's row at once, so the caller can answer with its id and a cron run cannot start
 * meanwhile; the alarm then runs the backup under that lease. Progress is in the run's row.
 */
export class BackupRunner extends DurableObject<Env> {
  async start(): Promise<StartOutcome> {
    if (this.ctx.storage.kv.get<ManualRun>(RUN_KEY)) return { ok: false };
    const now = new Date();
    const started = newBackup(now);
    const holder = `manual:${started.id}`;
    const db = createDb(this.env.DB);
    // The D1 lease is the one lock cron and manual runs share; of simultaneous asks only one gets it.
    if (!(await acquireJobLease(db, BACKUP_JOB_NAME, holder, now.getTime(), BACKUP_LEASE_MS))) return { ok: false };
    try {
      await insertBackupRun(db, {
        id: started.id,
        startedAt: now,
        tag: started.tag,
        r2Key: started.r2_key,
        triggeredBy: "manual",
        formatVersion: FORMAT_VERSION,
      });
    } catch (error) {
      await releaseJobLease(db, BACKUP_JOB_NAME, holder);
      throw error;
    }
    this.ctx.storage.kv.put(RUN_KEY, { ...started, holder, requested_at: now.toISOString(), attempts: 0 } satisfies ManualRun);
    await this.ctx.storage.setAlarm(Date.now());
    return { ok: true, started };
  }

  override async alarm(): Promise<void> {
    const run = this.ctx.storage.kv.get<ManualRun>(RUN_KEY);
    if (!run) return;
    const attempt = { ...run, attempts: run.attempts + 1 };
    this.ctx.storage.kv.put(RUN_KEY, attempt);
    const db = createDb(this.env.DB);
    if (attempt.attempts > MAX_ATTEMPTS) {
      await markBackupFailed(db, run.id, `Backup did not finish after ${MAX_ATTEMPTS} attempts`, new Date());
      await releaseJobLease(db, BACKUP_JOB_NAME, run.holder);
    } else {
      const outcome = await runJob(this.env, backupJob({ triggeredBy: "manual", started: run }), new Date(run.requested_at), {
        heldLease: run.holder,
      });
      // The lease ran out (retries after an outage) and another run took it.
      if (outcome.outcome === "skipped")
        await markBackupFailed(db, run.id, "Backup could not run: another backup took its turn", new Date());
    }
    this.ctx.storage.kv.delete(RUN_KEY);
  }
}
