import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";
import { checkPage } from "./managers";

/** Audit (pages.md §12): newest first, filters by batch and field. */

let browser: Browser;
let desk: BrowserContext;
let batchId = "";

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
  const res = await apiCall<{ id: string }>(desk, "POST", "/api/batch", {
    strain: "Audit Haze",
    input_grams: 1000,
    target_grams_each: 0.5,
  });
  expect(res.status).toBe(201);
  batchId = res.body.id;
  expect((await apiCall(desk, "PUT", `/api/batch/${batchId}`, { counts_0_5: 12 })).status).toBeLessThan(300);
  expect((await apiCall(desk, "PUT", `/api/batch/${batchId}`, { counts_0_7: 3 })).status).toBeLessThan(300);
});
afterAll(async () => {
  await browser?.close();
});

describe("audit", () => {
  it("renders on phone and desktop without a console error or serious axe violation", async () => {
    await checkPage(browser, "/admin/audit", "audit", async (page) => {
      await page.getByRole("heading", { name: "Audit", level: 1 }).waitFor();
      await page.getByText(/changes? shown/).waitFor();
    });
  });

  it("filters by batch and by field on the server", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin/audit`);
    await page.getByLabel("Batch").selectOption(batchId);
    await page.getByRole("cell", { name: "Audit Haze" }).first().waitFor();
    await page.getByLabel("Field").selectOption("counts_0_5");
    await page.getByText("1 change shown").waitFor();
    await page.getByRole("cell", { name: "12", exact: true }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
