import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper shared with the local scripts
import { startTestServer } from "../../scripts/lib/test-server.mjs";

export const BROWSER_PASSWORD = "browser-test-password";
const PORT = Number(process.env.BROWSER_TEST_PORT ?? 8797);

let server: { base: string; stop: () => void } | undefined;

/** Starts `wrangler dev` on 127.0.0.1 with its own fresh local state, the way a user runs the app. */
export async function setup(project: TestProject) {
  server = await startTestServer({ port: PORT, password: BROWSER_PASSWORD });
  project.provide("baseUrl", server?.base ?? "");
  project.provide("password", BROWSER_PASSWORD);
}

export async function teardown() {
  server?.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
  }
}
