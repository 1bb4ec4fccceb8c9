import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import {
  AchievementsView,
  AuditPageView,
  AuditQuery,
  BackupStatusView,
  OverviewView,
  ProductionHistoryQuery,
  ProductionHistoryView,
  StatsQuery,
  StatsView,
} from "../contracts/reports";
import { auditActorOf } from "../data/people";
import {
  firstCountChange,
  readAuditPage,
  readBackupFacts,
  readBatchFigures,
  readHourlyDeltas,
  readOverviewData,
  readUnlocked,
  recordUnlocked,
} from "../data/reports";
import { evaluateAchievements, productionFacts } from "../domain/achievements";
import { backupStatus } from "../domain/backup-status";
import { bucketProduction, dailyProduction, lastLocalDates, localDate, queryStart, resolveTimeZone } from "../domain/daily-production";
import { priorityBatches, stageCounts } from "../domain/overview";
import { DEFAULT_SETTINGS, OperationalSettings } from "../domain/settings";
import { rateTrend, STATS_PERIODS, statsSummary, strainPerformance } from "../domain/stats";
import type { AppEnv, Db } from "../env";
import { defineRoute } from "../http/registry";
import { listStoredBackups } from "../storage/backup-prune";

/**
 * Overview, audit, production history, stats, achievements and backup status
 * (api.md §10, §13.1; rules §2.8, §2.9, §19). The Apex sync status and trigger live in apex.ts.
 */
export const reports = new Hono<AppEnv>();
const TAG = "Reports";
const auth = "key-or-session" as const;

defineRoute(
  reports,
  {
    method: "get",
    path: "/api/overview",
    auth,
    tag: TAG,
    summary: "Stage counts, today's production, batches needing attention",
    response: { 200: OverviewView },
  },
  async (c) => {
    const now = new Date();
    const tz = resolveTimeZone(c.env.TIME_ZONE);
    const [today = localDate(now, tz)] = lastLocalDates(now, 1, tz);
    const { active, deltas, testAlertHours } = await readOverviewData(c.var.db, queryStart(today));
    const alertHours = OperationalSettings.shape.test_alert_hours.safeParse(testAlertHours).data ?? DEFAULT_SETTINGS.test_alert_hours;
    const [day] = dailyProduction(deltas, tz, [today]);
    return c.json({
      stage_counts: stageCounts(active),
      production_stats: {
        today_total: day?.total ?? 0,
        today_0_5: day?.["0_5"] ?? 0,
        today_0_7: day?.["0_7"] ?? 0,
        today_1_0: day?.["1_0"] ?? 0,
      },
      priority_batches: priorityBatches(active, alertHours, now),
      total_active: active.length,
    });
  },
);

for (const path of ["/api/audit", "/api/audit-log"]) {
  defineRoute(
    reports,
    {
      method: "get",
      path,
      auth,
      tag: TAG,
      summary: "Audit trail, newest first (limit, before, before_id; optional batch and field filters)",
      response: { 200: AuditPageView },
      query: AuditQuery,
    },
    async (c, { query }) => {
      const before = query.before === undefined ? undefined : { ts: query.before, id: query.before_id ?? null };
      const actors = await auditActorsOf(c.var.db, query);
      return c.json(await readAuditPage(c.var.db, { limit: query.limit, before, batch: query.batch, field: query.field, actors }));
    },
  );
}

defineRoute(
  reports,
  {
    method: "get",
    path: "/api/production-history",
    auth,
    tag: TAG,
    summary: "Pre-rolls made per local day (days 1–90)",
    response: { 200: ProductionHistoryView },
    query: ProductionHistoryQuery,
  },
  async (c, { query }) => {
    const tz = resolveTimeZone(c.env.TIME_ZONE);
    const dates = lastLocalDates(new Date(), query.days, tz);
    const deltas = await readHourlyDeltas(c.var.db, queryStart(dates[0] ?? ""));
    return c.json({ days: query.days, daily_production: dailyProduction(deltas, tz, dates) });
  },
);

defineRoute(
  reports,
  { method: "get", path: "/api/backup-status", auth, tag: TAG, summary: "Last backup and its health", response: { 200: BackupStatusView } },
  async (c) => {
    const [facts, stored] = await Promise.all([readBackupFacts(c.var.db), listStoredBackups(c.env.BACKUPS)]);
    return c.json(backupStatus({ ...facts, storedCount: stored.length }, new Date()));
  },
);

defineRoute(
  reports,
  { method: "get", path: "/api/achievements", auth, tag: TAG, summary: "Achievements with progress", response: { 200: AchievementsView } },
  async (c) => {
    const now = new Date();
    const [figures, unlocked] = await Promise.all([readBatchFigures(c.var.db), readUnlocked(c.var.db)]);
    const achievements = evaluateAchievements(productionFacts(figures), unlocked, now);
    // The first time an achievement is seen unlocked, its time is kept.
    await recordUnlocked(
      c.var.db,
      achievements.filter((a) => a.unlocked && !unlocked[a.key]).map((a) => a.key),
      now,
    );
    return c.json({ achievements, unlocked_count: achievements.filter((a) => a.unlocked).length, total: achievements.length });
  },
);

/** All time: from the first count change on record, at most ten years of days. */
const MAX_SERIES_DAYS = 3650;

defineRoute(
  reports,
  {
    method: "get",
    path: "/api/stats",
    auth,
    tag: TAG,
    summary: "Totals, production over time, per-size and per-strain figures",
    response: { 200: StatsView },
    query: StatsQuery,
  },
  async (c, { query }) => {
    const now = new Date();
    const tz = resolveTimeZone(c.env.TIME_ZONE);
    let days: number = query.period === "all" ? 1 : STATS_PERIODS[query.period];
    if (query.period === "all") {
      const first = await firstCountChange(c.var.db);
      const firstDay = first ? localDate(new Date(first), tz) : localDate(now, tz);
      const span = Math.round((Date.parse(localDate(now, tz)) - Date.parse(firstDay)) / 86_400_000) + 1;
      days = Math.min(MAX_SERIES_DAYS, Math.max(1, span));
    }
    const dates = lastLocalDates(now, days, tz);
    const [figures, deltas] = await Promise.all([readBatchFigures(c.var.db), readHourlyDeltas(c.var.db, queryStart(dates[0] ?? ""))]);
    const daily = dailyProduction(deltas, tz, dates);
    return c.json({
      summary: statsSummary(figures),
      period: query.period,
      days,
      daily,
      weekly: bucketProduction(daily, "week"),
      monthly: bucketProduction(daily, "month"),
      strain_performance: strainPerformance(figures),
      rate_trend: rateTrend(figures),
    });
  },
);

/** `user` and `key` filters name rows by who wrote them (either, when both); an unknown id is a 404. */
async function auditActorsOf(db: Db, query: { user?: string | undefined; key?: string | undefined }): Promise<string[] | undefined> {
  if (query.user === undefined && query.key === undefined) return undefined;
  const actors: string[] = [];
  if (query.user !== undefined) actors.push(found(await auditActorOf(db, { user: query.user }), "User not found"));
  if (query.key !== undefined) actors.push(found(await auditActorOf(db, { key: query.key }), "API key not found"));
  return actors;
}

function found(actor: string | null, message: string): string {
  if (actor === null) throw new HTTPException(404, { message });
  return actor;
}
