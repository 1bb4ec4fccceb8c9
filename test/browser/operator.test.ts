import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiCall, baseUrl, createBatch, DESKTOP, PHONE, screenshot, signedIn, watchErrors } from "./app";
import { launchChromium } from "./browser";

/**
 * Issue 18 on a shared tablet: who is signed in shows in the header, an idle tablet goes back to
 * the PIN pad, and a count queued by one operator is still theirs when it is sent after another
 * signed in; a named packer's initials are theirs on the packing page.
 */

let browser: Browser;
let desk: BrowserContext;
// Names no other test (or retry of one) uses; a rerun against the same database still finds fresh ones.
const fresh = () => `${Date.now().toString(36).slice(-4)}${Math.random().toString(36).slice(2, 5)}`;

beforeAll(async () => {
  browser = await launchChromium();
  desk = await signedIn(browser, DESKTOP);
});
afterAll(async () => {
  await browser?.close();
});

async function addOperator(name: string, pin: string): Promise<string> {
  const res = await apiCall<{ id: string }>(desk, "POST", "/api/users", { name, initials: name.slice(0, 2), role: "floor", pin });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function pinSignIn(pad: Page, name: string, pin: string): Promise<void> {
  await pad.goto(`${baseUrl()}/pin`);
  await pad.getByRole("button", { name: new RegExp(name) }).click();
  for (const digit of pin) await pad.getByRole("button", { name: digit, exact: true }).click();
  await pad.getByRole("button", { name: "Sign in" }).click();
  // The pad's refusal, if any, names itself in the failure.
  await expect
    .poll(
      async () =>
        new URL(pad.url()).pathname + ((await pad.getByRole("alert").count()) ? ` ${await pad.getByRole("alert").textContent()}` : ""),
      {
        timeout: 20_000,
      },
    )
    .toBe("/admin");
}

async function counts(batch: string): Promise<number> {
  return (await apiCall<{ counts_0_5: number }>(desk, "GET", `/api/batch/${batch}`)).body.counts_0_5;
}

describe("operators on a shared tablet", () => {
  it("the header names the signed-in admin on a desktop", async () => {
    const page = await desk.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl()}/admin`);
    await expect.poll(() => page.locator(".signed-in").textContent(), { timeout: 10_000 }).toMatch(/Signed in as\s*Admin\s*\(Admin\)/);
    // A password session on a desktop is nobody's shared tablet: no switch.
    expect(await page.getByRole("button", { name: "Switch operator" }).count()).toBe(0);
    await screenshot(page, "signed-in-desktop");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("idle returns to the PIN pad, and a count queued before is sent under its operator after another signs in", async () => {
    const stamp = fresh();
    const opal = `Opal ${stamp}`;
    const quinn = `Quinn ${stamp}`;
    await addOperator(opal, "1357");
    await addOperator(quinn, "2468");
    expect((await apiCall(desk, "POST", "/api/devices/approve", { name: `Idle tablet ${stamp}` })).status).toBe(201);
    const device = (await desk.cookies()).find((c) => c.name === "prt_device");
    const batch = await createBatch(desk, { strain: `Idle Kush ${stamp}`, planned_0_5: 500 });

    const tablet = await browser.newContext({ ...PHONE, serviceWorkers: "block" });
    await tablet.addCookies([{ name: "prt_device", value: device?.value ?? "", url: baseUrl(), httpOnly: true, sameSite: "Strict" }]);
    // The tablet's clock is ours to move: two idle minutes pass in an instant.
    await tablet.clock.install();
    const pad = await tablet.newPage();
    await pinSignIn(pad, opal, "1357");
    const header = pad.locator(".signed-in");
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toMatch(new RegExp(`Signed in as\\s*${opal}\\s*\\(Floor\\)`));
    await pad.getByRole("button", { name: "Switch operator" }).waitFor();
    await screenshot(pad, "signed-in-phone");

    // Opal's tap cannot reach the server: it stays queued with her name on it.
    await pad.route("**/count-deltas", (route) => route.abort("internetdisconnected"));
    await pad.goto(`${baseUrl()}/admin/batch/${batch}/plan`);
    await pad.getByRole("button", { name: "+25" }).click();
    await pad.getByRole("button", { name: /1 pending/ }).waitFor({ timeout: 10_000 });

    // The idle watch starts once the page knows who is signed in.
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toContain(opal);
    const t0 = Date.now();
    await pad.clock.fastForward(121_000);
    await expect.poll(() => new URL(pad.url()).pathname, { timeout: 20_000 }).toBe("/pin");
    await pad.getByRole("heading", { name: "Sign in with PIN" }).waitFor();
    console.log(`idle sign-out reached the pad in ${Date.now() - t0} ms`);
    expect((await apiCall(tablet, "GET", "/api/me")).status).toBe(401);
    expect(await counts(batch)).toBe(0);
    await pad.unroute("**/count-deltas");

    await pinSignIn(pad, quinn, "2468");
    await expect.poll(() => header.textContent(), { timeout: 10_000 }).toContain(quinn);
    const t1 = Date.now();
    await expect.poll(() => counts(batch), { timeout: 30_000 }).toBe(25);
    console.log(`the queued count replayed ${Date.now() - t1} ms after the next sign-in`);
    const audit = await apiCall<{ actor: string; batch: string; field: string }[]>(desk, "GET", `/api/audit?batch=${batch}`);
    expect(audit.body.filter((r) => r.field === "counts_0_5").map((r) => r.actor)).toEqual([`user:${opal}`]);

    // Switch operator: one tap back to the pad, Quinn's session ended.
    await pad.getByRole("button", { name: "Switch operator" }).click();
    await pad.waitForURL(/\/pin$/);
    expect((await apiCall(tablet, "GET", "/api/me")).status).toBe(401);
    await tablet.close();
  });

  it("a named packer signed in packs under their own initials; the shared admin types them", async () => {
    const stamp = fresh();
    const rue = `Rue ${stamp}`;
    await addOperator(rue, "8642");
    expect((await apiCall(desk, "POST", "/api/devices/approve", { name: `Packing tablet ${stamp}` })).status).toBe(201);
    const device = (await desk.cookies()).find((c) => c.name === "prt_device");
    const tablet = await browser.newContext({ ...DESKTOP, serviceWorkers: "block" });
    await tablet.addCookies([{ name: "prt_device", value: device?.value ?? "", url: baseUrl(), httpOnly: true, sameSite: "Strict" }]);
    const pad = await tablet.newPage();
    await pinSignIn(pad, rue, "8642");
    await pad.goto(`${baseUrl()}/packing`);
    const mine = pad.getByRole("textbox", { name: "Your initials" });
    await expect.poll(() => mine.inputValue(), { timeout: 10_000 }).toBe("RU");
    expect(await mine.isEditable()).toBe(false);
    await screenshot(pad, "packing-initials-signed-in");
    await tablet.close();

    const page = await desk.newPage();
    await page.goto(`${baseUrl()}/packing`);
    const typed = page.getByRole("textbox", { name: "Your initials" });
    await typed.waitFor();
    expect(await typed.isEditable()).toBe(true);
    await typed.fill("KL");
    await typed.press("Tab");
    await page.reload();
    await expect.poll(() => page.getByRole("textbox", { name: "Your initials" }).inputValue(), { timeout: 10_000 }).toBe("KL");
    await page.close();
  });
});
