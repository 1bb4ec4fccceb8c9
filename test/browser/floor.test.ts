import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, createBatch, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/** The floor PWA in Debian's Chromium against the app as `wrangler dev` serves it. */

let browser: Browser;
let desk: BrowserContext;

type Batch = { id: string; strain: string; counts_0_5: number; counts_0_7: number; counts_1_0: number };

async function serverBatch(context: BrowserContext, id: string): Promise<Batch> {
  const res = await apiCall<Batch>(context, "GET", `/api/batch/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function openPlan(page: Page, id: string): Promise<void> {
  await page.goto(`${baseUrl()}/admin/batch/${id}/plan`);
  await page.getByRole("button", { name: "+25" }).waitFor();
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
});
afterAll(async () => {
  await browser?.close();
});

describe("floor PWA", () => {
  it("renders every floor route without a console error, with the shell, and an unknown path shows not found", async () => {
    const id = await createBatch(desk, { strain: "Route Check", planned_0_5: 400, thc_percent: 21.5, harvest_date: "2026-10-01" });
    const page = await desk.newPage();
    const errors = watchErrors(page);
    const routes: [string, string][] = [
      ["/admin", "Production Dashboard"],
      ["/", "Production Dashboard"],
      ["/admin/batch/new", "Add Strain"],
      [`/admin/batch/${id}`, "Edit Batch: Route Check"],
      [`/admin/batch/${id}/plan`, "Route Check"],
      ["/archive", "Archive"],
      ["/offline", "You are offline"],
      ["/admin/no-such-page", "Page not found"],
    ];
    for (const [path, heading] of routes) {
      await page.goto(`${baseUrl()}${path}`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    }
    await page.getByRole("link", { name: "Go to the Production Dashboard" }).click();
    await page.getByRole("heading", { level: 1, name: "Production Dashboard" }).waitFor();
    await expect(page.getByRole("link", { name: "Pre-Roll Tracker" }).isVisible()).resolves.toBe(true);
    await page.getByText("v2.0.0").waitFor();
    await page
      .getByRole("row", { name: /Route Check/ })
      .getByRole("button", { name: "Plan", exact: true })
      .click();
    await page.getByRole("heading", { level: 1, name: "Route Check" }).waitFor();
    await page.getByRole("button", { name: "+25" }).waitFor();
    expect(errors).toEqual([]);
  });

  it("shows active batches with stage badges, totals and per-batch Plan/Edit, and archives a Done batch", async () => {
    const done = await createBatch(desk, { strain: "Done Strain", stage: 7, counts_0_5: 10 });
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin`);
    const row = page.getByRole("row", { name: /Done Strain/ });
    await row.getByText("Done", { exact: true }).waitFor();
    await expect(row.getByRole("button", { name: "Plan", exact: true }).isVisible()).resolves.toBe(true);
    await expect(row.getByRole("button", { name: "Edit", exact: true }).getAttribute("aria-describedby")).resolves.toMatch(/^batch-name-/);
    await screenshot(page, "dashboard-desktop", true);
    await row.getByRole("button", { name: "Archive", exact: true }).click();
    await page.getByText("Done Strain archived").waitFor();
    await expect(page.getByRole("row", { name: /Done Strain/ }).count()).resolves.toBe(0);
    const archived = await apiCall<Batch[]>(desk, "GET", "/api/archive");
    expect(archived.body.map((b) => b.id)).toContain(done);
    await page.goto(`${baseUrl()}/archive`);
    await page.getByRole("button", { name: "Unarchive Done Strain" }).click();
    await page.getByText("Done Strain is back on the dashboard").waitFor();
  });

  it("reorders by keyboard with Move up / Move down and saves the order to /api/reorder", async () => {
    await createBatch(desk, { strain: "Order A" });
    await createBatch(desk, { strain: "Order B" });
    const order = async () => (await apiCall<Batch[]>(desk, "GET", "/api/data")).body.map((b) => b.strain);
    const before = await order();
    const first = before.indexOf("Order A") < before.indexOf("Order B") ? "Order A" : "Order B";
    const at = before.indexOf(first);
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin`);
    await page.getByRole("button", { name: `Move ${first} down` }).press("Enter");
    await expect.poll(async () => (await order()).indexOf(first)).toBe(at + 1);
    await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).resolves.toContain(first);
  });

  it("adds a batch with the server's validation words, back on the dashboard edits it (stage applies only on Save), then deletes it", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin/batch/new`);
    await page.getByLabel("Input grams").fill("500");
    await page.getByRole("button", { name: "Add Batch" }).click();
    await page.getByText("strain is required").first().waitFor();
    await page.getByLabel("Strain", { exact: true }).fill("Form Kush");
    await page.getByLabel("THC %").fill("140");
    await page.getByRole("button", { name: "Add Batch" }).click();
    await page.getByText("thc_percent must be between 0 and 100").first().waitFor();
    // A name of its own per attempt: a retried test must not find the first attempt's batch too.
    const strain = `Form Kush ${Date.now().toString(36)}`;
    await page.getByLabel("Strain", { exact: true }).fill(strain);
    await page.getByLabel("THC %").fill("22");
    await page.getByRole("button", { name: "Add Batch" }).click();
    // pages.md §6: the new batch is created at stage 0 and the page returns to the dashboard.
    await page.getByRole("heading", { level: 1, name: "Production Dashboard" }).waitFor();
    const row = page.getByRole("row", { name: new RegExp(strain) });
    await row.getByText("Not ground").waitFor();
    await row.getByRole("button", { name: "Edit" }).click();
    await page.getByRole("heading", { level: 1, name: `Edit Batch: ${strain}` }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).pathname.split("/")[3] ?? "");
    await page.getByLabel("Stage").selectOption({ label: "In progress" });
    expect((await serverBatch(desk, id)) as unknown as { stage: number }).toMatchObject({ stage: 0 });
    await screenshot(page, "edit-batch-desktop");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel("Test results").fill("THC 24.1 %, passed");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Batch saved").waitFor();
    expect((await serverBatch(desk, id)) as unknown as { stage: number }).toMatchObject({
      stage: 2,
      test_results: { notes: "THC 24.1 %, passed" },
    });
    await page.getByRole("heading", { name: "Audit" }).waitFor();
    await page.getByRole("cell", { name: "stage", exact: true }).first().waitFor();

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("button", { name: "Delete batch", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Production Dashboard" }).waitFor();
    expect((await apiCall(desk, "GET", `/api/batch/${encodeURIComponent(id)}`)).status).toBe(404);
    await page.waitForTimeout(1000);
    expect(errors).toEqual([]);
  });

  it("+25 raises the server's count by exactly 25, lights Saved, and a second device sees it within 2 s", async () => {
    const id = await createBatch(desk, { strain: "Live Haze", planned_0_5: 500, counts_0_5: 100 });
    const other = await signedIn(browser, DESKTOP);
    const watcher = await other.newPage();
    await watcher.goto(`${baseUrl()}/admin`);
    const cell = watcher
      .getByRole("row", { name: /Live Haze/ })
      .getByRole("cell")
      .nth(3);
    await expect.poll(() => cell.textContent()).toBe("100");
    await watcher.getByText("Live", { exact: true }).waitFor();

    const page = await desk.newPage();
    const errors = watchErrors(page);
    await openPlan(page, id);
    await page.getByRole("button", { name: "+25" }).click();
    await page.getByRole("status").filter({ hasText: "Every tap is on the server" }).waitFor();
    // pages.md §8: the Saved button turns green.
    await expect(page.getByRole("button", { name: "Saved", exact: true }).getAttribute("class")).resolves.toContain("saved-saved");
    expect((await serverBatch(desk, id)).counts_0_5).toBe(125);
    const started = Date.now();
    await expect.poll(() => cell.textContent(), { timeout: 2000, interval: 50 }).toBe("125");
    expect(Date.now() - started).toBeLessThanOrEqual(2000);
    await page.getByRole("button", { name: "−50" }).click();
    await page.getByRole("tab", { name: /0\.7 g/ }).click();
    await page.getByRole("button", { name: "+100" }).click();
    await expect.poll(async () => serverBatch(desk, id)).toMatchObject({ counts_0_5: 75, counts_0_7: 100 });
    await page.getByRole("status").filter({ hasText: "Every tap is on the server" }).waitFor();
    await screenshot(page, "plan-desktop", true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await other.close();
  });

  it("falls back to polling when the socket cannot be held, and still shows another device's change", async () => {
    const id = await createBatch(desk, { strain: "Poll Purple", counts_0_7: 10 });
    const context = await signedIn(browser, DESKTOP);
    const page = await context.newPage();
    // Every socket is closed at once, as a proxy that drops upgrades would.
    await page.routeWebSocket(/\/api\/live/, (ws) => ws.close({ code: 1012, reason: "restarting" }));
    await page.goto(`${baseUrl()}/admin`);
    await page.getByText("Polling", { exact: true }).waitFor({ timeout: 15_000 });
    const cell = page
      .getByRole("row", { name: /Poll Purple/ })
      .getByRole("cell")
      .nth(4);
    await expect.poll(() => cell.textContent()).toBe("10");
    await apiCall(desk, "POST", `/api/batch/${id}/count-deltas`, { size: "0_7", delta: 50 });
    await expect.poll(() => cell.textContent(), { timeout: 12_000 }).toBe("60");
    await context.close();
  });

  it("a live change whose refetch failed is fetched again once the device is back online", async () => {
    const id = await createBatch(desk, { strain: "Retry Runtz", counts_0_7: 20 });
    const context = await signedIn(browser, DESKTOP);
    const page = await context.newPage();
    await page.goto(`${baseUrl()}/admin`);
    await page.getByText("Live", { exact: true }).waitFor();
    const cell = page
      .getByRole("row", { name: /Retry Runtz/ })
      .getByRole("cell")
      .nth(4);
    await expect.poll(() => cell.textContent()).toBe("20");
    // The socket stays up but every list read fails, as on a flaky floor network.
    let refused = 0;
    await page.route(/\/api\/data(\?|$)/, (route) => {
      refused++;
      return route.abort("internetdisconnected");
    });
    await apiCall(desk, "POST", `/api/batch/${id}/count-deltas`, { size: "0_7", delta: 30 });
    await expect.poll(() => refused, { timeout: 5000 }).toBeGreaterThan(0);
    expect(await cell.textContent()).toBe("20");
    await page.unroute(/\/api\/data(\?|$)/);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect.poll(() => cell.textContent(), { timeout: 5000 }).toBe("50");
    await context.close();
  });

  it("queues taps offline, keeps them across a reload as '3 pending', and applies exactly +75 once online even when a reply is lost", async () => {
    const id = await createBatch(desk, { strain: "Offline OG", planned_1_0: 300, counts_1_0: 40 });
    const context = await signedIn(browser, { ...DESKTOP, serviceWorkers: "allow" });
    const page = await context.newPage();
    await openPlan(page, id);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first load is not controlled yet; after this reload the service worker serves the shell.
    await page.reload();
    await page.getByRole("button", { name: "+25" }).waitFor();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.getByRole("tab", { name: /1\.0 g/ }).click();

    await context.setOffline(true);
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "+25" }).click();
    await page.getByRole("button", { name: /Sync: Offline · 3 pending/ }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: /3 pending/ }).waitFor();
    await page.getByRole("tab", { name: /1\.0 g/ }).click();
    await page.getByRole("tab", { name: /1\.0 g\s*115 \/ 300/ }).waitFor();
    expect((await serverBatch(desk, id)).counts_1_0).toBe(40);
    await screenshot(page, "plan-offline-desktop");

    // The first replay reaches the server but its answer never comes back.
    let dropped = 0;
    await page.route("**/count-deltas", async (route) => {
      if (dropped === 0) {
        dropped++;
        await route.fetch();
        await route.abort("connectionreset");
        return;
      }
      await route.continue();
    });
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await expect.poll(async () => (await serverBatch(desk, id)).counts_1_0, { timeout: 45_000 }).toBe(115);
    await page.getByRole("status").filter({ hasText: "Every tap is on the server" }).waitFor({ timeout: 45_000 });
    expect(dropped).toBe(1);
    expect((await serverBatch(desk, id)).counts_1_0).toBe(115);
    await context.close();
  });

  it("on a phone shows cards, and the menu drawer closes by Escape, the X and the dimmed area", async () => {
    // A name of its own per attempt: a retried test must not find the first attempt's batch too.
    const strain = `Phone Dream ${Date.now().toString(36)}`;
    await createBatch(desk, { strain, counts_0_5: 5 });
    const phone = await signedIn(browser, PHONE);
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin`);
    await page.getByRole("heading", { level: 3, name: strain }).waitFor();
    await expect(page.getByRole("table").count()).resolves.toBe(0);
    await screenshot(page, "dashboard-phone");
    expect(await seriousViolations(page)).toEqual([]);

    const open = page.getByRole("button", { name: "Open menu" });
    const drawer = page.getByRole("navigation", { name: "Menu" });
    await open.click();
    await drawer.waitFor();
    await screenshot(page, "drawer-phone");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "detached" });
    await open.click();
    // One "Close menu" on the page (the dimmed area is not a second one): strict mode would refuse two.
    await page.getByRole("button", { name: "Close menu" }).click();
    await drawer.waitFor({ state: "detached" });
    await open.click();
    await page.mouse.click(370, 400);
    await drawer.waitFor({ state: "detached" });
    await open.click();
    await drawer.getByRole("link", { name: "Archive" }).click();
    await page.getByRole("heading", { level: 1, name: "Archive" }).waitFor();

    const id = await createBatch(desk, { strain: "Phone Plan", planned_0_5: 100 });
    await openPlan(page, id);
    await screenshot(page, "plan-phone", true);
    for (const name of ["+25", "+50", "+100", "−25", "−50", "−100"]) {
      const box = await page.getByRole("button", { name, exact: true }).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(64);
    }
    expect(errors).toEqual([]);
    await phone.close();
  });

  it("shows a refused tap (the count would go below 0) with the server's words, keeps Saved unlit, and discards it", async () => {
    const id = await createBatch(desk, { strain: "Refused Runtz", counts_0_5: 10, planned_0_5: 100 });
    const page = await desk.newPage();
    await openPlan(page, id);
    await page.getByRole("button", { name: "−25" }).click();
    const status = page.getByRole("status").filter({ hasText: "Refused:" });
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain("taking away 25 would make it negative");
    await expect(page.getByRole("button", { name: "Saved", exact: true }).getAttribute("class")).resolves.not.toContain("saved-saved");
    await page.getByRole("button", { name: /Sync: 1 refused/ }).click();
    const dialog = page.getByRole("dialog", { name: "Changes on this device" });
    await dialog.getByRole("button", { name: "Discard" }).click();
    await dialog.getByText("Everything is saved").waitFor();
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.getByRole("status").filter({ hasText: "Every tap is on the server" }).waitFor();
    expect((await serverBatch(desk, id)).counts_0_5).toBe(10);
  });

  it("Weigh Sample saves a 10-roll weight and shows the running yield in its colour", async () => {
    const id = await createBatch(desk, { strain: "Weigh Widow", counts_0_7: 200, planned_0_7: 400 });
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin/batch/${id}/plan?size=0_7`);
    await page.getByRole("button", { name: "Weigh Sample" }).click();
    const dialog = page.getByRole("dialog", { name: "Weigh Sample · 0.7 g" });
    await dialog.getByLabel("Weight of 10 pre-rolls (g)").fill("8.4");
    await dialog.getByRole("button", { name: "Save Sample" }).click();
    await dialog.getByText(/Running yield: 98\.6%/).waitFor();
    await expect(dialog.locator(".yield-green").count()).resolves.toBe(1);
  });

  it("the edit page on a phone keeps every field labelled and reachable", async () => {
    const id = await createBatch(desk, { strain: "Phone Edit", thc_percent: 19 });
    const phone = await signedIn(browser, PHONE);
    const page = await phone.newPage();
    await page.goto(`${baseUrl()}/admin/batch/${id}`);
    await page.getByLabel("THC %").waitFor();
    await screenshot(page, "edit-batch-phone");
    expect(await seriousViolations(page)).toEqual([]);
    await phone.close();
  });

  it("the dashboard has no serious accessibility problem on desktop", async () => {
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin`);
    await page.getByRole("heading", { level: 1, name: "Production Dashboard" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
