import { and, count, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
import { achievementsUnlocked, auditLog, backups, batches, settings } from "../db/schema";
import type { AchievementBatch } from "../domain/achievements";
import type { BackupFacts, BackupRunSummary } from "../domain/backup-status";
import type { HourlyDelta } from "../domain/daily-production";
import type { OverviewBatch } from "../domain/overview";
import type { StatsBatch } from "../domain/stats";
import type { Db } from "../env";

/** Count changes summed per UTC hour and field since an instant (uses idx_audit_field_ts). */
function hourlyDeltasQuery(db: Db, sinceIso: string) {
  return db
    .select({
      hour: sql<string>`substr(${auditLog.ts}, 1, 13)`,
      field: auditLog.field,
      delta: sql<number>`sum(coalesce(cast(${auditLog.new} AS INTEGER), 0) - coalesce(cast(${auditLog.old} AS INTEGER), 0))`,
    })
    .from(auditLog)
    .where(and(inArray(auditLog.field, ["counts_0_5", "counts_0_7", "counts_1_0"]), sql`${auditLog.ts} >= ${sinceIso}`))
    .groupBy(sql`1`, auditLog.field);
}

export async function readHourlyDeltas(db: Db, sinceIso: string): Promise<HourlyDelta[]> {
  return hourlyDeltasQuery(db, sinceIso);
}

/** The earliest count change on record, to size an all-time series. */
export async function firstCountChange(db: Db): Promise<string | null> {
  const row = await db
    .select({ ts: sql<string | null>`min(${auditLog.ts})` })
    .from(auditLog)
    .where(inArray(auditLog.field, ["counts_0_5", "counts_0_7", "counts_1_0"]))
    .get();
  return row?.ts ?? null;
}

/** Active batches, today's count changes and the testing alert setting, in one round trip. */
export async function readOverviewData(db: Db, sinceIso: string) {
  const [active, deltas, alertSetting] = await db.batch([
    db
      .select({
        strain: batches.strain,
        stage: batches.stage,
        stage_entered_at: batches.stage_entered_at,
        created_at: batches.created_at,
        packaging_status: batches.packaging_status,
      })
      .from(batches)
      .where(eq(batches.archived, 0)),
    hourlyDeltasQuery(db, sinceIso),
    db.select({ value: settings.value }).from(settings).where(eq(settings.key, "test_alert_hours")),
  ]);
  let testAlertHours: unknown;
  try {
    testAlertHours = alertSetting[0] ? JSON.parse(alertSetting[0].value) : undefined;
  } catch {
    testAlertHours = undefined;
  }
  return { active: active as OverviewBatch[], deltas: deltas as HourlyDelta[], testAlertHours };
}

type AuditPage = {
  limit: number;
  before?: { ts: string; id: number | null };
  batch?: string;
  field?: string;
  /** Only rows written by one of these actors (a user's or key's several actor values). */
  actors?: readonly string[];
};

/** Newest first; `before` continues after the last row of the previous page. */
export async function readAuditPage(db: Db, page: AuditPage) {
  const b = page.before;
  const cursor = b
    ? b.id === null
      ? lt(auditLog.ts, b.ts)
      : or(lt(auditLog.ts, b.ts), and(eq(auditLog.ts, b.ts), lt(auditLog.id, b.id)))
    : undefined;
  return db
    .select({
      id: auditLog.id,
      batch: auditLog.batch,
      strain: auditLog.strain,
      ts: auditLog.ts,
      field: auditLog.field,
      old: auditLog.old,
      new: auditLog.new,
      actor: auditLog.actor,
    })
    .from(auditLog)
    .where(
      and(
        cursor,
        page.batch === undefined ? undefined : eq(auditLog.batch, page.batch),
        page.field === undefined ? undefined : eq(auditLog.field, page.field),
        page.actors === undefined ? undefined : inArray(auditLog.actor, [...page.actors]),
      ),
    )
    .orderBy(desc(auditLog.ts), desc(auditLog.id))
    .limit(page.limit);
}

/** The columns stats and achievements read, for every batch (active and archived). */
export async function readBatchFigures(db: Db): Promise<(StatsBatch & AchievementBatch)[]> {
  return db
    .select({
      id: batches.id,
      strain: batches.strain,
      stage: batches.stage,
      archived: batches.archived,
      counts_0_5: batches.counts_0_5,
      counts_0_7: batches.counts_0_7,
      counts_1_0: batches.counts_1_0,
      cached_production_rate: batches.cached_production_rate,
      production_end_time: batches.production_end_time,
      running_yield_0_5: batches.running_yield_0_5,
      running_yield_0_7: batches.running_yield_0_7,
      running_yield_1_0: batches.running_yield_1_0,
    })
    .from(batches);
}

export async function readUnlocked(db: Db): Promise<Record<string, string>> {
  const rows = await db.select().from(achievementsUnlocked);
  return Object.fromEntries(rows.map((r) => [r.key, r.unlocked_at]));
}

/** First unlock wins: a concurrent reader recording the same key changes nothing. */
export async function recordUnlocked(db: Db, keys: string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  await db
    .insert(achievementsUnlocked)
    .values(keys.map((key) => ({ key, unlocked_at: now.toISOString() })))
    .onConflictDoNothing();
}

const runColumns = {
  started_at: backups.started_at,
  finished_at: backups.finished_at,
  size_bytes: backups.size_bytes,
  tag: backups.tag,
  status: backups.status,
  error: backups.error,
};

export async function readBackupFacts(db: Db): Promise<Omit<BackupFacts, "storedCount">> {
  const [newest, lastSuccess, successes] = await db.batch([
    db.select(runColumns).from(backups).orderBy(desc(backups.started_at), desc(backups.id)).limit(1),
    db.select(runColumns).from(backups).where(eq(backups.status, "success")).orderBy(desc(backups.started_at), desc(backups.id)).limit(1),
    db.select({ n: count() }).from(backups).where(eq(backups.status, "success")),
  ]);
  return {
    newest: (newest[0] as BackupRunSummary | undefined) ?? null,
    lastSuccess: (lastSuccess[0] as BackupRunSummary | undefined) ?? null,
    successCount: successes[0]?.n ?? 0,
  };
}
