import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/** Finished goods (pages.md §16) in Chromium against `wrangler dev`. */

let browser: Browser;
let desk: BrowserContext;

type Pkg = { metrc_number: string; current_grams: number; status: string; held_grams: number };
const METRC = "1A4060300000B1E000001234";

async function serverPackage(metrc: string): Promise<Pkg> {
  const res = await apiCall<Pkg>(desk, "GET", `/api/finished-goods/${metrc}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function seriousViolations(page: Page): Promise<string[]> {
  // axe checks resting colours: the pointer leaves the button the test clicked last.
  await page.mouse.move(0, 0);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

const card = (page: Page, strain: string) => page.getByRole("article", { name: strain, exact: true });

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
  for (const [i, strain] of ["Zkittlez", "OG Kush", "Sour Diesel"].entries()) {
    const res = await apiCall(desk, "POST", "/api/finished-goods", {
      metrc_number: `1A4060300000B1E00000900${i}`,
      strain,
      grams: 500 + i * 250,
      notes: i === 0 ? "Batch from the November harvest" : undefined,
    });
    expect(res.status).toBe(201);
  }
  await apiCall(desk, "POST", "/api/finished-goods/1A4060300000B1E000009001/order", { grams: 120 });
  await apiCall(desk, "POST", "/api/finished-goods/1A4060300000B1E000009002/physical-override", {
    physical_grams: 980,
    reason: "shelf count",
  });
});
afterAll(async () => {
  await browser?.close();
});

describe("finished goods", () => {
  it("renders signed in without a console error, with the summary cards and no serious axe violation", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/finished-goods`);
    await page.getByRole("heading", { level: 1, name: "Finished Goods Inventory" }).waitFor();
    await card(page, "OG Kush").waitFor();
    for (const label of ["Active Packages", "Total Grams Available", "Unique Strains", "Depleted", "Orphaned"]) {
      await page.getByText(label, { exact: true }).first().waitFor();
    }
    // Override border and the short METRC that reveals the full tag.
    await expect(card(page, "Sour Diesel").getAttribute("class")).resolves.toContain("fg-override");
    await card(page, "Zkittlez")
      .getByRole("button", { name: /METRC ending 09000/ })
      .click();
    await card(page, "Zkittlez").getByText("1A4060300000B1E000009000").waitFor();
    // Search as you type by partial METRC, then by strain.
    await page.getByLabel("Search packages").fill("9001");
    await expect(page.getByRole("article").count()).resolves.toBe(1);
    await page.getByLabel("Search packages").fill("diesel");
    await card(page, "Sour Diesel").waitFor();
    await expect(page.getByRole("article").count()).resolves.toBe(1);
    await page.getByLabel("Search packages").fill("");
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "finished-goods-desktop", true);
    const phone = await signedIn(browser, PHONE);
    const small = await phone.newPage();
    const phoneErrors = watchErrors(small);
    await small.goto(`${baseUrl()}/finished-goods`);
    await card(small, "OG Kush").waitFor();
    expect(await seriousViolations(small)).toEqual([]);
    await screenshot(small, "finished-goods-phone");
    await phone.close();
    expect([...errors, ...phoneErrors]).toEqual([]);
  });

  it("adds a package, deducts 1 g by grams and 2 units of a 0.5 g single, and shows them in History", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/finished-goods`);
    await page.getByRole("button", { name: "+ Add Package" }).click();
    const add = page.getByRole("dialog", { name: "+ Add Package" });
    await add.getByLabel("METRC Number").fill(METRC);
    await add.getByLabel("Strain Name").fill("Test Kush");
    await add.getByLabel("Initial Grams").fill("100");
    await add.getByLabel("Notes").fill("browser test");
    await add.getByRole("button", { name: "Save Package" }).click();
    await card(page, "Test Kush").waitFor();
    expect((await serverPackage(METRC)).current_grams).toBe(100);

    await card(page, "Test Kush").getByRole("button", { name: "− Deduct" }).click();
    let dialog = page.getByRole("dialog", { name: /Deduct · Test Kush/ });
    await page.getByLabel("Grams").fill("1");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(
      (
        await until(
          () => serverPackage(METRC),
          (p) => p.current_grams === 99,
        )
      ).current_grams,
    ).toBe(99);
    await card(page, "Test Kush").getByText("1 g / 100 g").waitFor();

    await card(page, "Test Kush").getByRole("button", { name: "− Deduct" }).click();
    dialog = page.getByRole("dialog", { name: /Deduct · Test Kush/ });
    // Grams or units, whichever is filled in: the page-wide labels name one field each.
    await expect(page.getByLabel("Grams").count()).resolves.toBe(1);
    await page.getByLabel("Units").fill("2");
    await dialog.getByLabel("Unit size").selectOption("0.5g");
    await dialog.getByLabel("Reason (optional)").fill("samples");
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(
      (
        await until(
          () => serverPackage(METRC),
          (p) => p.current_grams === 98,
        )
      ).current_grams,
    ).toBe(98);
    await card(page, "Test Kush").getByText("2 g / 100 g").waitFor();

    await card(page, "Test Kush").getByRole("button", { name: "History" }).click();
    const history = page.getByRole("dialog", { name: "History · Test Kush" });
    const items = history.getByRole("list", { name: "Changes, newest first" }).getByRole("listitem");
    await items.nth(2).waitFor();
    await expect(items.nth(0).textContent()).resolves.toMatch(/Deducted[\s\S]*-1 g[\s\S]*samples/);
    await expect(items.nth(1).textContent()).resolves.toMatch(/Deducted[\s\S]*-1 g/);
    await expect(items.nth(2).textContent()).resolves.toMatch(/Created[\s\S]*100 g/);
    await history.getByRole("button", { name: "Close" }).click();
    expect(errors).toEqual([]);
  });

  it("refuses to archive while a wholesale hold exists and shows the server's message", async () => {
    const hold = await apiCall<{ hold_id: string }>(desk, "POST", "/api/wholesale/hold", {
      metrc_number: "1A4060300000B1E000009000",
      sku_name: "0.5g Singles",
      quantity: 4,
    });
    expect(hold.status).toBe(200);
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/finished-goods`);
    await card(page, "Zkittlez").getByText("2 g", { exact: false }).first().waitFor();
    await card(page, "Zkittlez").getByRole("button", { name: "⋮" }).click();
    const menu = page.getByRole("dialog", { name: "Package actions · Zkittlez" });
    // The page behind an open dialog is out of reach, by role too: one History, the menu's own.
    await expect(page.getByRole("button", { name: "History" }).count()).resolves.toBe(1);
    await menu.getByRole("button", { name: "Archive" }).click();
    await menu.getByRole("alert").getByText("Release all wholesale holds before archiving").waitFor();
    expect((await serverPackage("1A4060300000B1E000009000")).status).toBe("active");
    expect(await seriousViolations(page)).toEqual([]);
    await menu.getByRole("button", { name: "Close" }).click();
    // Released, the same action archives it.
    expect((await apiCall(desk, "DELETE", `/api/wholesale/hold/${hold.body.hold_id}`)).status).toBe(200);
    await card(page, "Zkittlez").getByRole("button", { name: "More actions for Zkittlez" }).click();
    await page.getByRole("dialog", { name: "Package actions · Zkittlez" }).getByRole("button", { name: "Archive" }).click();
    await card(page, "Zkittlez").waitFor({ state: "detached" });
    expect((await serverPackage("1A4060300000B1E000009000")).status).toBe("archived");
    await page.getByLabel("Show Archived / Orphaned").check();
    await card(page, "Zkittlez").getByText("Archived", { exact: true }).waitFor();
  });

  it("runs the weekly reconciliation: counted grams become a physical override with its reason in the notes", async () => {
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/finished-goods`);
    await page.getByRole("button", { name: "Weekly Reconciliation" }).click();
    await page.getByRole("heading", { name: "Weekly Reconciliation" }).waitFor();
    await page.getByLabel(/Counted grams for OG Kush/).fill("740");
    await page.getByLabel(/Reason for OG Kush/).fill("two jars short");
    await page
      .getByRole("row", { name: /OG Kush/ })
      .getByRole("button", { name: "Set Override" })
      .click();
    const after = await until(
      () =>
        apiCall<{ physical_grams_override: number | null; notes: string | null }>(
          desk,
          "GET",
          "/api/finished-goods/1A4060300000B1E000009001",
        ),
      (r) => r.body.physical_grams_override === 740 && /two jars short/.test(r.body.notes ?? ""),
    );
    expect(after.body.physical_grams_override).toBe(740);
    expect(after.body.notes).toMatch(/two jars short/);
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "Print Count Sheet" }).isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: "screen" });
  });

  it("Calc converts grams to units, and Apex ON opens the SKU settings: exclude, manual units and a custom SKU", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/finished-goods`);
    const kush = card(page, "Test Kush");
    await kush.getByRole("button", { name: "Calc" }).click();
    const calc = page.getByRole("dialog", { name: "Calc · Test Kush" });
    await calc.getByLabel("Grams").fill("30");
    await calc.getByRole("button", { name: "Calculate" }).click();
    await calc.getByRole("row", { name: "0.5g Singles 60" }).waitFor();
    await calc.getByRole("button", { name: "Close" }).click();

    await kush.getByRole("button", { name: "Apex OFF" }).click();
    await kush.getByRole("button", { name: "Apex ON" }).waitFor();
    await kush.getByRole("button", { name: "Apex Settings" }).click();
    const apex = page.getByRole("dialog", { name: "Apex Settings · Test Kush" });
    await apex.getByLabel("Exclude 0.5g 12-Pack (Magnetic Box)").check();
    await apex.getByLabel("Units from for 1.0g Singles").selectOption("manual");
    await apex.getByLabel("Manual units for 1.0g Singles").fill("7");
    await apex.getByLabel("SKU name").fill("0.8g Premium");
    await apex.getByLabel("Grams per unit").fill("0.8");
    await apex.getByRole("button", { name: "+ Add Custom SKU" }).click();
    await apex.getByRole("row", { name: /0.8g Premium/ }).waitFor();
    await apex.getByRole("button", { name: "Save", exact: true }).click();
    await apex.waitFor({ state: "detached" });
    const pkg = await apiCall<{
      apex_auto_inventory: number;
      apex_calculated_units: Record<string, number>;
      custom_skus: Record<string, unknown>;
    }>(desk, "GET", `/api/finished-goods/${METRC}`);
    expect(pkg.body.apex_auto_inventory).toBe(1);
    expect(pkg.body.apex_calculated_units["1.0g Singles"]).toBe(7);
    expect(pkg.body.apex_calculated_units["0.5g 12-Pack (Magnetic Box)"]).toBe(0);
    expect(Object.keys(pkg.body.custom_skus)).toEqual(["0.8g Premium"]);
    await kush.getByText("0.8g Premium").waitFor();
    expect(errors).toEqual([]);
  });
});
