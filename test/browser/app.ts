import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { inject } from "vitest";

/** Shared steps of the page tests: sign in as a person would, watch the console, keep screenshots. */

export const SCREENSHOTS = join(import.meta.dirname, "screenshots");
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 };
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 } };

export function baseUrl(): string {
  return inject("baseUrl");
}

/**
 * A signed-in context (service workers blocked unless asked for), carrying the run's one session
 * (global-setup signs in through the real form once: the form allows 5 attempts a minute).
 */
export async function signedIn(
  browser: Browser,
  options: BrowserContextOptions & { serviceWorkers?: "allow" | "block" } = DESKTOP,
): Promise<BrowserContext> {
  const context = await browser.newContext({ serviceWorkers: "block", ...options });
  await context.addCookies([{ name: "prt_session", value: inject("session"), url: baseUrl(), httpOnly: true, sameSite: "Lax" }]);
  return context;
}

/** Console errors and uncaught exceptions of a page, for "renders without errors" checks. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

/** Writes `test/browser/screenshots/<name>.png` (committed, for reviewers). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: "disabled" });
}

/** A JSON call with the signed-in context's cookie (same origin, as the app makes it). */
export async function apiCall<T = unknown>(
  context: BrowserContext,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await context.request.fetch(`${baseUrl()}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Origin: baseUrl() },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status(), body: (text ? JSON.parse(text) : null) as T };
}

/** Creates a batch through the API and answers its id. */
export async function createBatch(context: BrowserContext, fields: Record<string, unknown>): Promise<string> {
  const res = await apiCall<{ id: string }>(context, "POST", "/api/batch", { input_grams: 1000, target_grams_each: 0.5, ...fields });
  if (res.status !== 201) throw new Error(`create batch answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}
