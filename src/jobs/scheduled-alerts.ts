/** The scheduled checks of the spec: testing-overdue alerts (rules §7) and the daily low-stock check (§9). */
import { waitingOnTesting } from "../data/batches";
import { readSettings } from "../data/settings";
import { createDb } from "../db/client";
import { testingAlerts, testingAlertTarget, testingOverdueMessage } from "../domain/batch-alerts";
import { resolveSettings } from "../domain/settings";
import type { OptionalSecrets } from "../env";
import { type CheckResult, checkLowStock, readNotifier, sendOnce } from "../integrations/pushover";
import type { Job, JobSummary } from "./run-job";

export const TESTING_ALERTS_JOB = "testing-alerts";
export const LOW_STOCK_JOB = "low-stock-check";

type Failure = { target: string; error: string };

/**
 * A run whose alerts could not all be delivered is recorded as failed, so it shows; the undelivered
 * ones gave their cooldown slot back and are tried again by the next run.
 */
function summaryOf(result: { alerts_sent: unknown[]; failed: Failure[]; skipped?: string }): JobSummary {
  const detail = JSON.stringify(result);
  const first = result.failed[0];
  if (first) throw new Error(`Pushover refused ${result.failed.length} alert(s), tried again next run: ${first.error}`.slice(0, 500));
  return { rowsProcessed: result.alerts_sent.length, detail };
}

/** Every 30 minutes: one alert per batch waiting on testing longer than `test_alert_hours`, per cooldown. */
async function checkTestingOverdue(env: Env & OptionalSecrets, now: Date) {
  const db = createDb(env.DB);
  const result = {
    checked: 0,
    alerts_sent: [] as string[],
    suppressed_by_cooldown: 0,
    failed: [] as Failure[],
    skipped: undefined as string | undefined,
  };
  const notifier = await readNotifier(env, db);
  if ("skipped" in notifier) return { ...result, skipped: notifier.skipped };
  const [settings, waiting] = await Promise.all([readSettings(db, ["test_alert_hours"]), waitingOnTesting(db)]);
  const alerts = testingAlerts(waiting, resolveSettings(settings).test_alert_hours, now);
  result.checked = waiting.length;
  for (const alert of alerts) {
    const target = testingAlertTarget(alert.batch_id);
    const outcome = await sendOnce(env, db, notifier, { target, level: "warning", message: testingOverdueMessage(alert) }, now);
    if (outcome.sent) result.alerts_sent.push(alert.batch_id);
    else if (outcome.cooling) result.suppressed_by_cooldown++;
    else result.failed.push({ target, error: outcome.error });
  }
  return result;
}

export const testingAlertsJob: Job = {
  name: TESTING_ALERTS_JOB,
  run: async (env, now) => summaryOf(await checkTestingOverdue(env, now)),
};

export const lowStockJob: Job = {
  name: LOW_STOCK_JOB,
  run: async (env, now) => summaryOf((await checkLowStock(env, createDb(env.DB), now)) satisfies CheckResult),
};
