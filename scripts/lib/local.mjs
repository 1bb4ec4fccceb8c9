// Shared helpers of the local scripts (start, admin, reset): secrets, hashing, and local D1 access.
import { execFileSync } from "node:child_process";
import { createHash, pbkdf2Sync, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEV_VARS = join(ROOT, ".dev.vars");
const WRANGLER = join(ROOT, "node_modules", ".bin", "wrangler");

export const b64url = (buf) => Buffer.from(buf).toString("base64url");

/** Same format as src/auth/password.ts: pbkdf2-sha256$<iterations>$<salt>$<hash>. */
export function hashPassword(password) {
  const salt = randomBytes(16);
  const hash = pbkdf2Sync(password, salt, 100_000, 32, "sha256");
  return `pbkdf2-sha256$100000$${b64url(salt)}$${b64url(hash)}`;
}

export const sha256Hex = (text) => createHash("sha256").update(text).digest("hex");
export const maskKey = (key) => (key.length <= 8 ? "****" : `${key.slice(0, 4)}${"*".repeat(key.length - 8)}${key.slice(-4)}`);
export const newApiKey = () => b64url(randomBytes(24));
export const newPassword = () => b64url(randomBytes(12));
export const sqlText = (value) => (value === null || value === undefined ? "NULL" : `'${String(value).replace(/'/g, "''")}'`);

/** Writes .dev.vars with fresh random secrets when it does not exist; never overwrites. */
export function ensureDevVars({ apexPort, pushoverPort }) {
  if (existsSync(DEV_VARS)) return false;
  const lines = [
    "# Local secrets and overrides for `npm start` (created once, random). Not committed.",
    `SECRET_KEY=${b64url(randomBytes(48))}`,
    `BACKUP_ENCRYPTION_KEY=${randomBytes(32).toString("base64")}`,
    "ENVIRONMENT=development",
    `APEX_BASE_URL=http://127.0.0.1:${apexPort}`,
    `PUSHOVER_API_URL=http://127.0.0.1:${pushoverPort}`,
    "APEX_API_TOKEN=130|local-fake-apex-token",
    "",
  ];
  writeFileSync(DEV_VARS, lines.join("\n"), { mode: 0o600 });
  return true;
}

function wrangler(args, options = {}) {
  return execFileSync(WRANGLER, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

export function applyMigrations(target = "--local") {
  wrangler(["d1", "migrations", "apply", "DB", target], { env: { ...process.env, CI: "true" } });
}

/** Runs SQL against the local (or remote) D1 and returns the rows of the last statement. */
export function d1Query(sql, target = "--local") {
  const out = wrangler(["d1", "execute", "DB", target, "--json", "--command", sql]);
  const parsed = JSON.parse(out);
  return parsed.at(-1)?.results ?? [];
}

export function d1ExecuteFile(path, target = "--local") {
  wrangler(["d1", "execute", "DB", target, "--file", path, "--yes"]);
}

export function writeTempSql(name, sql) {
  const dir = join(ROOT, ".tmp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, sql);
  return file;
}

/** SQL that sets the admin password and revokes every session. */
export function setPasswordSql(password, now = new Date().toISOString()) {
  const value = JSON.stringify(hashPassword(password));
  return [
    `INSERT INTO settings (key, value, updated_at) VALUES ('admin_password_hash', ${sqlText(value)}, '${now}') ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;`,
    `UPDATE sessions SET revoked_at = '${now}' WHERE revoked_at IS NULL;`,
    `INSERT INTO event_log (ts, actor, action) VALUES ('${now}', 'system', 'password_set_from_shell');`,
  ].join("\n");
}

/** SQL that replaces the API key with `key`. */
export function setApiKeySql(key, now = new Date().toISOString()) {
  return [
    `UPDATE api_keys SET revoked_at = '${now}' WHERE revoked_at IS NULL;`,
    `INSERT INTO api_keys (id, key_hash, masked, created_at) VALUES ('${randomUUID()}', '${sha256Hex(key)}', ${sqlText(maskKey(key))}, '${now}');`,
    `INSERT INTO event_log (ts, actor, action) VALUES ('${now}', 'system', 'api_key_set_from_shell');`,
  ].join("\n");
}

export function readText(path) {
  return readFileSync(path, "utf8");
}
