import { env } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkContract } from "../helpers/contract";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";

let key = "";
let cookie = "";
beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
});

type Body = Record<string, unknown>;
type Report = {
  inventory: Record<string, Record<string, unknown>>;
  current_papers: Body;
  alerts: Body[];
  dismissed_alerts: Body[];
  analytics: Record<string, Body>;
};

async function stock() {
  return (
    await env.DB.prepare("SELECT size, boxes, individual_papers, low_threshold, alert_dismissed_at FROM inventory ORDER BY size").all()
  ).results;
}
const report = async () => json<Report>(await call("GET", "/api/inventory/", undefined, { key }));

beforeEach(async () => {
  await env.DB.batch([
    env.DB.prepare(
      "UPDATE inventory SET boxes = 10, individual_papers = 0, low_threshold = 5, alert_dismissed_at = NULL, last_updated = NULL",
    ),
    env.DB.prepare("DELETE FROM settings WHERE key IN ('papers_per_box', 'inventory_thresholds')"),
    env.DB.prepare("DELETE FROM inventory_usage"),
  ]);
});

describe("GET /api/inventory/", () => {
  it("answers the documented nesting, with and without the trailing slash", async () => {
    await env.DB.prepare("UPDATE inventory SET boxes = CASE size WHEN '0_5' THEN 10 WHEN '0_7' THEN 8 ELSE 12 END").run();
    for (const path of ["/api/inventory/", "/api/inventory"]) {
      const body = await json<Report>(await call("GET", path, undefined, { key }));
      expect(body.inventory).toMatchObject({
        current_boxes: { "0_5": 10, "0_7": 8, "1_0": 12 },
        papers_per_box: { "0_5": 1000, "0_7": 900, "1_0": 1000 },
        alert_thresholds: { "0_5": 5, "0_7": 5, "1_0": 5 },
      });
      expect(body.current_papers).toEqual({ "0_5": 10000, "0_7": 7200, "1_0": 12000 });
      expect(body.alerts).toEqual([]);
      expect(body.analytics.predicted_days_remaining).toEqual({ "0_5": null, "0_7": null, "1_0": null });
    }
  });

  it("predicts days remaining from the last 30 days of usage", async () => {
    const now = Date.now();
    const day = 24 * 3600 * 1000;
    await env.DB.batch([
      env.DB.prepare("INSERT INTO inventory_usage (size, timestamp, papers_used) VALUES ('0_5', ?, 1000)").bind(
        new Date(now - 2 * day).toISOString(),
      ),
      env.DB.prepare("INSERT INTO inventory_usage (size, timestamp, papers_used) VALUES ('0_5', ?, 1000)").bind(
        new Date(now - 3 * day).toISOString(),
      ),
      env.DB.prepare("INSERT INTO inventory_usage (size, timestamp, papers_used) VALUES ('0_5', ?, 99999)").bind(
        new Date(now - 40 * day).toISOString(),
      ),
    ]);
    const body = await report();
    const workDays = Number(body.analytics.work_days_in_window);
    expect(body.analytics.papers_used_last_30_days).toMatchObject({ "0_5": 2000 });
    expect(body.analytics.predicted_days_remaining?.["0_5"]).toBe(Math.round((10000 / (2000 / workDays)) * 10) / 10);
  });

  it("needs credentials", async () => {
    expect((await call("GET", "/api/inventory/")).status).toBe(401);
  });
});

describe("POST /api/inventory/update", () => {
  it("sets absolute values and answers the documented message", async () => {
    const res = await call("POST", "/api/inventory/update", { size: "0_5", box_count: 15, individual_papers: 250 }, { key });
    expect(await json(res)).toEqual({
      status: "success",
      message: "Updated 0.5g inventory to 15 boxes, 250 individual papers",
      inventory: { boxes: 15, individual_papers: 250, total_papers: 15250 },
    });
    const partial = await call("POST", "/api/inventory/update", { size: "0_7", individual_papers: 5 }, { key });
    expect(await json(partial)).toMatchObject({
      message: "Updated 0.7g inventory to 10 boxes, 5 individual papers",
      inventory: { total_papers: 9005 },
    });
    expect(await env.DB.prepare("SELECT count(*) AS n FROM event_log WHERE action = 'inventory_updated'").first()).toMatchObject({ n: 2 });
  });

  it.each([
    [{ box_count: 1 }, "Invalid size"],
    [{ size: "2_0", box_count: 1 }, "Invalid size"],
    [{ size: ["0_5"], box_count: 1 }, "Invalid size"],
    [{ size: "0_5" }, "box_count or individual_papers is required"],
    [{ size: "0_5", box_count: -1 }, "box_count must be a whole number from 0 to 1000000"],
    [{ size: "0_5", box_count: 1.5 }, "box_count must be a whole number from 0 to 1000000"],
    [{ size: "0_5", box_count: "12" }, "box_count must be a whole number from 0 to 1000000"],
    [{ size: "0_5", individual_papers: 1e308 }, "individual_papers must be a whole number from 0 to 100000000"],
  ])("refuses %j and changes nothing", async (body, error) => {
    const before = await stock();
    const res = await call("POST", "/api/inventory/update", body, { key });
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await stock()).toEqual(before);
  });
});

describe("POST /api/inventory/settings", () => {
  it("stores thresholds (setting and column) and papers per box, merging sizes", async () => {
    const res = await call("POST", "/api/inventory/settings", { thresholds: { "0_7": 3 }, papers_per_box: { "0_5": 800 } }, { key });
    expect(await json(res)).toEqual({ status: "success", message: "Inventory settings updated" });
    await call("POST", "/api/inventory/settings", { thresholds: { "1_0": 2 } }, { key });
    const settings = await env.DB.prepare(
      "SELECT key, value FROM settings WHERE key IN ('inventory_thresholds', 'papers_per_box') ORDER BY key",
    ).all<{ key: string; value: string }>();
    expect(Object.fromEntries(settings.results.map((r) => [r.key, JSON.parse(r.value)]))).toEqual({
      inventory_thresholds: { "0_5": 5, "0_7": 3, "1_0": 2 },
      papers_per_box: { "0_5": 800, "0_7": 900, "1_0": 1000 },
    });
    expect((await stock()).map((r) => r.low_threshold)).toEqual([5, 3, 2]);
    const body = await report();
    expect(body.inventory.alert_thresholds).toEqual({ "0_5": 5, "0_7": 3, "1_0": 2 });
    expect(body.current_papers).toMatchObject({ "0_5": 8000 });
  });

  it.each([
    [{}, "thresholds or papers_per_box is required"],
    [{ thresholds: {} }, "thresholds or papers_per_box is required"],
    [{ thresholds: { "0_5": -1 } }, "thresholds.0_5 must be a whole number from 0 to 1000000"],
    [{ thresholds: { "2_0": 1 } }, "thresholds must be an object keyed by 0_5, 0_7 and 1_0"],
    [{ papers_per_box: { "0_5": 0 } }, "papers_per_box.0_5 must be a whole number from 1 to 100000"],
    [{ thresholds: "five" }, "thresholds must be an object keyed by 0_5, 0_7 and 1_0"],
  ])("refuses %j", async (body, error) => {
    const before = await stock();
    const res = await call("POST", "/api/inventory/settings", body, { key });
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await stock()).toEqual(before);
  });
});

describe("low-stock alerts and dismissal", () => {
  it("alerts below threshold; a dismissal hides it until the stock changes", async () => {
    await env.DB.prepare("UPDATE inventory SET boxes = 3, individual_papers = 250 WHERE size = '0_5'").run();
    expect((await report()).alerts).toEqual([{ size: "0_5", boxes: 3, threshold: 5, total_papers: 3250, dismissed: false }]);

    const res = await call("POST", "/api/dismiss-inventory-alert/0_5", undefined, { cookie });
    expect(await json(res)).toEqual({ status: "success", message: "Alert for 0_5 dismissed" });
    const dismissed = await report();
    expect(dismissed.alerts).toEqual([]);
    expect(dismissed.dismissed_alerts).toEqual([{ size: "0_5", boxes: 3, threshold: 5, total_papers: 3250, dismissed: true }]);

    // Stock still low after a change: the alert comes back.
    await call("POST", "/api/inventory/update", { size: "0_5", box_count: 2 }, { key });
    expect((await report()).alerts).toEqual([expect.objectContaining({ size: "0_5", boxes: 2, dismissed: false })]);
  });

  it("a dismissal older than 24 hours no longer hides the alert", async () => {
    const old = new Date(Date.now() - 25 * 3600 * 1000).toISOString();
    await env.DB.prepare("UPDATE inventory SET boxes = 1, alert_dismissed_at = ? WHERE size = '1_0'").bind(old).run();
    expect((await report()).alerts.map((a) => a.size)).toEqual(["1_0"]);
  });

  it("dismisses all at once", async () => {
    await env.DB.prepare("UPDATE inventory SET boxes = 0").run();
    const res = await call("POST", "/api/dismiss-inventory-alerts", undefined, { cookie });
    expect(await json(res)).toEqual({ status: "success", message: "All inventory alerts dismissed" });
    expect((await report()).alerts).toEqual([]);
  });

  it.each([["9_9"], ["%27%3B%20DROP"]])("refuses dismissing size %s", async (size) => {
    const res = await call("POST", `/api/dismiss-inventory-alert/${size}`, undefined, { cookie });
    expect([res.status, await res.json()]).toEqual([400, { error: "Invalid size" }]);
  });

  it("dismissal is session only", async () => {
    const res = await call("POST", "/api/dismiss-inventory-alerts", undefined, { key });
    expect([res.status, await res.json()]).toEqual([401, { error: "Authentication required" }]);
  });
});

describe("POST /api/inventory/upload", () => {
  const upload = (csv: string, type = "text/csv") => call("POST", "/api/inventory/upload", csv, { key, headers: { "Content-Type": type } });

  it("applies every row of a valid CSV", async () => {
    const res = await upload("size,boxes,individual_papers,low_threshold\n0_5,12,347,6\n0_7,4,120\n1_0,9,800,\n");
    const body = await json<{ status: string; updated: Body[] }>(res);
    expect(body).toMatchObject({ status: "success", message: "Updated 3 size(s) from CSV" });
    expect(await stock()).toEqual([
      { size: "0_5", boxes: 12, individual_papers: 347, low_threshold: 6, alert_dismissed_at: null },
      { size: "0_7", boxes: 4, individual_papers: 120, low_threshold: 5, alert_dismissed_at: null },
      { size: "1_0", boxes: 9, individual_papers: 800, low_threshold: 5, alert_dismissed_at: null },
    ]);
  });

  it("accepts a multipart upload", async () => {
    const form = new FormData();
    form.set("file", new File(["0_5,7,1\n"], "stock.csv", { type: "text/csv" }));
    const res = await SELFUpload(form);
    expect(res.status).toBe(200);
    expect((await stock())[0]).toMatchObject({ boxes: 7, individual_papers: 1 });
  });

  it("a CSV with one bad row changes nothing and names the row and column", async () => {
    const before = await stock();
    const res = await upload("size,boxes,individual_papers\n0_5,12,347\n0_7,lots,120\n1_0,9,800\n");
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: 'Row 3, column boxes: expected a whole number from 0 to 1000000, got "lots"' },
    ]);
    expect(await stock()).toEqual(before);
  });

  it.each([
    ["", "text/csv", "The CSV has no inventory rows"],
    ['{"size":"0_5"}', "application/json", "Send the CSV as text/csv or multipart/form-data"],
    ["0_5,1,1\n".repeat(200), "text/csv", "The CSV has more than 100 lines"],
  ])("refuses %j (%s)", async (csv, type, error) => {
    const before = await stock();
    const res = await upload(csv, type);
    expect([res.status, await res.json()]).toEqual([400, { error }]);
    expect(await stock()).toEqual(before);
  });
});

async function SELFUpload(form: FormData): Promise<Response> {
  const { SELF } = await import("cloudflare:test");
  const res = await SELF.fetch("http://localhost/api/inventory/upload", { method: "POST", body: form, headers: { "X-API-Key": key } });
  await checkContract("POST", "/api/inventory/upload", res);
  return res;
}
