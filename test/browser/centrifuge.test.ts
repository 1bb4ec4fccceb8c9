import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";
import { checkPage } from "./managers";

/** Centrifuge calculator (pages.md §18) and trends (§19). */

let browser: Browser;
let desk: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
});
afterAll(async () => {
  await browser?.close();
});

describe("centrifuge", () => {
  it("calculates g-force, impulse with its zone bar, and the force curve with its table", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/centrifuge`);
    const g = page.getByRole("region", { name: "RPM to G-Force" });
    await g.getByRole("button", { name: "Calculate G-Force" }).click();
    await g.getByText("228.5 g").waitFor();
    await g.getByText("Optimal").waitFor();

    const impulse = page.getByRole("region", { name: "Impulse Calculator" });
    await impulse.getByRole("button", { name: "Calculate Impulse" }).click();
    await impulse.getByRole("img", { name: /on the zone scale/ }).waitFor();

    const curve = page.getByRole("region", { name: "Force Curve" });
    await curve.getByRole("button", { name: "Draw Curve" }).click();
    await curve.getByText("Show table: Force curve").click();
    await expect.poll(() => curve.getByRole("table", { name: "Force curve" }).locator("tbody tr").count()).toBe(19);

    // A refused rpm shows the server's words.
    await g.getByLabel("RPM").fill("9000");
    await g.getByRole("button", { name: "Calculate G-Force" }).click();
    await g.getByRole("alert").waitFor();
    expect(errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    await page.close();
  });

  it("renders the calculator on phone and desktop without a console error or serious axe violation", async () => {
    await checkPage(browser, "/centrifuge", "centrifuge", async (page) => {
      await page.getByRole("heading", { name: "Centrifuge Calculator", level: 1 }).waitFor();
      await page.getByRole("heading", { name: "Settings Guide" }).waitFor();
      await page.getByRole("table", { name: "Machines" }).waitFor();
    });
  });

  it("renders a strain's trends (empty state without history) on phone and desktop", async () => {
    await checkPage(browser, "/centrifuge-trends/Blue%20Dream", "centrifuge-trends", async (page) => {
      await page.getByRole("heading", { name: "Centrifuge Trends: Blue Dream", level: 1 }).waitFor();
      await page.getByText(/Not enough centrifuge history/).waitFor();
      await page.getByRole("heading", { name: "Setting Change History" }).waitFor();
    });
  });

  it("lists a strain's centrifuge setting changes, and the strain box opens another strain", async () => {
    const made = await apiCall<{ id: string }>(desk, "POST", "/api/batch", {
      strain: "Spin Kush",
      input_grams: 1000,
      target_grams_each: 0.5,
    });
    expect(made.status).toBe(201);
    expect((await apiCall(desk, "PUT", `/api/batch/${made.body.id}`, { centrifuge_rpm: 2300 })).status).toBeLessThan(300);
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/centrifuge-trends/Blue%20Dream`);
    await page.getByLabel("Strain").fill("Spin Kush");
    await page.getByRole("button", { name: "Show Strain" }).click();
    await page.getByRole("heading", { name: "Centrifuge Trends: Spin Kush", level: 1 }).waitFor();
    const history = page.getByRole("region", { name: "Setting Change History" });
    await history.getByText(/centrifuge_rpm/).waitFor();
    await history.getByText(/→ 2300/).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
