import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/** Wholesale (pages.md §17), phone-first, in Chromium against `wrangler dev`. */

let browser: Browser;
let desk: BrowserContext;
let phone: BrowserContext;
const METRC = "1A4060300000B1E000007001";
const STRAIN = "Wholesale Haze";

async function seriousViolations(page: Page): Promise<string[]> {
  // axe checks resting colours: the pointer leaves the button the test clicked last.
  await page.mouse.move(0, 0);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

const singles = (page: Page) =>
  page.getByRole("article", { name: STRAIN, exact: true }).getByRole("listitem").filter({ hasText: "0.5g Singles" });

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
  phone = await signedIn(browser, PHONE);
  for (const [metrc, strain, grams] of [
    [METRC, STRAIN, 100],
    ["1A4060300000B1E000007002", "Papaya Punch", 400],
    ["1A4060300000B1E000007003", "Papaya Punch", 250],
  ] as const) {
    expect((await apiCall(desk, "POST", "/api/finished-goods", { metrc_number: metrc, strain, grams })).status).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
});

describe("wholesale", () => {
  it("renders by strain with units per SKU, without a console error or serious axe violation, on a phone and a desktop", async () => {
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/wholesale`);
    await page.getByRole("heading", { level: 1, name: "Wholesale Inventory" }).waitFor();
    await singles(page).getByText("200").waitFor();
    await expect(page.getByRole("article", { name: "Papaya Punch", exact: true }).getByRole("region").count()).resolves.toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "wholesale-phone");
    const wide = await desk.newPage();
    const wideErrors = watchErrors(wide);
    await wide.goto(`${baseUrl()}/wholesale`);
    await singles(wide).getByText("200").waitFor();
    expect(await seriousViolations(wide)).toEqual([]);
    expect([...errors, ...wideErrors]).toEqual([]);
  });

  it("shows the server's 'Only X units available' when over-asking, and a valid hold lowers the units on a second device live", async () => {
    const seller = await phone.newPage();
    const errors = watchErrors(seller);
    const office = await desk.newPage();
    await seller.goto(`${baseUrl()}/wholesale`);
    await office.goto(`${baseUrl()}/wholesale`);
    await singles(office).getByText("200").waitFor();
    await office.getByText("Live", { exact: true }).waitFor();

    await singles(seller)
      .getByRole("button", { name: /^Hold 0.5g Singles/ })
      .click();
    const form = seller.getByRole("dialog", { name: `Hold · ${STRAIN}` });
    await form.getByLabel("Quantity").fill("5000");
    await form.getByRole("button", { name: "Create Hold" }).click();
    await form.getByRole("alert").getByText("Only 200 units available (requested 5000)").waitFor();

    await form.getByLabel("Quantity").fill("30");
    await form.getByLabel(/^Notes/).fill("Green Leaf order #456, ships Friday");
    await form.getByRole("button", { name: "Create Hold" }).click();
    await form.waitFor({ state: "detached" });
    // The other device never reloads: the live hub tells it the wholesale topic moved.
    await singles(office).getByText("170").waitFor({ timeout: 10_000 });
    await singles(office).getByText("30 held").waitFor();
    await office.getByRole("row", { name: /Green Leaf order #456/ }).waitFor();
    expect(await seriousViolations(office)).toEqual([]);
    await screenshot(office, "wholesale-desktop", true);

    // Release with confirmation: the units come back on both devices.
    await seller.getByRole("button", { name: /^Release hold 30 × 0.5g Singles/ }).click();
    await seller.getByRole("dialog", { name: "Release hold?" }).getByRole("button", { name: "Release Hold" }).click();
    await singles(office).getByText("200").waitFor({ timeout: 10_000 });
    // Chromium logs the refused over-ask (the 400 this test provokes) as a failed resource; nothing else may appear.
    expect(errors.filter((e) => !e.includes("status of 400 (Bad Request)"))).toEqual([]);
    expect(errors.length).toBeLessThanOrEqual(1);
  });

  it("completes a hold's order: the grams leave the package and the hold is released", async () => {
    const hold = await apiCall<{ hold_id: string }>(desk, "POST", "/api/wholesale/hold", {
      metrc_number: "1A4060300000B1E000007002",
      sku_name: "1.0g Singles",
      quantity: 20,
      notes: "PO-77",
    });
    expect(hold.status).toBe(200);
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/wholesale`);
    await page.getByRole("button", { name: /^Complete Order 20 × 1.0g Singles/ }).click();
    const dialog = page.getByRole("dialog", { name: "Complete Order · Papaya Punch" });
    await expect.poll(() => dialog.getByLabel("Grams fulfilled").inputValue()).toBe("20");
    await dialog.getByRole("button", { name: "Complete Order" }).click();
    await dialog.waitFor({ state: "detached" });
    const pkg = await apiCall<{ current_grams: number; grams_fulfilled: number }>(
      desk,
      "GET",
      "/api/finished-goods/1A4060300000B1E000007002",
    );
    expect(pkg.body.current_grams).toBe(380);
    expect(pkg.body.grams_fulfilled).toBe(20);
    const holds = await apiCall<{ holds: unknown[] }>(desk, "GET", "/api/wholesale/holds?metrc_number=1A4060300000B1E000007002");
    expect(holds.body.holds).toEqual([]);
  });
});
