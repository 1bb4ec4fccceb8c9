import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, DESKTOP, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";
import { checkPage } from "./managers";

/** Recommendations (pages.md §20): upload the fixture store CSVs, then compare two snapshots. */

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "snapshots");
let browser: Browser;
let desk: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
});
afterAll(async () => {
  await browser?.close();
});

describe("recommendations", () => {
  it("uploads several store CSVs, shows what was found, and compares two snapshots with a store filter", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/recommendations`);
    await page.getByRole("heading", { name: "Latest Snapshot" }).waitFor();

    await page.getByLabel("CSV files").setInputFiles([join(FIXTURES, "store-a.csv"), join(FIXTURES, "store-b.csv")]);
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByText(/Found 4 strains in 2 stores from store-a\.csv, store-b\.csv/).waitFor();
    const latest = page.getByRole("table", { name: "Latest snapshot by priority" });
    await latest.getByRole("cell", { name: "Wedding Cake" }).waitFor();
    await expect.poll(() => latest.locator("tbody tr").count()).toBe(4);

    // A bad file is refused with the server's words and stores nothing.
    await page.getByLabel("CSV files").setInputFiles(join(FIXTURES, "malformed.csv"));
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("alert").filter({ hasText: "malformed.csv" }).waitFor();

    await page.getByLabel("CSV files").setInputFiles(join(FIXTURES, "store-a-later.csv"));
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByText(/Found 2 strains in 1 stores from store-a-later\.csv/).waitFor();
    await expect.poll(() => page.getByRole("table", { name: "Snapshots, newest first" }).locator("tbody tr").count()).toBe(2);

    const compare = page.getByRole("region", { name: "Compare Snapshots" });
    await compare.getByRole("button", { name: "Compare" }).click();
    const table = compare.getByRole("table", { name: "Comparison per strain" });
    await table.getByRole("row", { name: /Runtz New/ }).waitFor();
    await table.getByRole("row", { name: /Wedding Cake Removed/ }).waitFor();
    await table.getByRole("row", { name: /Blue Dream Updated 450 100 -350/ }).waitFor();
    await compare.getByRole("list", { name: "Insights" }).waitFor();

    // One store's rows only: Store A had 300 Blue Dream, then 100.
    await compare.getByLabel("Store filter").fill("Store A");
    await compare.getByRole("button", { name: "Compare" }).click();
    await table.getByRole("row", { name: /Blue Dream Updated 300 100 -200/ }).waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(4);
    // A store in neither snapshot is the server's 404, shown in words.
    await compare.getByLabel("Store filter").fill("Nowhere");
    await compare.getByRole("button", { name: "Compare" }).click();
    await compare.getByRole("alert").filter({ hasText: "Store not found in either snapshot" }).waitFor();
    // The two refusals above (400 bad file, 404 unknown store) are logged by Chromium as failed loads.
    expect(errors.filter((e) => !/status of (400|404)/.test(e))).toEqual([]);
    expect(errors).toHaveLength(2);
    await page.close();
  });

  it("renders on phone and desktop without a console error or serious axe violation", async () => {
    await checkPage(browser, "/recommendations", "recommendations", async (page) => {
      await page.getByRole("heading", { name: "Recommendations", level: 1 }).waitFor();
      await page.getByRole("table", { name: "Latest snapshot by priority" }).waitFor();
    });
  });
});
