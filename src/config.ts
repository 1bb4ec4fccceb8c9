import { z } from "zod";
import type { OptionalSecrets } from "./env";

const ConfigSchema = z.object({
  SECRET_KEY: z.string({ error: "SECRET_KEY is not set" }).min(32, "SECRET_KEY must be at least 32 characters"),
  APP_VERSION: z.string().default("2.0.0"),
  ENVIRONMENT: z.string().default("production"),
  TIME_ZONE: z.string().default("America/Los_Angeles"),
  APEX_BASE_URL: z.string().url().default("https://app.apextrading.com"),
  PUSHOVER_API_URL: z.string().url().default("https://api.pushover.net"),
  BACKUP_ENCRYPTION_KEY: z.string().optional(),
  SENTRY_DSN: z.string().optional(),
  APEX_API_TOKEN: z.string().optional(),
  PUSHOVER_APP_TOKEN: z.string().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

const cache = new WeakMap<object, Config>();

/** Parses vars and secrets once per env object; a missing secret is a clear error, never a default. */
export function readConfig(env: Env & OptionalSecrets): Config {
  const hit = cache.get(env);
  if (hit) return hit;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Server misconfigured: ${issue?.message ?? "invalid configuration"}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}
