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
  const base = server?.base ?? "";
  project.provide("baseUrl", base);
  project.provide("password", BROWSER_PASSWORD);
  // One sign-in for the whole run: the login form allows 5 attempts a minute per address, and
  // every test file opens several signed-in contexts (login.test.ts covers the form itself).
  project.provide("session", await signInOnce(base));
}

async function signInOnce(base: string): Promise<string> {
  const form = await fetch(`${base}/login`);
  const csrf = (await form.text()).match(/name="csrf_token" value="([^"]+)"/)?.[1] ?? "";
  const cookie = form.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, Origin: base },
    body: new URLSearchParams({ csrf_token: csrf, password: BROWSER_PASSWORD, remember_me: "1" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .find((c) => c.startsWith("prt_session="));
  if (!session) throw new Error(`browser tests could not sign in (${res.status})`);
  return session.slice("prt_session=".length);
}

export async function teardown() {
  server?.stop();
  await apex?.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    password: string;
    /** The prt_session cookie of one sign-in shared by the run's contexts. */
    session: string;
  }
}
