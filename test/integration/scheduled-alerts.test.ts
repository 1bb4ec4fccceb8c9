import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { jobs } from "../../cron/index";
import { writeSettings } from "../../src/data/settings";
import { runJob } from "../../src/jobs/run-job";
import { LOW_STOCK_JOB, lowStockJob, TESTING_ALERTS_JOB, testingAlertsJob } from "../../src/jobs/scheduled-alerts";
import { installFakes, runSync, seedPackage } from "../helpers/fake-apex";
import { installFakePushover } from "../helpers/finished-goods";
import { call, createApiKey, db } from "../helpers/http";

const T0 = Date.parse("2026-04-01T08:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const hoursBefore = (hours: number) => new Date(T0 - hours * 3600_000).toISOString();
const PUSHOVER = {
  enabled: true,
  user_key: "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
  app_token: "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
  warning_grams: 500,
  critical_grams: 50,
  cooldown_hours: 24,
};

beforeEach(async () => {
  await env.DB.batch(
    [
      "batches",
      "finished_goods",
      "pushover_alert_log",
      "job_runs",
      "job_leases",
      "settings",
      "packing_items",
      "apex_orders",
      "apex_order_items",
      "sync_state",
    ].map((t) => env.DB.prepare(`DELETE FROM ${t}`)),
  );
  await writeSettings(db(), { pushover: PUSHOVER, test_alert_hours: 48 }, new Date(T0));
});

async function seedWaiting(id: string, strain: string, hoursWaiting: number, stage = 4) {
  await env.DB.prepare(
    "INSERT INTO batches (id, strain, input_grams, target_grams_each, stage, stage_entered_at) VALUES (?, ?, 1000, 0.5, ?, ?)",
  )
    .bind(id, strain, stage, hoursBefore(hoursWaiting))
    .run();
}

describe("scheduled checks", () => {
  it("run testing alerts every 30 minutes and the low-stock check daily", () => {
    expect(jobs["*/30 * * * *"]?.name).toBe(TESTING_ALERTS_JOB);
    expect(jobs["0 14 * * *"]?.name).toBe(LOW_STOCK_JOB);
  });
});

describe("testing-overdue alerts (every 30 minutes)", () => {
  it("notify once per batch waiting on testing longer than test_alert_hours, then stay quiet through the cooldown", async () => {
    const pushover = installFakePushover();
    try {
      await seedWaiting("late", "Overdue Haze", 60);
      await seedWaiting("fresh", "Fresh Haze", 10);
      await seedWaiting("not-testing", "Other Haze", 90, 3);
      const first = await runJob(env, testingAlertsJob, at(0));
      expect(first.outcome, first.error).toBe("success");
      expect(pushover.messages).toHaveLength(1);
      expect(pushover.messages[0]).toMatchObject({
        title: "PreRollTracker – Testing overdue",
        message: "Overdue Haze (batch late) has waited on testing for 60 h (alert after 48 h)",
        priority: "0",
      });
      for (const minutes of [30, 60, 90]) expect((await runJob(env, testingAlertsJob, at(minutes))).outcome).toBe("success");
      expect(pushover.messages).toHaveLength(1);
    } finally {
      pushover.restore();
    }
  });

  it("with Pushover down: one attempt per run, the run marked failed, and exactly one alert once it is back", async () => {
    const pushover = installFakePushover();
    const attempts = () => vi.mocked(globalThis.fetch).mock.calls.length;
    try {
      await seedWaiting("stuck", "Stuck Kush", 50);
      pushover.failNext(3, 503);
      for (const minutes of [0, 30, 60]) {
        const run = await runJob(env, testingAlertsJob, at(minutes));
        expect(run.outcome).toBe("failed");
        expect(run.error).toContain("Pushover refused 1 alert(s)");
      }
      expect(attempts()).toBe(3);
      expect(pushover.messages).toHaveLength(0);
      for (const minutes of [90, 120, 150]) expect((await runJob(env, testingAlertsJob, at(minutes))).outcome).toBe("success");
      expect(pushover.messages).toHaveLength(1);
      expect(pushover.messages[0]?.message).toContain("Stuck Kush (batch stuck)");
      expect(attempts()).toBe(4);
    } finally {
      pushover.restore();
    }
  });
});

describe("low-stock check", () => {
  it("runs daily over every strain and notifies once per strain and level", async () => {
    const pushover = installFakePushover();
    try {
      await seedPackage({ metrc: "1A4000000000000000000101", strain: "Daily Low", grams: 30 });
      await seedPackage({ metrc: "1A4000000000000000000102", strain: "Daily Plenty", grams: 900 });
      const first = await runJob(env, lowStockJob, at(0));
      expect(first.outcome, first.error).toBe("success");
      expect(pushover.messages.map((m) => m.message)).toEqual(["Daily Low: 30 g available across 1 package(s) (threshold 50 g)"]);
      expect((await runJob(env, lowStockJob, at(60 * 24 - 1))).outcome).toBe("success");
      expect(pushover.messages).toHaveLength(1);
    } finally {
      pushover.restore();
    }
  });

  it("runs after an Apex sync reserves grams of a package", async () => {
    const world = installFakes();
    await seedPackage({ metrc: "1A4000000000000000000201", strain: "Synced Kush", grams: 600 });
    world.apex.addOrder({ id: 801, lines: [{ product_name: "MoM - Synced Kush 1g Pre-Roll", quantity: 200 }] });
    expect((await runSync(at(0))).outcome).toBe("success");
    expect(world.pushover.map((p) => p.form.get("message"))).toEqual([
      "Synced Kush: 400 g available across 1 package(s) (threshold 500 g)",
    ]);
  });

  it("runs after a packing line is assigned to a package", async () => {
    const world = installFakes();
    const key = await createApiKey();
    world.apex.addOrder({ id: 802, lines: [{ product_name: "MoM - Packing Haze 1g Pre-Roll", quantity: 30 }] });
    expect((await runSync(at(0))).outcome).toBe("success");
    const line = await env.DB.prepare("SELECT id, batch_name FROM packing_items WHERE order_id = 802").first<{
      id: number;
      batch_name: string;
    }>();
    expect(line?.batch_name).toBe("");
    await seedPackage({ metrc: "1A4000000000000000000301", strain: "Packing Haze", grams: 520 });
    expect(world.pushover).toHaveLength(0);
    const res = await call("PATCH", `/api/packing/items/${line?.id}`, { batch_name: "1A4000000000000000000301" }, { key });
    expect(res.status, await res.text()).toBe(200);
    await vi.waitFor(() => expect(world.pushover).toHaveLength(1));
    expect(world.pushover[0]?.form.get("message")).toBe("Packing Haze: 490 g available across 1 package(s) (threshold 500 g)");
  });
});
