// A throwaway `wrangler dev` for browser tests and page budgets: its own fresh local state under
// .tmp/<name>-<port>, its own copy of the built app, a known admin password, fake-only outbound URLs.
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
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
  const logPath = join(state, "wrangler.log");
  let server;
  let stopping = false;
  let restarts = 0;
  // `wrangler dev` has exited mid-run here with an empty "[ERROR]": it is started again on the same
  // state (D1, R2 and sessions persist), so one crash fails the tests in flight, not the rest of the run.
  const launch = (flags) => {
    server = spawn(wrangler, args, { cwd: ROOT, env, stdio: ["ignore", openSync(logPath, flags), openSync(logPath, "a")] });
    server.on("exit", (code, signal) => {
      if (stopping) return;
      const why = `wrangler dev on port ${port} exited (${signal ?? code}); see ${logPath}`;
      appendFileSync(logPath, `\n[test-server] ${why}\n`);
      if (restarts >= 3) return console.error(`[test-server] ${why}; not restarted again`);
      restarts++;
      console.error(`[test-server] ${why}; starting it again on the same state`);
      launch("a");
    });
  };
  launch("w");
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await isUp(base)) break;
    if (server.exitCode !== null && restarts === 0) throw new Error(`wrangler dev exited with ${server.exitCode}`);
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    base,
    state,
    stop: () => {
      stopping = true;
      server.kill("SIGTERM");
    },
  };
}

/** True once the app answers /api/health. */
export async function isUp(base) {
  try {
    return (await fetch(`${base}/api/health`)).ok;
  } catch {
    return false; // not listening (yet, or again)
  }
}
