import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiCall, baseUrl, DESKTOP } from "./app";
import { launchChromium } from "./browser";

/**
 * A deploy while someone works: the new service worker waits, and "Reload" is offered only when no
 * change is queued or refused on this device. The app is reached through a small proxy that can
 * "deploy" a changed sw.js (the test server's own files must not change under the other tests).
 */

let browser: Browser;
let proxy: Server;
let proxyBase: string;
let deployedSuffix = "";

beforeAll(async () => {
  browser = await launchChromium();
  const upstream = new URL(baseUrl());
  proxy = createServer((req, res) => {
    // No sockets through the proxy (the app polls instead): an upgrade left hanging here would be
    // reset under the server when the proxy closes.
    if (req.headers.upgrade) {
      res.writeHead(503).end();
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        const isWorker = req.url === "/sw.js" && deployedSuffix !== "";
        if (!isWorker) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on("data", (c: Buffer) => chunks.push(c));
        answer.on("end", () => {
          const body = Buffer.concat([...chunks, Buffer.from(deployedSuffix)]);
          res.writeHead(200, { "Content-Type": "application/javascript", "Cache-Control": "no-cache", "Content-Length": body.length });
          res.end(body);
        });
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyBase = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  proxy?.close();
});

describe("update prompt", () => {
  it("waits while the outbox holds a refused change, then offers Reload, and never reloads the page by itself", async () => {
    const desk = await browser.newContext({ ...DESKTOP, serviceWorkers: "allow" });
    await desk.addCookies([{ name: "prt_session", value: inject("session"), url: proxyBase, httpOnly: true, sameSite: "Lax" }]);
    const created = await apiCall<{ id: string }>(desk, "POST", "/api/batch", {
      strain: "Update Haze",
      input_grams: 500,
      target_grams_each: 0.5,
      counts_0_5: 10,
    });
    const page = await desk.newPage();
    await page.goto(`${proxyBase}/admin/batch/${created.body.id}/plan`);
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
    await page.getByRole("status").filter({ hasText: "Refused:" }).waitFor();

    // "Deploy" a changed service worker; the page looks for updates (as it does hourly and on focus).
    deployedSuffix = `\n// deployed ${Date.now()}\n`;
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

    await page.getByRole("button", { name: /Sync: 1 refused/ }).click();
    await page.getByRole("button", { name: "Discard" }).click();
    await page.getByRole("button", { name: "Close" }).click();
    const prompt = page.getByRole("alert").filter({ hasText: "A new version of the app is ready." });
    await prompt.waitFor();
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(1);
    await desk.close();
  });
});
