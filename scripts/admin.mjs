// `npm run admin -- set-password [password] [--remote]` and `npm run admin -- set-api-key [--remote]`:
// for an admin who is locked out. Prints the new value once. --remote targets the deployed D1.
import { applyMigrations, d1ExecuteFile, newApiKey, newPassword, setApiKeySql, setPasswordSql, writeTempSql } from "./lib/local.mjs";

const [command, ...rest] = process.argv.slice(2);
const target = rest.includes("--remote") ? "--remote" : "--local";
const positional = rest.filter((a) => !a.startsWith("--"));

if (target === "--local") applyMigrations();
if (command === "set-password") {
  const password = positional[0] ?? newPassword();
  if (password.length < 6) {
    console.error("Password must be at least 6 characters.");
    process.exit(1);
  }
  d1ExecuteFile(writeTempSql("admin.sql", setPasswordSql(password)), target);
  console.log(`Admin password: ${password}\nEvery session was signed out.`);
} else if (command === "set-api-key") {
  const key = newApiKey();
  d1ExecuteFile(writeTempSql("admin.sql", setApiKeySql(key)), target);
  console.log(`API key: ${key}\nThe old key no longer works.`);
} else {
  console.log("Usage: npm run admin -- set-password [new-password] [--remote]\n       npm run admin -- set-api-key [--remote]");
  process.exit(command ? 1 : 0);
}
