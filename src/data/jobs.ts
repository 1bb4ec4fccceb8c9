import { and, desc, eq, lt } from "drizzle-orm";
import { jobLeases, jobRuns } from "../db/schema";
import type { Db } from "../env";

/**
 * Takes the job's lease if it is free or expired, in one statement; false when another run
 * holds it. This is what keeps a job from running twice at once.
 */
export async function acquireJobLease(db: Db, job: string, holder: string, nowMs: number, ttlMs: number) {
  const row = await db
    .insert(jobLeases)
    .values({ job, holder, lease_expires_at: nowMs + ttlMs })
    .onConflictDoUpdate({
      target: jobLeases.job,
      set: { holder, lease_expires_at: nowMs + ttlMs },
      setWhere: lt(jobLeases.lease_expires_at, nowMs),
    })
    .returning({ holder: jobLeases.holder })
    .get();
  return row?.holder === holder;
}

/** Extends a lease its holder still has; false when it expired and someone else took it. */
export async function renewJobLease(db: Db, job: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean> {
  const row = await db
    .update(jobLeases)
    .set({ lease_expires_at: nowMs + ttlMs })
    .where(and(eq(jobLeases.job, job), eq(jobLeases.holder, holder)))
    .returning({ holder: jobLeases.holder })
    .get();
  return row !== undefined;
}

export async function releaseJobLease(db: Db, job: string, holder: string): Promise<void> {
  await db.delete(jobLeases).where(and(eq(jobLeases.job, job), eq(jobLeases.holder, holder)));
}

export async function insertJobRun(db: Db, job: string, startedAt: Date, outcome: "running" | "skipped" = "running") {
  const row = await db
    .insert(jobRuns)
    .values({ job, started_at: startedAt.toISOString(), outcome, finished_at: outcome === "skipped" ? startedAt.toISOString() : null })
    .returning({ id: jobRuns.id })
    .get();
  return row?.id ?? 0;
}

export async function finishJobRun(
  db: Db,
  id: number,
  result: { outcome: "success" | "failed"; rowsProcessed: number; detail?: string },
  finishedAt: Date,
) {
  await db
    .update(jobRuns)
    .set({
      outcome: result.outcome,
      rows_processed: result.rowsProcessed,
      detail: result.detail ?? null,
      finished_at: finishedAt.toISOString(),
    })
    .where(eq(jobRuns.id, id));
}

export async function latestJobRuns(db: Db, job: string, limit = 10) {
  return db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(desc(jobRuns.id)).limit(limit);
}
