import { env } from "cloudflare:test";
import { expect, it } from "vitest";
import { readConfig } from "../../src/config";
import { apexClientFromEnv } from "../../src/integrations/apex/from-env";
import { installFakes } from "../helpers/fake-apex";
it("debug", async () => {
  installFakes();
  console.log("base", readConfig(env as never).APEX_BASE_URL, (env as unknown as Record<string, string>).APEX_API_TOKEN);
  try { console.log(await apexClientFromEnv(env, { maxAttempts: 1 }).welcome()); } catch (e) { console.log("err", String(e)); }
  expect(1).toBe(1);
});
