import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { desc, eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jobs } from "../../cron/index";
import { acquireJobLease } from "../../src/data/jobs";
import { backups, jobRuns } from "../../src/db/schema";
import { backupObjectKey, parseBackupKey } from "../../src/domain/backup-naming";
import worker from "../../src/index";
import { BACKUP_JOB_NAME, backupJob } from "../../src/jobs/backup";
import { runJob } from "../../src/jobs/run-job";
import { readEncryptionKey } from "../../src/storage/backup-crypto";
import { listStoredBackups } from "../../src/storage/backup-prune";
import { verifyBackup } from "../../src/storage/backup-restore";
import { db } from "../helpers/http";

type Alerts = string[];
const spy = (alerts: Alerts) => async (error: string) => {
  alerts.push(error);
};
const at = (iso: string) => new Date(iso);

/** R2 that accepts the upload and then fails at `step`, as an outage part-way through would. */
function failingBucket(bucket: R2Bucket, step: "uploadPart" | "complete"): R2Bucket {
  const wrap = <T extends object>(target: T, override: (prop: string | symbol) => unknown): T =>
    new Proxy(target, {
      get(t, prop) {
        const replaced = override(prop);
        if (replaced !== undefined) return replaced;
        const value = Reflect.get(t, prop);
        return typeof value === "function" ? value.bind(t) : value;
      },
    });
  return wrap(bucket, (prop) =>
    prop === "createMultipartUpload"
      ? async (...args: Parameters<R2Bucket["createMultipartUpload"]>) => {
          const upload = await bucket.createMultipartUpload(...args);
          return wrap(upload, (p) =>
            p === step
              ? async () => {
                  throw new Error("R2 is unavailable (simulated outage)");
                }
              : undefined,
          );
        }
      : undefined,
  );
}

async function storedKeys(): Promise<string[]> {
  return (await listStoredBackups(env.BACKUPS)).map((s) => s.key);
}

async function clearBucket(): Promise<void> {
  const listed = await env.BACKUPS.list({ limit: 1000 });
  if (listed.objects.length) await env.BACKUPS.delete(listed.objects.map((o) => o.key));
  await db().delete(backups);
}

beforeAll(async () => {
  await env.DB.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('backup_probe', '\"x\"', 'now')").run();
});

describe("the backup job", () => {
  beforeEach(clearBucket);

  it("is the job registered for the 6-hourly cron, sharing the manual trigger's lease", () => {
    expect(jobs["0 */6 * * *"]?.name).toBe(BACKUP_JOB_NAME);
    expect(backupJob({ triggeredBy: "manual" }).name).toBe(BACKUP_JOB_NAME);
    expect(jobs["0 */6 * * *"]?.leaseMs).toBe(backupJob({ triggeredBy: "manual" }).leaseMs);
  });

  it("records the run, writes an object that verifies, and notes it in job_runs", async () => {
    const alerts: Alerts = [];
    const outcome = await runJob(env, backupJob({ triggeredBy: "cron", alert: spy(alerts) }), at("2026-03-03T06:00:00Z"));
    expect(outcome.outcome).toBe("success");
    const [row] = await db().select().from(backups);
    expect(row).toMatchObject({ status: "success", tag: "backup/20260303_060000", triggered_by: "cron", format_version: 1, error: null });
    expect(row?.started_at).toBe("2026-03-03T06:00:00.000Z");
    expect(row?.finished_at).toBeTruthy();
    expect(row?.r2_key).toBe(backupObjectKey(at("2026-03-03T06:00:00Z"), row?.id ?? ""));
    expect(row?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(row?.table_counts ?? "{}")).toMatchObject({ settings: 1, backups: 1, job_runs: 1, job_leases: 1 });
    const object = await env.BACKUPS.head(row?.r2_key ?? "");
    expect(object?.size).toBe(row?.size_bytes);
    const drill = await verifyBackup(
      env.DB,
      (await env.BACKUPS.get(row?.r2_key ?? ""))?.body ?? new ReadableStream(),
      readEncryptionKey(env.BACKUP_ENCRYPTION_KEY),
    );
    expect(drill.sha256).toBe(row?.sha256);
    expect(drill.row_count).toBe(row?.row_count);
    const [run] = await db().select().from(jobRuns).where(eq(jobRuns.job, BACKUP_JOB_NAME)).orderBy(desc(jobRuns.id)).limit(1);
    expect(run).toMatchObject({ outcome: "success", rows_processed: row?.row_count });
    expect(run?.detail).toContain(row?.r2_key ?? "?");
    expect(alerts).toEqual([]);
  });

  it("runs from the Worker's scheduled() handler for the cron expression", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "0 */6 * * *", scheduledTime: at("2026-03-03T12:00:00Z") }), env, ctx);
    await waitOnExecutionContext(ctx);
    const rows = await db().select().from(backups);
    expect(rows.map((r) => [r.status, r.tag, r.triggered_by])).toEqual([["success", "backup/20260303_120000", "cron"]]);
  });

  it("never runs twice at once: of five simultaneous runs one works, the others are skipped", async () => {
    const outcomes = await Promise.all(
      [1, 2, 3, 4, 5].map(() => runJob(env, backupJob({ triggeredBy: "manual", alert: spy([]) }), at("2026-03-04T00:00:00Z"))),
    );
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["skipped", "skipped", "skipped", "skipped", "success"]);
    expect(await db().select().from(backups)).toHaveLength(1);
    expect(await storedKeys()).toHaveLength(1);
  });

  it("skips while another holder has the lease, and writes nothing", async () => {
    expect(await acquireJobLease(db(), BACKUP_JOB_NAME, "someone-else", Date.now(), 60_000)).toBe(true);
    try {
      const outcome = await runJob(env, backupJob({ triggeredBy: "cron", alert: spy([]) }), new Date());
      expect(outcome.outcome).toBe("skipped");
      expect(await db().select().from(backups)).toHaveLength(0);
      expect(await storedKeys()).toEqual([]);
    } finally {
      await env.DB.prepare("DELETE FROM job_leases WHERE job = ?1").bind(BACKUP_JOB_NAME).run();
    }
  });
});

describe("retention", () => {
  beforeEach(clearBucket);

  const runAt = (iso: string, envOverride: Partial<Env> = {}, alerts: Alerts = []) =>
    runJob({ ...env, ...envOverride }, backupJob({ triggeredBy: "cron", alert: spy(alerts) }), at(iso));

  it("keeps backups by age tiers (after 48 hours, the newest of each day) and forgets the rows of pruned ones", async () => {
    const times = ["2026-04-01T00:00:00Z", "2026-04-01T06:00:00Z", "2026-04-01T12:00:00Z", "2026-04-01T18:00:00Z", "2026-04-05T00:00:00Z"];
    for (const t of times) expect((await runAt(t)).outcome).toBe("success");
    const stamps = (await storedKeys()).map((k) => parseBackupKey(k)?.stamp);
    expect(stamps).toEqual(["20260405_000000", "20260401_180000"]);
    const rows = await db().select().from(backups).orderBy(desc(backups.started_at));
    expect(rows.map((r) => r.tag)).toEqual(["backup/20260405_000000", "backup/20260401_180000"]);
  });

  it("keeps a backup dated in the future (a skewed clock) beside the one it just wrote, and never touches objects it did not write", async () => {
    await env.BACKUPS.put("backups/29991231_000000-deadbeef.bak.enc", "future");
    await env.BACKUPS.put("backups/notes.txt", "not ours: never touched");
    expect((await runAt("2026-05-01T00:00:00Z")).outcome).toBe("success");
    expect((await storedKeys()).map((k) => parseBackupKey(k)?.stamp)).toEqual(["29991231_000000", "20260501_000000"]);
    expect(await env.BACKUPS.head("backups/notes.txt")).not.toBeNull();
  });

  it("verifies the new backup before pruning: one that does not read back is deleted, fails the run and prunes nothing", async () => {
    expect((await runAt("2025-05-01T00:00:00Z")).outcome).toBe("success");
    const before = await storedKeys();
    // Storage that hands back another object than the one written (bit rot, a botched upload).
    const garbled = new Proxy(env.BACKUPS, {
      get(target, prop) {
        if (prop === "get") return async (key: string) => target.get(key === before[0] ? key : (before[0] ?? key));
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const alerts: Alerts = [];
    const outcome = await runAt("2026-06-01T00:00:00Z", { BACKUPS: garbled }, alerts);
    expect(outcome).toMatchObject({ outcome: "failed", error: "verification failed: the stored object is not this backup" });
    expect(alerts).toEqual(["verification failed: the stored object is not this backup"]);
    expect(await storedKeys()).toEqual(before);
    const [failed] = await db().select().from(backups).where(eq(backups.status, "failed"));
    expect(failed?.tag).toBe("backup/20260601_000000");
  });

  it("a failing run prunes nothing, leaves earlier backups untouched, records the failure and alerts once", async () => {
    // The first is old enough that a successful run on 1 June would prune it.
    for (const t of ["2025-05-01T00:00:00Z", "2026-06-01T06:00:00Z"]) expect((await runAt(t)).outcome).toBe("success");
    const before = await storedKeys();
    const etags = await Promise.all(before.map(async (k) => (await env.BACKUPS.head(k))?.etag));
    for (const step of ["uploadPart", "complete"] as const) {
      const alerts: Alerts = [];
      const outcome = await runAt("2026-06-01T12:00:00Z", { BACKUPS: failingBucket(env.BACKUPS, step) }, alerts);
      expect(outcome).toMatchObject({ outcome: "failed", error: "R2 is unavailable (simulated outage)" });
      expect(alerts).toEqual(["R2 is unavailable (simulated outage)"]);
      expect(await storedKeys()).toEqual(before);
      expect(await Promise.all(before.map(async (k) => (await env.BACKUPS.head(k))?.etag))).toEqual(etags);
    }
    const failed = await db().select().from(backups).where(eq(backups.status, "failed"));
    expect(failed).toHaveLength(2);
    expect(failed.every((r) => r.error === "R2 is unavailable (simulated outage)" && r.finished_at !== null)).toBe(true);
    expect(await env.BACKUPS.head(failed[0]?.r2_key ?? "")).toBeNull();
    const [run] = await db().select().from(jobRuns).where(eq(jobRuns.job, BACKUP_JOB_NAME)).orderBy(desc(jobRuns.id)).limit(1);
    expect(run).toMatchObject({ outcome: "failed", detail: "R2 is unavailable (simulated outage)" });
  });

  it("a missing or malformed encryption key fails the run with a clear message and one alert", async () => {
    for (const [secret, message] of [
      ["", "BACKUP_ENCRYPTION_KEY is not set: backups cannot be encrypted"],
      ["c2hvcnQ=", "BACKUP_ENCRYPTION_KEY must decode to 32 bytes, not 5"],
      ["***", "BACKUP_ENCRYPTION_KEY is not valid base64 (expected 32 bytes, e.g. from `openssl rand -base64 32`)"],
    ]) {
      const alerts: Alerts = [];
      const outcome = await runAt("2026-07-01T00:00:00Z", { BACKUP_ENCRYPTION_KEY: secret }, alerts);
      expect(outcome).toMatchObject({ outcome: "failed", error: message });
      expect(alerts).toEqual([message]);
    }
    expect(await storedKeys()).toEqual([]);
  });

  it("without Pushover credentials a failure is still recorded and nothing throws", async () => {
    const outcome = await runJob({ ...env, BACKUP_ENCRYPTION_KEY: "" }, backupJob({ triggeredBy: "cron" }), at("2026-07-02T00:00:00Z"));
    expect(outcome.outcome).toBe("failed");
  });

  it("marks a run left 'running' by an interrupted Worker as failed when the next run starts", async () => {
    await db()
      .insert(backups)
      .values({ id: "stale", started_at: "2026-07-03T00:00:00.000Z", status: "running", tag: "backup/20260703_000000" });
    expect((await runAt("2026-07-03T06:00:00Z")).outcome).toBe("success");
    const [stale] = await db().select().from(backups).where(eq(backups.id, "stale"));
    expect(stale).toMatchObject({ status: "failed", error: "Backup did not finish (the run was interrupted)" });
  });
});
