import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, createBatch, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/** People, devices, keys and the PIN pad in Chromium against `wrangler dev`. */

let browser: Browser;
let desk: BrowserContext;

async function seriousViolations(page: Page): Promise<string[]> {
  await page.mouse.move(0, 0);
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

describe("People and the PIN pad", () => {
  it("an admin adds a floor operator, approves a tablet and creates a key; the operator signs in by PIN there and counts under their name", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin/people`);
    await expect.poll(() => page.getByRole("heading", { name: "People", level: 1 }).count(), { timeout: 10_000 }).toBe(1);

    const add = page.getByRole("form", { name: "Add User" });
    await add.getByLabel("Name").fill("Pat Floor");
    await add.getByLabel("Initials").fill("pf");
    await add.getByLabel("Role").selectOption("floor");
    await add.getByLabel(/PIN/).fill("2580");
    await add.getByRole("button", { name: "Add User" }).click();
    await expect.poll(() => page.getByRole("cell", { name: "Pat Floor", exact: true }).count(), { timeout: 10_000 }).toBe(1);

    await page.getByLabel("Device name").fill("Tablet A");
    await page.getByRole("button", { name: "Approve This Device" }).click();
    await expect.poll(() => page.getByText("Tablet A", { exact: false }).count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await page.getByLabel("Key name").fill("Scale bridge");
    await page.getByRole("checkbox", { name: "write:counts" }).check();
    await page.getByRole("button", { name: "Create Key" }).click();
    await expect.poll(() => page.locator(".shown-once code").textContent(), { timeout: 10_000 }).toMatch(/^prk_/);

    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "people-desktop");
    expect(errors).toEqual([]);

    // The tablet: no session, only the device cookie the approval set on this browser.
    const device = (await desk.cookies()).find((c) => c.name === "prt_device");
    expect(device?.httpOnly).toBe(true);
    const tablet = await browser.newContext({ ...PHONE, serviceWorkers: "block" });
    await tablet.addCookies([{ name: "prt_device", value: device?.value ?? "", url: baseUrl(), httpOnly: true, sameSite: "Strict" }]);
    const pad = await tablet.newPage();
    const padErrors = watchErrors(pad);
    await pad.goto(`${baseUrl()}/pin`);
    await pad.getByRole("button", { name: /Pat Floor/ }).click();
    expect(await seriousViolations(pad)).toEqual([]);
    await screenshot(pad, "pin-phone");

    for (const digit of "1111") await pad.getByRole("button", { name: digit, exact: true }).click();
    await pad.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => pad.getByRole("alert").textContent(), { timeout: 10_000 }).toContain("Wrong PIN (4 tries left)");
    expect(pad.url()).toContain("/pin");

    for (const digit of "2580") await pad.getByRole("button", { name: digit, exact: true }).click();
    await pad.getByRole("button", { name: "Sign in" }).click();
    await pad.waitForURL(/\/admin$/);
    const me = await apiCall<{ user: { name: string; role: string }; device: { name: string } }>(tablet, "GET", "/api/me");
    expect(me.body).toMatchObject({ user: { name: "Pat Floor", role: "floor" }, device: { name: "Tablet A" } });

    // A count from the tablet is the operator's; a deduct-like admin call is refused.
    const batch = await createBatch(desk, { strain: "People Test" });
    expect((await apiCall(tablet, "POST", `/api/batch/${batch}/counts`, { counts_0_5: 7 })).status).toBe(200);
    const audit = await apiCall<{ actor: string; batch: string }[]>(desk, "GET", `/api/audit?batch=${batch}`);
    expect(audit.body.map((r) => r.actor)).toContain("user:Pat Floor");
    const settings = await apiCall<{ error: string }>(tablet, "PUT", "/api/settings", { test_alert_hours: 5 });
    expect(settings.status).toBe(403);
    expect(padErrors.filter((e) => !e.includes("401"))).toEqual([]);
    await tablet.close();
  });

  it("the PIN pad on a device that was never approved says so", async () => {
    const stranger = await browser.newContext({ ...PHONE, serviceWorkers: "block" });
    const page = await stranger.newPage();
    await page.goto(`${baseUrl()}/pin`);
    await expect.poll(() => page.getByText("not approved for PIN sign-in").count(), { timeout: 10_000 }).toBe(1);
    expect(page.url()).toContain("/pin");
    await stranger.close();
  });
});
