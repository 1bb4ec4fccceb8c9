// `npm run bench -- web`: the floor PWA's budgets, measured in Debian's Chromium against the app as
// `wrangler dev` serves it (never a timed test). Prints:
// - JavaScript the dashboard's first load transfers, gzipped (budget ≤ 35 KB), per file;
// - Lighthouse 12.2.3, mobile, on the signed-in dashboard: performance ≥ 90, accessibility ≥ 95,
//   best practices ≥ 95 (CHROME_PATH defaults to /usr/bin/chromium).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { ROOT } from "../../scripts/lib/local.mjs";
import { startTestServer } from "../../scripts/lib/test-server.mjs";

const PORT = Number(process.env.WEB_BUDGET_PORT ?? 8871);
const PASSWORD = "web-budget-password";
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const JS_BUDGET_KB = 35;
const LIGHTHOUSE_FLOORS = { performance: 90, accessibility: 95, "best-practices": 95 };

async function signIn(page, base) {
  await page.goto(`${base}/login`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Login" }).click();
  await page.waitForURL(`${base}/admin`);
}

/** Gzipped bytes of every script the dashboard loads before it is idle, read from the built files. */
async function firstLoadJs(browser, base) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await signIn(page, base);
  await page.goto(`${base}/admin`, { waitUntil: "networkidle" });
  await page.getByRole("heading", { level: 1, name: "Production Dashboard" }).waitFor();
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => e.name)
      .filter((n) => n.endsWith(".js")),
  );
  const files = urls.map((url) => {
    const path = new URL(url).pathname;
    const bytes = readFileSync(join(ROOT, "web", "dist", path));
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  const cookie = (await context.cookies()).find((c) => c.name === "prt_session");
  await context.close();
  return { files, cookie };
}

function lighthouse(base, cookie) {
  const out = join(ROOT, ".tmp", "lighthouse-dashboard.json");
  execFileSync(
    join(ROOT, "node_modules", ".bin", "lighthouse"),
    [
      `${base}/admin`,
      "--quiet",
      "--output=json",
      `--output-path=${out}`,
      "--only-categories=performance,accessibility,best-practices",
      "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
      `--extra-headers=${JSON.stringify({ Cookie: `${cookie.name}=${cookie.value}` })}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, stdio: "ignore" },
  );
  const report = JSON.parse(readFileSync(out, "utf8"));
  const scores = Object.fromEntries(Object.entries(report.categories).map(([k, v]) => [k, Math.round(v.score * 100)]));
  const metric = (id) => report.audits[id]?.displayValue ?? "-";
  return {
    scores,
    metrics: {
      FCP: metric("first-contentful-paint"),
      LCP: metric("largest-contentful-paint"),
      TBT: metric("total-blocking-time"),
      CLS: metric("cumulative-layout-shift"),
    },
  };
}

export async function runWebBudget() {
  execFileSync(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  const server = await startTestServer({ port: PORT, password: PASSWORD, name: "web-budget" });
  const browser = await chromium.launch({ executablePath: CHROME, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    const { files, cookie } = await firstLoadJs(browser, server.base);
    const totalKb = files.reduce((n, f) => n + f.gzip, 0) / 1024;
    console.log("Dashboard first load, JavaScript (gzip -9 of the served files):");
    for (const f of files)
      console.log(`  ${f.path.padEnd(48)} ${(f.raw / 1024).toFixed(1).padStart(7)} KB raw ${(f.gzip / 1024).toFixed(1).padStart(6)} KB gz`);
    console.log(`  total ${totalKb.toFixed(1)} KB gz · budget ≤ ${JS_BUDGET_KB} KB · ${totalKb <= JS_BUDGET_KB ? "met" : "NOT MET"}`);
    const { scores, metrics } = lighthouse(server.base, cookie);
    console.log("\nLighthouse 12.2.3, mobile, /admin signed in:");
    for (const [category, floor] of Object.entries(LIGHTHOUSE_FLOORS)) {
      console.log(
        `  ${category.padEnd(16)} ${String(scores[category]).padStart(3)} · floor ${floor} · ${scores[category] >= floor ? "met" : "NOT MET"}`,
      );
    }
    console.log(
      `  ${Object.entries(metrics)
        .map(([k, v]) => `${k} ${v}`)
        .join(" · ")}`,
    );
    const result = { js_first_load_gz_kb: Number(totalKb.toFixed(1)), js_files: files, lighthouse: scores, metrics };
    writeFileSync(join(ROOT, "test", "bench", "web-budget.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log("\nwrote test/bench/web-budget.json");
  } finally {
    await browser.close();
    server.stop();
  }
}
