// `npm start`: first-run set-up and the local server on http://127.0.0.1:8787.
// Creates .dev.vars, builds the web app, applies migrations, creates the admin password and API key
// when none exist (printed once), seeds demo data on an empty database, starts the fake Apex Trading
// and Pushover servers, then serves the Worker with `wrangler dev` (scheduled events at /__scheduled).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  applyMigrations,
  DEV_VARS,
  d1ExecuteFile,
  d1Query,
  ensureDevVars,
  newApiKey,
  newPassword,
  ROOT,
  readText,
  setApiKeySql,
  setPasswordSql,
  writeTempSql,
} from "./lib/local.mjs";
import { coreSeedSql } from "./seed/core.mjs";

const PORT = Number(process.env.PORT ?? 8787);
const APEX_PORT = Number(process.env.FAKE_APEX_PORT ?? 8788);
const PUSHOVER_PORT = Number(process.env.FAKE_PUSHOVER_PORT ?? 8789);
const step = (text) => console.log(`• ${text}`);

if (ensureDevVars({ apexPort: APEX_PORT, pushoverPort: PUSHOVER_PORT })) step("created .dev.vars with random secrets");

step("building the web app");
execFileSync(join(ROOT, "node_modules", ".bin", "vite"), ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
  cwd: ROOT,
  stdio: "inherit",
});

step("applying migrations to the local D1");
applyMigrations();

const [state] = d1Query(
  "SELECT (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL) AS api_keys, (SELECT count(*) FROM settings WHERE key = 'admin_password_hash') AS passwords, (SELECT count(*) FROM batches) AS batches",
);
const statements = [];
const created = {};
if (!state.passwords) {
  created.password = newPassword();
  statements.push(setPasswordSql(created.password));
}
if (!state.api_keys) {
  created.apiKey = newApiKey();
  statements.push(setApiKeySql(created.apiKey));
}
if (!state.batches) {
  step("seeding demo data");
  statements.push(coreSeedSql());
  const seedDir = join(ROOT, "scripts", "seed");
  for (const file of readdirSync(seedDir)
    .filter((f) => f.endsWith(".sql"))
    .sort())
    statements.push(readText(join(seedDir, file)));
}
if (statements.length) d1ExecuteFile(writeTempSql("first-run.sql", statements.join("\n")));

if (created.password || created.apiKey) {
  console.log("\nFirst run: these are shown once. Keep them somewhere safe.");
  if (created.apiKey) console.log(`API key: ${created.apiKey}`);
  if (created.password) console.log(`Admin password: ${created.password}`);
  console.log("");
}

/** Local stand-ins for external services: never the real Apex Trading or Pushover. */
async function startFake(file, exportName, port) {
  const path = join(ROOT, "test", "fakes", file);
  if (!existsSync(path)) return;
  const mod = await import(pathToFileURL(path).href);
  if (typeof mod[exportName] !== "function") return;
  await mod[exportName]({ port, quiet: true });
  step(`fake ${file.replace(/-server\.mjs$/, "")} listening on http://127.0.0.1:${port}`);
}
await startFake("apex-server.mjs", "startFakeApex", APEX_PORT);
await startFake("pushover-server.mjs", "startFakePushover", PUSHOVER_PORT);

step(`serving on http://127.0.0.1:${PORT} (scheduled events: http://127.0.0.1:${PORT}/__scheduled?cron=*/5+*+*+*+*)`);
// wrangler dev loads from .dev.vars only the secrets wrangler.toml declares as required; the optional
// ones (Apex token, Sentry, Pushover) are handed over as vars.
const OPTIONAL_SECRETS = ["APEX_API_TOKEN", "SENTRY_DSN", "PUSHOVER_APP_TOKEN", "PUSHOVER_USER_KEY", "ADMIN_PASSWORD_HASH"];
const optionalVars = readText(DEV_VARS)
  .split("\n")
  .map((line) => line.match(/^([A-Z_]+)=(.*)$/))
  .filter((m) => m && OPTIONAL_SECRETS.includes(m[1]) && m[2] !== "")
  .flatMap((m) => ["--var", `${m[1]}:${m[2]}`]);
const server = spawn(
  join(ROOT, "node_modules", ".bin", "wrangler"),
  ["dev", "--ip", "127.0.0.1", "--port", String(PORT), "--test-scheduled", "--show-interactive-dev-session=false", ...optionalVars],
  { cwd: ROOT, stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
