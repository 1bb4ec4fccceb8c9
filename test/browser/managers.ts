import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { baseUrl, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";

/** Shared checks of the managers' pages: no console error, no serious axe finding, phone and desktop shots. */

export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag22aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes[0]?.target} ${v.nodes[0]?.failureSummary ?? ""}`);
}

/**
 * Opens `path` signed in at phone and desktop sizes, waits for `ready` (a heading or a control the
 * page shows once its data is in), checks console errors and axe, and saves `<name>-phone.png` and
 * `<name>-desktop.png`.
 */
export async function checkPage(browser: Browser, path: string, name: string, ready: (page: Page) => Promise<void>): Promise<void> {
  for (const [size, options] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    const context = await signedIn(browser, options);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}${path}`);
    await ready(page);
    await page.waitForLoadState("networkidle");
    expect(await seriousViolations(page), `${name} ${size} axe`).toEqual([]);
    await screenshot(page, `${name}-${size}`, size === "desktop");
    expect(errors, `${name} ${size} console`).toEqual([]);
    await context.close();
  }
}
