/**
 * Before each browser test file and each test: waits (up to 60 s) for the shared server to answer,
 * so a test that starts (or is retried) while the global setup restarts a crashed `wrangler dev`
 * waits for it instead of failing.
 */
import { beforeAll, beforeEach, inject } from "vitest";
// @ts-expect-error plain ESM helper shared with the local scripts
import { isUp } from "../../scripts/lib/test-server.mjs";

async function serverAnswers(): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await isUp(inject("baseUrl")))) {
    if (Date.now() > deadline) throw new Error(`the test server at ${inject("baseUrl")} has not answered for 60 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(serverAnswers, 65_000);
beforeEach(serverAnswers, 65_000);
