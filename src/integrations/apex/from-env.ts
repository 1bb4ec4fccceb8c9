import { readConfig } from "../../config";
import type { OptionalSecrets } from "../../env";
import { type ApexClient, createApexClient } from "./client";
import type { ApexHttpOptions } from "./http";

/** Test and tooling hooks: everything but the base URL and the token. */
export type ApexClientOverrides = Omit<Partial<ApexHttpOptions>, "baseUrl" | "token">;

/** The client the app uses: base URL from APEX_BASE_URL, token from the APEX_API_TOKEN secret. */
export function apexClientFromEnv(env: Env, overrides: ApexClientOverrides = {}): ApexClient {
  const config = readConfig(env as Env & OptionalSecrets);
  return createApexClient({ baseUrl: config.APEX_BASE_URL, token: config.APEX_API_TOKEN ?? "", ...overrides });
}
