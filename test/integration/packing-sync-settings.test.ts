/**
 * The sync settings that were constants (pages §26): the Apex order poll interval and the
 * minimum time between Apex inventory writes, editable by an admin within safe bounds, refused
 * otherwise with nothing written, and obeyed by the cron tick and the push scheduler.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runScheduled } from "../../cron";
import { apexPushObject } from "../../durable-objects/apex-push-client";
import { type FakeWorld, installFakes } from "../helpers/fake-apex";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

let cookie = "";
let key = "";
let world: FakeWorld;

beforeAll(async () => {
  await setPassword();
  cookie = await login();
  key = await createApiKey();
});

beforeEach(async () => {
  await env.DB.batch(
    ["apex_orders", "apex_order_items", "packing_items", "sync_state", "job_runs", "job_leases", "event_log"].map((t) =>
      env.DB.prepare(`DELETE FROM ${t}`),
    ),
  );
  await env.DB.prepare("DELETE FROM settings WHERE key = 'packing_settings'").run();
  world = installFakes();
});

const put = (body: unknown) => call("PUT", "/api/packing/settings", body, { cookie });
const settings = async () =>
  json<{ apex_poll_interval_seconds: number; apex_min_write_interval_seconds: number }>(
    await call("GET", "/api/packing/settings", undefined, { key }),
  );
const tick = (at: Date) => runScheduled({ cron: "* * * * *", scheduledTime: at.getTime(), noRetry() {} }, env);
const runCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM job_runs WHERE job = 'apex-sync'").first<{ n: number }>())?.n;

async function lastPullAt(secondsAgo: number, now: Date) {
  const at = new Date(now.getTime() - secondsAgo * 1000).toISOString();
  await env.DB.prepare(
    "INSERT INTO job_runs (job, started_at, finished_at, outcome, rows_processed) VALUES ('apex-sync', ?, ?, 'success', 0)",
  )
    .bind(at, at)
    .run();
}

describe("PUT /api/packing/settings: the sync intervals", () => {
  it("defaults to a pull every 60 s and writes at least 10 s apart", async () => {
    expect(await settings()).toMatchObject({ apex_poll_interval_seconds: 60, apex_min_write_interval_seconds: 10 });
  });

  it.each([
    [{ apex_poll_interval_seconds: 59 }, "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900"],
    [{ apex_poll_interval_seconds: 901 }, "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900"],
    [{ apex_poll_interval_seconds: 90.5 }, "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900"],
    [{ apex_poll_interval_seconds: "120" }, "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900"],
    [{ apex_poll_interval_seconds: null }, "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900"],
    [{ apex_min_write_interval_seconds: 9 }, "apex_min_write_interval_seconds must be a whole number of seconds from 10 to 3600"],
    [{ apex_min_write_interval_seconds: 3601 }, "apex_min_write_interval_seconds must be a whole number of seconds from 10 to 3600"],
    // One bad value refuses the whole change: the good one beside it is not written either.
    [
      { apex_min_write_interval_seconds: 30, apex_poll_interval_seconds: 0 },
      "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900",
    ],
  ])("refuses %j with a 400 and writes nothing", async (body, error) => {
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(((await json(res)) as { error: string }).error).toContain(error);
    expect(await settings()).toMatchObject({ apex_poll_interval_seconds: 60, apex_min_write_interval_seconds: 10 });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM settings WHERE key = 'packing_settings'").first("n")).toBe(0);
  });

  it("stores values inside the bounds for an admin, and not for an API key", async () => {
    expect((await call("PUT", "/api/packing/settings", { apex_poll_interval_seconds: 120 }, { key })).status).toBe(401);
    const res = await put({ apex_poll_interval_seconds: 300, apex_min_write_interval_seconds: 45 });
    expect(res.status).toBe(200);
    expect(await settings()).toMatchObject({ apex_poll_interval_seconds: 300, apex_min_write_interval_seconds: 45 });
  });
});

describe("the settings take effect", () => {
  it("a cron tick inside the poll interval pulls nothing and records no run; one after it pulls", async () => {
    expect((await put({ apex_poll_interval_seconds: 300 })).status).toBe(200);
    const now = new Date();
    await lastPullAt(200, now);
    expect(await tick(now)).toEqual({ outcome: "skipped" });
    expect(await runCount()).toBe(1);
    expect(world.apex.requests("GET", "/api/v1/shipping-orders")).toHaveLength(0);

    await env.DB.prepare("DELETE FROM job_runs").run();
    await lastPullAt(295, now); // within the cron's jitter of 300 s: on time
    expect((await tick(now))?.outcome).toBe("success");
    expect(await runCount()).toBe(2);
    expect(world.apex.requests("GET", "/api/v1/shipping-orders")).toHaveLength(1);
  });

  it("at the default interval every minute's tick pulls", async () => {
    const now = new Date();
    await lastPullAt(60, now);
    expect((await tick(now))?.outcome).toBe("success");
  });

  it("the push scheduler keeps Apex writes the configured interval apart", async () => {
    const scheduler = apexPushObject(env);
    const lastPush = Date.now() - 1_000;
    await runInDurableObject(scheduler, async (_instance, state) => {
      await state.storage.deleteAlarm();
      await state.storage.put("lastPushAt", lastPush);
    });
    expect(await scheduler.requestPush(lastPush + 1_000)).toBe(lastPush + 10_000);

    expect((await put({ apex_min_write_interval_seconds: 120 })).status).toBe(200);
    await runInDurableObject(scheduler, (_instance, state) => state.storage.deleteAlarm());
    expect(await scheduler.requestPush(lastPush + 1_000)).toBe(lastPush + 120_000);
    await runInDurableObject(scheduler, (_instance, state) => state.storage.deleteAlarm());
  });

  it("sync health calls the list stale only after five missed polls at the configured interval", async () => {
    const now = new Date();
    await lastPullAt(600, now);
    const status = async () => json<{ stale: boolean }>(await call("GET", "/api/apex/sync-status", undefined, { key }));
    expect((await status()).stale).toBe(true);
    expect((await put({ apex_poll_interval_seconds: 180 })).status).toBe(200);
    expect((await status()).stale).toBe(false);
  });
});
