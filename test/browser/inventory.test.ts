import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/** Paper inventory (pages.md §14–15) in Chromium against `wrangler dev`. */

let browser: Browser;
let desk: BrowserContext;

type Report = {
  inventory: { current_boxes: Record<string, number>; individual_papers: Record<string, number>; alert_thresholds: Record<string, number> };
  alerts: { size: string }[];
};
const report = async () => (await apiCall<Report>(desk, "GET", "/api/inventory")).body;

async function seriousViolations(page: Page): Promise<string[]> {
  // axe checks resting colours: the pointer leaves the button the test clicked last.
  await page.mouse.move(0, 0);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

const sizeCard = (page: Page, size: string) => page.getByRole("article", { name: `${size} g papers` });

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
  await apiCall(desk, "POST", "/api/inventory/update", { size: "0_5", box_count: 12, individual_papers: 250 });
  await apiCall(desk, "POST", "/api/inventory/update", { size: "0_7", box_count: 2, individual_papers: 40 });
  await apiCall(desk, "POST", "/api/inventory/update", { size: "1_0", box_count: 9, individual_papers: 0 });
});
afterAll(async () => {
  await browser?.close();
});

describe("paper inventory", () => {
  it("renders a card per size with totals and low stock, saves an edit, without console errors or serious axe violations", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/inventory`);
    await page.getByRole("heading", { level: 1, name: "Paper Inventory" }).waitFor();
    await sizeCard(page, "0.7").getByText("Low Stock", { exact: true }).waitFor();
    await expect(sizeCard(page, "0.5").getByText("Low Stock", { exact: true }).count()).resolves.toBe(0);
    for (const label of ["Boxes", "Individual Papers", "Total Papers", "Days Remaining"]) {
      await sizeCard(page, "1.0").getByText(label, { exact: true }).first().waitFor();
    }
    await sizeCard(page, "1.0").getByLabel("Boxes").fill("3");
    await sizeCard(page, "1.0").getByLabel("Individual Papers").fill("120");
    await sizeCard(page, "1.0").getByRole("button", { name: "Update 1.0 g papers" }).click();
    await sizeCard(page, "1.0").getByText("Low Stock", { exact: true }).waitFor();
    const after = await report();
    expect(after.inventory.current_boxes["1_0"]).toBe(3);
    expect(after.inventory.individual_papers["1_0"]).toBe(120);
    expect(await seriousViolations(page)).toEqual([]);
    const phone = await signedIn(browser, PHONE);
    const small = await phone.newPage();
    const phoneErrors = watchErrors(small);
    await small.goto(`${baseUrl()}/inventory`);
    await sizeCard(small, "0.5").waitFor();
    expect(await seriousViolations(small)).toEqual([]);
    await screenshot(small, "inventory-phone");
    await phone.close();
    expect([...errors, ...phoneErrors]).toEqual([]);
  });

  it("previews a CSV upload, shows the server's row-and-column error next to the bad row, and changes nothing", async () => {
    const before = await report();
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin/inventory`);
    await page.getByRole("heading", { level: 1, name: "Admin Inventory" }).waitFor();
    await page.getByLabel("CSV file").setInputFiles({
      name: "stock.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("size,boxes,individual_papers\n0_5,40,10\n0_7,lots,5\n1_0,7,0\n"),
    });
    const preview = page.getByRole("table", { name: "Preview of stock.csv" });
    await preview.getByRole("row").nth(3).waitFor();
    await page.getByRole("button", { name: "Upload 4 Rows" }).click();
    await page
      .getByRole("alert")
      .getByText(/Row 3, column boxes/)
      .waitFor();
    await preview
      .getByRole("row", { name: /^3 0_7 lots/ })
      .getByText(/Row 3, column boxes: expected a whole number/)
      .waitFor();
    expect(await report()).toEqual(before);
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "inventory-desktop", true);

    // Fixed, the same file applies every row.
    await page.getByLabel("CSV file").setInputFiles({
      name: "stock.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("size,boxes,individual_papers\n0_5,40,10\n0_7,6,5\n1_0,7,0\n"),
    });
    await page.getByRole("button", { name: "Upload 4 Rows" }).click();
    await page.getByText("Updated 3 size(s) from CSV").waitFor();
    const after = await report();
    expect(after.inventory.current_boxes).toEqual({ "0_5": 40, "0_7": 6, "1_0": 7 });
    await sizeCard(page, "0.5").getByText("40", { exact: true }).waitFor();
    expect(errors.filter((e) => !e.includes("status of 400 (Bad Request)"))).toEqual([]);
  });

  it("saves thresholds and papers per box, and dismisses a low-stock alert", async () => {
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin/inventory`);
    const settings = page.getByRole("form", { name: "Alert Thresholds and Box Sizes" });
    await settings.getByRole("group", { name: "0.5 g" }).getByLabel("Low-stock threshold (boxes)").fill("50");
    await settings.getByRole("group", { name: "0.5 g" }).getByLabel("Papers per box").fill("900");
    await settings.getByRole("button", { name: "Save Settings" }).click();
    await sizeCard(page, "0.5").getByText("Low Stock", { exact: true }).waitFor();
    const r = await report();
    expect(r.inventory.alert_thresholds["0_5"]).toBe(50);
    await page.getByRole("button", { name: "Dismiss 0.5 g alert" }).click();
    await page.getByText("0.5 g alert dismissed").waitFor();
    expect((await report()).alerts.map((a) => a.size)).not.toContain("0_5");
  });
});
