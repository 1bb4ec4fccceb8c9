import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";
import { checkPage } from "./managers";

/** Settings (pages.md §13) in Chromium against `wrangler dev`. The password is never changed here (shared session). */

let browser: Browser;
let desk: BrowserContext;

async function withKey(key: string): Promise<number> {
  const res = await desk.request.fetch(`${baseUrl()}/api/overview`, { headers: { "X-API-Key": key } });
  return res.status();
}

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
});
afterAll(async () => {
  await browser?.close();
});

describe("settings", () => {
  it("renders signed in on phone and desktop without a console error or serious axe violation", async () => {
    await checkPage(browser, "/admin/settings", "settings", async (page) => {
      await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
      await page.getByLabel("Work start hour").waitFor();
      await page.getByRole("button", { name: "Back up now" }).waitFor();
    });
  });

  it("regenerating the API key shows the new key once, and the old key is refused", async () => {
    // A key in clear to start from (the answer of a regenerate is the only place it shows).
    const first = await apiCall<{ api_key: string }>(desk, "POST", "/api/api-key/regenerate");
    expect(first.status).toBe(200);
    const oldKey = first.body.api_key;
    expect(await withKey(oldKey)).toBe(200);

    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin/settings`);
    await page.getByRole("button", { name: "Regenerate API Key" }).click();
    const dialog = page.getByRole("dialog", { name: "Regenerate API Key?" });
    await dialog.getByText(/Integrations using it will fail/).waitFor();
    await dialog.getByRole("button", { name: "Regenerate" }).click();
    await page.getByText("Copy this API key now: it will not be shown again.").waitFor();
    const newKey = (await page.locator(".shown-once code").textContent())?.trim() ?? "";
    expect(newKey.length).toBeGreaterThan(16);
    expect(newKey).not.toBe(oldKey);

    expect(await withKey(oldKey)).toBe(401);
    expect(await withKey(newKey)).toBe(200);

    // Shown once: a later visit shows only the masked key.
    await page.reload();
    await page.getByRole("heading", { name: "API Configuration" }).waitFor();
    await page.getByText(/API key:/).waitFor();
    expect(await page.locator(".shown-once").count()).toBe(0);
    expect(await page.content()).not.toContain(newKey);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("saves the production settings and they come back from the server", async () => {
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin/settings`);
    await page.getByLabel("Test alert hours").fill("36");
    await page.getByRole("button", { name: "Save Production Settings" }).click();
    await page.getByText("Production settings saved").waitFor();
    const settings = await apiCall<{ test_alert_hours: number }>(desk, "GET", "/api/settings");
    expect(settings.body.test_alert_hours).toBe(36);
    await page.close();
  });

  it("the Pushover Enabled switch turns notifications on and off on the server", async () => {
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin/settings`);
    const enabled = page.getByRole("switch", { name: "Enabled" });
    const before = (await apiCall<{ enabled: boolean }>(desk, "GET", "/api/pushover/settings")).body.enabled;
    await expect(enabled.isChecked()).resolves.toBe(before);
    await enabled.setChecked(!before);
    await page.getByRole("button", { name: "Save Pushover Settings" }).click();
    await page.getByText("Pushover settings saved").waitFor();
    expect((await apiCall<{ enabled: boolean }>(desk, "GET", "/api/pushover/settings")).body.enabled).toBe(!before);
    await page.close();
  });

  it("Back up now shows progress until the run ends, then lists it with its size; a restore drill reports its result", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin/settings`);
    const panel = page.getByRole("region", { name: "Backups" });
    await panel.getByRole("button", { name: "Back up now" }).click();
    await page.getByText("Backup finished").waitFor({ timeout: 60_000 });
    const row = panel.getByRole("table", { name: "Last backups" }).locator("tbody tr").first();
    await expect.poll(() => row.textContent()).toMatch(/success.*(B|KB|MB)/);
    // The run names who started it: the shared admin password signs in as Admin.
    await expect.poll(() => row.locator("td").nth(4).textContent()).toBe("Admin");
    await row.getByRole("button", { name: "Run drill" }).click();
    await panel.getByText(/Last restore drill: .* — passed/).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
