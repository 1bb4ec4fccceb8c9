// A throwaway `wrangler dev` for browser tests and page budgets: its own fresh local state under
// .tmp/<name>-<port>, its own copy of the built app, a known admin password, fake-only outbound URLs.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, setPasswordSql } from "./local.mjs";

const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");

/**
 * Starts the app on 127.0.0.1:`port` and resolves once /api/health answers.
 * `vars` add or override the server's variables (e.g. APEX_BASE_URL of a fake).
 */
export async function startTestServer({ port, password, name = "browser-state", vars = {} }) {
  const state = join(ROOT, ".tmp", `${name}-${port}`);
  rmSync(state, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  // Its own dev registry: instances sharing the global one (same worker name) reload each other
  // whenever one starts or stops, which here crashed a running server mid-test.
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", WRANGLER_REGISTRY_PATH: join(state, "registry") };
  // The run serves its own copy of the built app, so a rebuild of web/dist during the run changes nothing.
  const dist = join(ROOT, "web", "dist");
  if (!existsSync(join(dist, "index.html"))) throw new Error("web/dist is missing: run `npm run build:web` first");
  const assets = join(state, "assets");
  cpSync(dist, assets, { recursive: true });
  execFileSync(wrangler, ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: ROOT, env, stdio: "ignore" });
  const sqlFile = join(state, "password.sql");
  writeFileSync(sqlFile, setPasswordSql(password));
  execFileSync(wrangler, ["d1", "execute", "DB", "--local", "--persist-to", state, "--file", sqlFile, "--yes"], {
    cwd: ROOT,
    env,
    stdio: "ignore",
  });
  const allVars = {
    SECRET_KEY: "browser-test-secret-key-0123456789abcdef",
    BACKUP_ENCRYPTION_KEY: "YnJvd3Nlci1iYWNrdXAta2V5LTMyLWJ5dGVzLWxvbmc=",
    ENVIRONMENT: "test",
    APEX_BASE_URL: "http://127.0.0.1:9",
    PUSHOVER_API_URL: "http://127.0.0.1:9",
    ...vars,
  };
  // Served from source as `npm start` does (a prebuilt bundle run with --no-bundle crashed workerd
  // mid-run here); wrangler reloads on edits to src/, so do not edit while a browser run is going.
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--assets", assets];
  args.push("--show-interactive-dev-session=false");
  for (const [key, value] of Object.entries(allVars)) args.push("--var", `${key}:${value}`);
  // The server's own output, for when a run goes wrong: .tmp/<name>-<port>/wrangler.log.
  const log = openSync(join(state, "wrangler.log"), "w");
  const server = spawn(wrangler, args, { cwd: ROOT, env, stdio: ["ignore", log, log] });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) throw new Error(`wrangler dev exited with ${server.exitCode}`);
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, state, stop: () => server.kill("SIGTERM") };
}
