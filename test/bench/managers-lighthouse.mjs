// `npx node test/bench/managers-lighthouse.mjs`: Lighthouse 12 accessibility (mobile, its default
// form factor) of /finished-goods and /wholesale, signed in, with a few packages and a hold, in
// Debian's Chromium against `wrangler dev`. Floor 95. Prints each score and any failing audit.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ROOT } from "../../scripts/lib/local.mjs";
import { startTestServer } from "../../scripts/lib/test-server.mjs";

const PORT = Number(process.env.MANAGERS_LH_PORT ?? 8820);
const PASSWORD = "managers-lighthouse-password";
const CHROME = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const FLOOR = 95;

async function signInAndSeed(base) {
  const browser = await chromium.launch({ executablePath: CHROME, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Login" }).click();
    await page.waitForURL(`${base}/admin`);
    const post = (path, data) =>
      context.request.post(`${base}${path}`, { headers: { Origin: base, "Content-Type": "application/json" }, data: JSON.stringify(data) });
    for (const [i, strain] of ["Blue Dream", "OG Kush", "Gelato", "Gelato"].entries()) {
      await post("/api/finished-goods", { metrc_number: `1A4060300000B1E00000800${i}`, strain, grams: 400 + 150 * i });
    }
    await post("/api/finished-goods/1A4060300000B1E000008001/order", { grams: 90 });
    await post("/api/wholesale/hold", { metrc_number: "1A4060300000B1E000008002", sku_name: "0.5g Singles", quantity: 40, notes: "PO-12" });
    const cookie = (await context.cookies()).find((c) => c.name === "prt_session");
    return `${cookie.name}=${cookie.value}`;
  } finally {
    await browser.close();
  }
}

function accessibility(url, cookie, name) {
  const out = join(ROOT, ".tmp", `lighthouse-${name}.json`);
  execFileSync(
    join(ROOT, "node_modules", ".bin", "lighthouse"),
    [
      url,
      "--quiet",
      "--output=json",
      `--output-path=${out}`,
      "--only-categories=accessibility",
      "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage",
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROME }, stdio: "ignore" },
  );
  const report = JSON.parse(readFileSync(out, "utf8"));
  const failing = Object.values(report.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
    .map((a) => a.id);
  return { score: Math.round(report.categories.accessibility.score * 100), failing };
}

const server = await startTestServer({ port: PORT, password: PASSWORD, name: "managers-lh" });
try {
  const cookie = await signInAndSeed(server.base);
  console.log(`Lighthouse accessibility, mobile, signed in (floor ${FLOOR}):`);
  for (const path of ["/finished-goods", "/wholesale"]) {
    const { score, failing } = accessibility(`${server.base}${path}`, cookie, path.slice(1));
    console.log(
      `  ${path.padEnd(16)} ${score} · ${score >= FLOOR ? "met" : "NOT MET"}${failing.length ? ` · failing: ${failing.join(", ")}` : ""}`,
    );
  }
} finally {
  server.stop();
}
