import type { DrizzleD1Database } from "drizzle-orm/d1";
import type * as schema from "./db/schema";
import type { Ability, Role } from "./domain/abilities";

export type Db = DrizzleD1Database<typeof schema>;

/**
 * Who made a request: a signed-in browser session or an API-key client. `user` is the
 * session's named user (absent on live-ticket principals); `scoped` a named key's name and
 * abilities (absent: the original key, which has every ability).
 */
export type Principal =
  | { kind: "session"; sessionId: string; user?: { id: string; name: string; initials: string; role: Role } }
  | { kind: "api_key"; keyId: string; scoped?: { name: string; abilities: readonly Ability[] } };

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
