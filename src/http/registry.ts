import type { Context, Hono } from "hono";
import type { ZodType, z } from "zod";
import type { AuthMode } from "../auth/auth-mode";
import { authorize } from "../auth/middleware";
import type { ResponseSchemas } from "../contracts/responses";
import { type Ability, defaultAbility } from "../domain/abilities";
import type { AppEnv } from "../env";
import { parseWith, readJsonBody, readQuery } from "./validation";

export type Method = "get" | "post" | "put" | "patch" | "delete";

export type RouteSpec = {
  method: Method;
  /** Hono path, e.g. `/api/batch/:batch_id/counts`. */
  path: string;
  auth: AuthMode;
  summary: string;
  tag: string;
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  /** The body answered per success status: a zod schema for JSON, or a RawBody (CSV, page, redirect). */
  response: ResponseSchemas;
  /** Description per documented status code, for the OpenAPI document. */
  responses?: Record<number, string>;
  /** Body is read by the handler itself (multipart uploads, form posts). */
  rawBody?: boolean;
  /** Honours an `Idempotency-Key` header (http/idempotency.ts); documented in OpenAPI. */
  idempotent?: boolean;
  /** The ability a caller needs; defaults by tag and method (domain/abilities.ts). */
  ability?: Ability;
};

/** The ability a route needs: its own, or its tag's default for its method. */
export function abilityOf(spec: RouteSpec): Ability {
  return spec.ability ?? defaultAbility(spec.tag, spec.method);
}

type Infer<T> = T extends ZodType ? z.infer<T> : undefined;

export type RouteInput<S extends RouteSpec> = {
  body: Infer<S["body"]>;
  query: Infer<S["query"]>;
  params: S["params"] extends ZodType ? z.infer<S["params"]> : Record<string, string>;
};

/** Every API route, in registration order: feeds the OpenAPI document and the auth-matrix test. */
export const apiRoutes: RouteSpec[] = [];

/**
 * Registers a route on a router with its auth rule and zod validation, and records it for the
 * OpenAPI document. Handlers receive already-validated input.
 */
export function defineRoute<const S extends RouteSpec>(
  router: Hono<AppEnv>,
  spec: S,
  handler: (c: Context<AppEnv>, input: RouteInput<S>) => Response | Promise<Response>,
): void {
  apiRoutes.push(spec);
  const hasParams = spec.path.includes(":");
  const withoutQuery = spec.query && emptyQueryOf(spec.query);
  const ability = abilityOf(spec);
  router.on(spec.method.toUpperCase(), spec.path, async (c) => {
    await authorize(c, spec.auth, ability);
    const params = spec.params ? parseWith(spec.params, c.req.param()) : hasParams ? c.req.param() : {};
    const query = spec.query ? (c.req.url.includes("?") ? parseWith(spec.query, readQuery(c)) : withoutQuery?.()) : undefined;
    const body = spec.body && !spec.rawBody ? parseWith(spec.body, await readJsonBody(c)) : undefined;
    return handler(c, { body, query, params } as RouteInput<S>);
  });
}

/**
 * The query of a request without a query string: parsed once (defaults only), handed out as a
 * copy. A schema that refuses an empty query is parsed every time, so it answers its 400.
 */
function emptyQueryOf(schema: ZodType): () => unknown {
  const parsed = schema.safeParse({});
  if (!parsed.success || typeof parsed.data !== "object" || parsed.data === null || Array.isArray(parsed.data)) {
    return () => parseWith(schema, {});
  }
  const defaults = parsed.data;
  return () => ({ ...defaults });
}
