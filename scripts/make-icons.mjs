// Renders the app icons (web/icons/*.svg) to the PNGs the manifest and iOS need, in Debian's
// Chromium. Run once after changing an icon: `node scripts/make-icons.mjs`; the PNGs are committed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const ROOT = join(import.meta.dirname, "..");
const OUT = join(ROOT, "web", "public");
const targets = [
  ["icon.svg", "icon-192.png", 192],
  ["icon.svg", "icon-512.png", 512],
  ["icon-maskable.svg", "icon-maskable-512.png", 512],
  ["icon-maskable.svg", "apple-touch-icon.png", 180],
  ["icon.svg", "favicon-32.png", 32],
];

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
for (const [svg, png, size] of targets) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const markup = readFileSync(join(ROOT, "web", "icons", svg), "utf8");
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${markup.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  await page.screenshot({ path: join(OUT, png), omitBackground: true });
  await page.close();
}
await browser.close();
console.log(`wrote ${targets.map((t) => t[1]).join(", ")}`);
