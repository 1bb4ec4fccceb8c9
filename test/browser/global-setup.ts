import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with the local scripts
import { setPasswordSql } from "../../scripts/lib/local.mjs";

export const BROWSER_PASSWORD = "browser-test-password";
const ROOT = join(import.meta.dirname, "..", "..");
const PORT_FOR_STATE = Number(process.env.BROWSER_TEST_PORT ?? 8797);
// One state folder per port, so that runs on different ports never share a database.
const STATE = join(ROOT, ".tmp", `browser-state-${PORT_FOR_STATE}`);
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 8797);
const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");

let server: ChildProcess | undefined;

/** Starts `wrangler dev` on 127.0.0.1 with its own fresh local state, the way a user runs the app. */
export async function setup(project: TestProject) {
  rmSync(STATE, { recursive: true, force: true });
  mkdirSync(STATE, { recursive: true });
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  // The run serves its own copy of the built app, so a rebuild of web/dist during the run changes nothing.
  const dist = join(ROOT, "web", "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("web/dist is missing: run `npm run build:web` first");
  const assets = join(STATE, "assets");
  cpSync(dist, assets, { recursive: true });
  execFileSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", STATE], { cwd: ROOT, env, stdio: "ignore" });
  const sqlFile = join(STATE, "password.sql");
  writeFileSync(sqlFile, setPasswordSql(BROWSER_PASSWORD));
  execFileSync(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", STATE, "--file", sqlFile, "--yes"], {
    cwd: ROOT,
    env,
    stdio: "ignore",
  });
  server = spawn(
    wrangler,
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(PORT),
      "--persist-to",
      STATE,
      "--assets",
      assets,
      "--show-interactive-dev-session=false",
      "--var",
      "SECRET_KEY:browser-test-secret-key-0123456789abcdef",
      "--var",
      "BACKUP_ENCRYPTION_KEY:YnJvd3Nlci1iYWNrdXAta2V5LTMyLWJ5dGVzLWxvbmc=",
      "--var",
      "ENVIRONMENT:test",
      "--var",
      "APEX_BASE_URL:http://127.0.0.1:9",
      "--var",
      "PUSHOVER_API_URL:http://127.0.0.1:9",
    ],
    { cwd: ROOT, env, stdio: "ignore" },
  );
  const base = `http://127.0.0.1:${PORT}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("baseUrl", base);
  project.provide("password", BROWSER_PASSWORD);
}

export async function teardown() {
  server?.kill("SIGTERM");
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
  }
}
