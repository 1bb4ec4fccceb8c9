import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";
import { checkPage } from "./managers";

/** Analytics (pages.md §10) and Achievements (§11) drawn from counted batches. */

let browser: Browser;
let desk: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
  for (const [strain, counts] of [
    ["Stats Kush", { counts_0_5: 120, counts_0_7: 40 }],
    ["Stats Haze", { counts_1_0: 75 }],
  ] as const) {
    const res = await apiCall<{ id: string }>(desk, "POST", "/api/batch", { strain, input_grams: 1000, target_grams_each: 0.5 });
    expect(res.status).toBe(201);
    expect((await apiCall(desk, "PUT", `/api/batch/${res.body.id}`, counts)).status).toBeLessThan(300);
  }
});
afterAll(async () => {
  await browser?.close();
});

describe("analytics", () => {
  it("renders on phone and desktop without a console error or serious axe violation", async () => {
    await checkPage(browser, "/stats", "stats", async (page) => {
      await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
      await page.getByText("Total Pre-Rolls Produced").waitFor();
    });
  });

  it("draws production with the counted data and shows the table alternative", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/stats`);
    const chart = page.getByRole("img", { name: /^Production Over Time/ });
    await chart.waitFor();
    expect(await chart.locator("rect").count()).toBeGreaterThan(0);
    const section = page.getByRole("region", { name: "Production Over Time" });
    await section.getByText("Show table: Production Over Time").click();
    const table = section.getByRole("table", { name: "Production Over Time" });
    await table.waitFor();
    // Today's row carries the counts typed above (others' batches may add to them).
    const totals = await table.locator("tbody tr td:last-child").allTextContents();
    expect(Math.max(...totals.map(Number))).toBeGreaterThanOrEqual(235);

    // The size filter narrows the table to one size.
    await page.getByRole("combobox", { name: "Size", exact: true }).selectOption("1_0");
    await expect.poll(() => table.locator("thead th").allTextContents()).toEqual(["Date", "1.0 g", "Total"]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("achievements", () => {
  it("renders the badge gallery on phone and desktop without a console error or serious axe violation", async () => {
    await checkPage(browser, "/achievements", "achievements", async (page) => {
      await page.getByRole("heading", { name: "Achievements", level: 1 }).waitFor();
      await page.getByRole("heading", { name: "Apprentice" }).waitFor();
    });
  });
});
