import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./browser";

let browser: Browser;
const base = inject("baseUrl");

beforeAll(async () => {
  browser = await launchChromium();
  mkdirSync(".tmp/screenshots", { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

describe("login page", () => {
  it("sends a signed-out visitor to /login, refuses a wrong password, and signs in with the right one", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("heading", { name: "Admin Login" }).isVisible()).resolves.toBe(true);
    expect(await page.getByLabel("Remember me for 30 days").isChecked()).toBe(true);

    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Login" }).click();
    await page.getByText("Invalid password").waitFor();

    await page.getByLabel("Password").fill(inject("password"));
    await page.getByRole("button", { name: "Login" }).click();
    await page.waitForURL(`${base}/admin`);
    await page.getByRole("heading", { name: "Production Dashboard" }).waitFor();

    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "prt_session");
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");

    await page.getByRole("link", { name: "Logout" }).click();
    await page.waitForURL(`${base}/login`);
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("shows the recovery page with its fallback when no recovery key exists", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByText("No recovery key configured.").waitFor();
  });
});
