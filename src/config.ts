import { z } from "zod";
import { DEFAULT_PIN_IDLE_SECONDS } from "./domain/operators";
import type { OptionalSecrets } from "./env";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const PLAIN_HTTP_ENVIRONMENTS = new Set(["development", "test"]);

/**
 * Outbound base URLs carry the Apex token and the Pushover keys: `https:` only, except to this
 * machine, or anywhere in development and tests (whose fakes answer on made-up `.test` hosts).
 */
function outboundUrlIssue(name: string, raw: string, environment: string): string | null {
  const url = new URL(raw);
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && (LOOPBACK.has(url.hostname) || PLAIN_HTTP_ENVIRONMENTS.has(environment))) return null;
  return `${name} must be an https: URL (http: only to localhost, or when ENVIRONMENT is development or test)`;
}

const ConfigFields = z.object({
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
  /** Idle seconds before a PIN session on a shared tablet goes back to the PIN pad, so the next operator does not write as the last one. */
  PIN_IDLE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(DEFAULT_PIN_IDLE_SECONDS),
});

const ConfigSchema = ConfigFields.superRefine((config, ctx) => {
  for (const name of ["APEX_BASE_URL", "PUSHOVER_API_URL"] as const) {
    const issue = outboundUrlIssue(name, config[name], config.ENVIRONMENT);
    if (issue) ctx.addIssue({ code: "custom", path: [name], message: issue });
  }
});

type Config = z.infer<typeof ConfigSchema>;

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
