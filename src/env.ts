import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "./db/schema";

export type Db = DrizzleD1Database<typeof schema>;

/** Who made a request: a signed-in browser session or an API-key client. */
export type Principal = { kind: "session"; sessionId: string } | { kind: "api_key"; keyId: string };

export type AppEnv = {
  Bindings: Env;
  Variables: { db: Db; requestId?: string; principal?: Principal };
};

/** Secrets that may be absent; wrangler types only lists the required ones. */
export type OptionalSecrets = {
  SENTRY_DSN?: string;
  APEX_API_TOKEN?: string;
  PUSHOVER_APP_TOKEN?: string;
  PUSHOVER_USER_KEY?: string;
  /** Bootstrap admin password hash until one is set in the app (gaps G-AUTH-4). */
  ADMIN_PASSWORD_HASH?: string;
};
