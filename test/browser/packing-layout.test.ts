import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/**
 * Packing by store on both screens (pages.md "General look": cards on phones, tables on desktop)
 * with the same labels, and the sync intervals on Sync & mapping. Uses the fake Apex's demo order
 * MoM-2026007 (Rose City Cannabis: Northern Lights 0.5g, Granddaddy Purple 1g), which no other
 * browser test edits or completes.
 */
const INVOICE = "MoM-2026007";
const PACKAGES: [string, string, number][] = [
  ["1A4060300000DEMO00000010", "Northern Lights", 1015],
  ["1A4060300000DEMO00000011", "Granddaddy Purple", 700],
];
/** The labels a line shows, on its card and as the table's column headers. */
const LABELS = ["Ordered", "Packed", "Needs packing", "Needs production", "Initials", "METRC package", "Notes and delivery"];

type Line = { id: number; invoice_number: string; product_name: string; ordered: number; packed: number };
type Items = { stores: { orders: { items: Line[] }[] }[] };

let browser: Browser;
let desk: BrowserContext;
let phone: BrowserContext;

async function lineOf(strain: string): Promise<Line> {
  const res = await apiCall<Items>(desk, "GET", "/api/packing/items?view=by_store&filter=all");
  expect(res.status).toBe(200);
  const line = res.body.stores
    .flatMap((s) => s.orders.flatMap((o) => o.items))
    .find((l) => l.invoice_number === INVOICE && l.product_name.includes(strain));
  if (!line) throw new Error(`no ${strain} line on ${INVOICE}`);
  return line;
}

async function serverPacked(id: number, want: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const res = await apiCall<Items>(desk, "GET", "/api/packing/items?view=by_store&filter=all");
    const line = res.body.stores.flatMap((s) => s.orders.flatMap((o) => o.items)).find((l) => l.id === id);
    if (line?.packed === want) return;
    if (Date.now() > deadline) throw new Error(`line ${id} never reached packed ${want}: ${JSON.stringify(line)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openOrder(context: BrowserContext): Promise<{ page: Page; order: Locator; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${baseUrl()}/packing`);
  await page.getByRole("heading", { level: 3, name: `Invoice ${INVOICE}` }).waitFor();
  return { page, order: page.getByRole("region", { name: `Invoice ${INVOICE}` }), errors };
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes[0]?.target}`);
}

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
  phone = await signedIn(browser, PHONE);
  for (const [metrc_number, strain, grams] of PACKAGES) {
    const res = await apiCall(desk, "POST", "/api/finished-goods", { metrc_number, strain, grams });
    expect([201, 409]).toContain(res.status);
  }
  // Another file may be syncing at this moment (409): its pull brings the same demo orders.
  const sync = await apiCall(desk, "POST", "/api/packing/refresh");
  expect([200, 409]).toContain(sync.status);
  await lineOf("Northern Lights");
});
afterAll(async () => {
  await browser?.close();
});

describe("packing by store: a table on desktop, cards on phones", () => {
  it("desktop: the order's lines are a table whose column headers are the cards' labels; Packed saves from the table", async () => {
    const line = await lineOf("Northern Lights");
    const { page, order, errors } = await openOrder(desk);
    const table = order.getByRole("table", { name: `Lines of invoice ${INVOICE}` });
    await table.waitFor();
    expect(await order.locator("article").count()).toBe(0);
    const headers = (await table.getByRole("columnheader").allTextContents()).map((t) => t.trim());
    expect(headers).toEqual([
      "Product",
      "Ordered",
      "Packed",
      "Needs packing",
      "Needs production",
      "Initials",
      "METRC package",
      "Scan",
      "Notes and delivery",
    ]);
    for (const label of LABELS) expect(headers).toContain(label);

    const row = order.locator(`tbody[data-line-id="${line.id}"]`);
    await expect(row.getByRole("rowheader").textContent()).resolves.toContain("Northern Lights");
    const packed = row.getByLabel("Packed", { exact: true });
    const target = line.packed === 3 ? 2 : 3;
    await packed.fill(String(target));
    await packed.press("Tab");
    await serverPacked(line.id, target);
    await expect(row.getByRole("cell", { name: String(line.ordered - target), exact: true }).count()).resolves.toBeGreaterThan(0);
    await row.getByLabel("Initials", { exact: true }).waitFor();

    await row.getByRole("button", { name: "Notes and delivery" }).click();
    await row.getByLabel("Internal notes (not shown to the store)").waitFor();
    await row.getByLabel("Delivery notes (visible to the store)").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await order.scrollIntoViewIfNeeded();
    await screenshot(page, "packing-by-store-desktop");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("phone: the same lines are cards with the same labels, showing the packed total saved on the desktop", async () => {
    const line = await lineOf("Northern Lights");
    const { page, order, errors } = await openOrder(phone);
    const card = order.locator(`article[data-line-id="${line.id}"]`);
    await card.waitFor();
    expect(await order.getByRole("table").count()).toBe(0);
    await expect(card.getByRole("heading", { level: 4 }).textContent()).resolves.toContain("Northern Lights");
    const text = (await card.textContent()) ?? "";
    for (const label of LABELS) expect(text).toContain(label);
    await expect(card.getByLabel("Packed", { exact: true }).inputValue()).resolves.toBe(String(line.packed));
    await card.getByLabel("Initials", { exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("heading", { level: 3, name: `Invoice ${INVOICE}` }).evaluate((h) => h.scrollIntoView({ block: "center" }));
    await screenshot(page, "packing-by-store-phone");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Sync & mapping: the sync intervals", () => {
  it("refuses a poll interval outside its bounds with the server's reason, saves one inside, and keeps it after a reload", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/packing/sync`);
    const poll = page.getByLabel("Apex order poll interval (seconds)");
    await poll.waitFor();
    const before = await poll.inputValue();

    await poll.fill("30");
    await poll.press("Tab");
    await page
      .getByRole("alert")
      .filter({ hasText: "apex_poll_interval_seconds must be a whole number of seconds from 60 to 900" })
      .waitFor();
    await expect(poll.inputValue()).resolves.toBe(before);
    const refused = await apiCall<{ apex_poll_interval_seconds: number }>(desk, "GET", "/api/packing/settings");
    expect(String(refused.body.apex_poll_interval_seconds)).toBe(before);

    await poll.fill("120");
    await poll.press("Tab");
    await page.getByText("Setting saved").first().waitFor();
    await page.reload();
    // The page may show its stored copy first and then the server's answer: what it settles on is what counts.
    await expect.poll(() => page.getByLabel("Apex order poll interval (seconds)").inputValue(), { timeout: 10_000 }).toBe("120");
    const write = page.getByLabel("Minimum time between Apex writes (seconds)");
    await expect(write.inputValue()).resolves.toMatch(/^\d+$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator("#sync-settings").scrollIntoViewIfNeeded();
    await screenshot(page, "packing-sync-settings-desktop");

    // Back to what it was, so the run's other files see the default interval.
    const reset = await apiCall(desk, "PUT", "/api/packing/settings", { apex_poll_interval_seconds: Number(before) });
    expect(reset.status).toBe(200);
    expect(errors.filter((e) => !e.includes("400"))).toEqual([]);
    await page.close();
  });
});
