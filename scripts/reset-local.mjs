// `npm run reset-local`: wipes local D1, R2 and Durable Object state. The next `npm start`
// starts from an empty database and prints a new admin password and API key.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./lib/local.mjs";

rmSync(join(ROOT, ".wrangler", "state"), { recursive: true, force: true });
rmSync(join(ROOT, ".tmp"), { recursive: true, force: true });
console.log("Local state wiped. Run `npm start` to begin again.");
