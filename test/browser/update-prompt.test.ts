import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, createBatch, DESKTOP, signedIn } from "./app";
import { launchChromium } from "./browser";

/**
 * A deploy while someone works: the new service worker waits, and "Reload" is offered only when no
 * change is queued or refused on this device (the outbox would be lost to a careless reload).
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// The test server serves its own copy of web/dist (scripts/lib/test-server.mjs).
const servedAssets = join(import.meta.dirname, "..", "..", ".tmp", `browser-state-${process.env.BROWSER_TEST_PORT ?? 8797}`, "assets");

describe("update prompt", () => {
  it("waits while the outbox holds a change, then offers Reload, and the page never reloads by itself", async () => {
    const desk = await signedIn(browser, { ...DESKTOP, serviceWorkers: "allow" });
    const id = await createBatch(desk, { strain: "Update Haze", counts_0_5: 10 });
    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/admin/batch/${id}/plan`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 1;
    });

    // A refused change stays in the outbox until someone looks at it.
    await page.getByRole("button", { name: "−25" }).click();
    await page.getByRole("status").filter({ hasText: "Not saved:" }).waitFor();

    // "Deploy": the served service worker changes; the page looks for updates.
    appendFileSync(join(servedAssets, "sw.js"), `\n// deployed ${Date.now()}\n`);
    await expect
      .poll(
        () =>
          page.evaluate(async () => {
            const registration = await navigator.serviceWorker.getRegistration();
            await registration?.update().catch(() => undefined);
            return Boolean(registration?.waiting);
          }),
        { timeout: 20_000, interval: 1000 },
      )
      .toBe(true);
    await page.waitForTimeout(2000);
    await expect(page.getByText("A new version of the app is ready.").count()).resolves.toBe(0);

    await page.getByRole("button", { name: /Sync status: 1 not saved/ }).click();
    await page.getByRole("button", { name: "Discard" }).click();
    await page.getByRole("button", { name: "Close" }).click();
    const prompt = page.getByRole("alert").filter({ hasText: "A new version of the app is ready." });
    await prompt.waitFor();
    // Nothing reloaded on its own: the page still holds its marker.
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(1);
    await prompt.getByRole("button", { name: "Reload" }).click();
    await page.waitForFunction(() => (window as unknown as { marker?: number }).marker === undefined);
    await page.getByRole("button", { name: "+25" }).waitFor();
    await desk.close();
  });
});
