import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RETENTION_TIERS } from "../../src/domain/backup-retention";
import { backupJob } from "../../src/jobs/backup";
import { runJob } from "../../src/jobs/run-job";
import { listStoredBackups } from "../../src/storage/backup-prune";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

type Run = {
  id: string;
  status: string;
  r2_key: string;
  triggered_by: string;
  verified_at: string | null;
  progress: Record<string, unknown> | null;
};

const HOUR = 3_600_000;

async function finished(id: string, key: string): Promise<Run> {
  for (let i = 0; i < 400; i++) {
    const run = await json<Run>(await call("GET", `/api/backups/${id}`, undefined, { key }));
    if (run.status !== "running") return run;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`backup ${id} did not finish`);
}

describe("backup retention under a flood of manual backups", () => {
  it("30 quick manual backups (run in the runner's alarm) push out no scheduled backup; the newest 10 manual are kept", async () => {
    await setPassword();
    const key = await createApiKey();
    const cookie = await login();
    const now = Date.now();
    const scheduledAt = [26 * 24, 12 * 24, 5 * 24, 3 * 24, 30, 12, 6].map((hours) => new Date(now - hours * HOUR));
    for (const at of scheduledAt)
      expect((await runJob(env, backupJob({ triggeredBy: "cron", alert: async () => {} }), at)).outcome).toBe("success");
    const scheduled = (await listStoredBackups(env.BACKUPS)).map((s) => s.key);
    expect(scheduled).toHaveLength(scheduledAt.length);

    const manual: Run[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await call("POST", "/api/backups", undefined, { cookie });
      expect(res.status).toBe(202);
      manual.push(await finished((await json<Run>(res)).id, key));
    }
    expect(manual.every((m) => m.status === "success" && m.triggered_by === "manual" && m.verified_at !== null)).toBe(true);
    // Progress was written as the run went, and ends at "done" with every table counted.
    const progress = manual.at(-1)?.progress ?? {};
    expect(progress).toMatchObject({ phase: "done", tables_done: progress.tables_total });
    expect(progress.tables_total).toBeGreaterThan(10);
    expect(progress.rows).toBeGreaterThan(0);

    const stored = await listStoredBackups(env.BACKUPS);
    for (const key of scheduled) expect(stored.map((s) => s.key)).toContain(key);
    const keptManual = stored.filter((s) => s.trigger === "manual").map((s) => s.key);
    // Newest by the stamp in the key (whole seconds), then by key: runs within one second tie on the stamp.
    const newestManual = manual
      .map((m) => m.r2_key)
      .sort()
      .reverse()
      .slice(0, RETENTION_TIERS.manualMax);
    expect(keptManual.sort()).toEqual(newestManual.sort());
    // Rows of the pruned manual backups are gone with their objects.
    const pruned = manual.filter((m) => !newestManual.includes(m.r2_key));
    expect(pruned).toHaveLength(30 - RETENTION_TIERS.manualMax);
    for (const run of pruned) expect((await call("GET", `/api/backups/${run.id}`, undefined, { key })).status).toBe(404);
  }, 180_000);
});
