import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with the local scripts
import { startTestServer } from "../../scripts/lib/test-server.mjs";
import { startFakeApex } from "../fakes/apex-server.mjs";

export const BROWSER_PASSWORD = "browser-test-password";
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 8797);

let server: { base: string; stop: () => void } | undefined;
let apex: Awaited<ReturnType<typeof startFakeApex>> | undefined;
/** The fake Apex (demo orders) the server syncs from: the packing tests need orders to pack. */
const FAKE_APEX_TOKEN = "130|browser-fake-apex-token";

/** Starts `wrangler dev` on 127.0.0.1 with its own fresh local state, the way a user runs the app. */
export async function setup(project: TestProject) {
  apex = await startFakeApex({ quiet: true, token: FAKE_APEX_TOKEN });
  server = await startTestServer({
    port: PORT,
    password: BROWSER_PASSWORD,
    vars: { APEX_BASE_URL: apex.url, APEX_API_TOKEN: FAKE_APEX_TOKEN },
  });
  project.provide("baseUrl", server?.base ?? "");
  project.provide("password", BROWSER_PASSWORD);
}

export async function teardown() {
  server?.stop();
  await apex?.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
  }
}
