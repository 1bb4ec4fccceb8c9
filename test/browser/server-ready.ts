/**
 * Before each browser test file: waits (up to 60 s) for the shared server to answer, so a file that
 * starts while the global setup restarts a crashed `wrangler dev` waits for it instead of failing.
 */
import { beforeAll, inject } from "vitest";
// @ts-expect-error plain ESM helper shared with the local scripts
import { isUp } from "../../scripts/lib/test-server.mjs";

beforeAll(async () => {
  const deadline = Date.now() + 60_000;
  while (!(await isUp(inject("baseUrl")))) {
    if (Date.now() > deadline) throw new Error(`the test server at ${inject("baseUrl")} has not answered for 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}, 65_000);
