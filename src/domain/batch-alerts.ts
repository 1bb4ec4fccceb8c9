import type { PushoverMessage } from "./low-stock";
import { hoursInStage, STAGE_WAITING_ON_TESTING } from "./stages";

/** Testing alerts (rules §7): computed on read, never stored. */
type TestingAlertInput = { id: string; strain: string; stage: number; stage_entered_at: string | null };

type TestingAlert = {
  batch_id: string;
  strain: string;
  hours_waiting: number;
  threshold_hours: number;
  waiting_since: string;
};

/** True when the batch has waited in stage 4 longer than `thresholdHours`. */
export function isTestingOverdue(batch: TestingAlertInput, thresholdHours: number, now: Date): boolean {
  if (batch.stage !== STAGE_WAITING_ON_TESTING) return false;
  const hours = hoursInStage(batch.stage_entered_at, now);
  return hours !== null && hours > thresholdHours;
}

/** The red dashboard banner's entries, longest wait first. */
export function testingAlerts(batches: readonly TestingAlertInput[], thresholdHours: number, now: Date): TestingAlert[] {
  const alerts: TestingAlert[] = [];
  for (const batch of batches) {
    if (!isTestingOverdue(batch, thresholdHours, now) || !batch.stage_entered_at) continue;
    const hours = hoursInStage(batch.stage_entered_at, now) ?? 0;
    alerts.push({
      batch_id: batch.id,
      strain: batch.strain,
      hours_waiting: Math.round(hours * 10) / 10,
      threshold_hours: thresholdHours,
      waiting_since: batch.stage_entered_at,
    });
  }
  return alerts.sort((a, b) => b.hours_waiting - a.hours_waiting);
}

/** Pushover target of a batch's testing alert: one cooldown per batch. */
export function testingAlertTarget(batchId: string): string {
  return `testing:${batchId}`;
}

/** The testing-overdue notification (rules §7), as a normal-priority message. */
export function testingOverdueMessage(alert: TestingAlert): PushoverMessage {
  return {
    title: "PreRollTracker – Testing overdue",
    message: `${alert.strain} (batch ${alert.batch_id}) has waited on testing for ${alert.hours_waiting} h (alert after ${alert.threshold_hours} h)`,
    priority: 0,
  };
}
