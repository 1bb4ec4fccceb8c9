import { z } from "zod";
import type { AuthMode } from "../auth/auth-mode";
import { ErrorBody, isRawBody, type RawBody } from "../contracts/responses";
import { abilityOf, apiRoutes, type RouteSpec } from "./registry";

const ERROR_SCHEMA = { $ref: "#/components/schemas/Error" };

export function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)(\{[^}]*\})?/g, "{$1}");
}

function security(auth: AuthMode) {
  if (auth === "none") return [];
  if (auth === "session") return [{ sessionCookie: [] }];
  return [{ apiKey: [] }, { sessionCookie: [] }];
}

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): Record<string, unknown> {
  try {
    const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
    return json;
  } catch {
    return {};
  }
}

/** A success response as declared by the route: a JSON schema, or a file/page/redirect by its content type. */
function successResponse(body: z.ZodType | RawBody, description: string) {
  if (!isRawBody(body)) return { description, content: { "application/json": { schema: jsonSchemaOf(body, "output") } } };
  if (!body.contentType) return { description: description === "Success" ? body.description : description };
  return { description, content: { [body.contentType]: { schema: { type: "string", description: body.description } } } };
}

const IDEMPOTENCY_PARAMETER = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description:
    "Makes a retry safe: the same key again answers the first request's stored status and body (header `Idempotent-Replayed: true`) and applies nothing; the same key with another body answers 422; keys are kept 7 days. A UUID per change is best.",
  schema: { type: "string", minLength: 1, maxLength: 255 },
};

function parametersOf(route: RouteSpec) {
  const params: Record<string, unknown>[] = route.idempotent ? [IDEMPOTENCY_PARAMETER] : [];
  for (const match of route.path.matchAll(/:(\w+)/g)) {
    params.push({ name: match[1], in: "path", required: true, schema: { type: "string" } });
  }
  if (route.query) {
    const schema = jsonSchemaOf(route.query) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      params.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: prop });
    }
  }
  return params;
}

function operationOf(route: RouteSpec) {
  const responses: Record<string, unknown> = {};
  for (const [status, body] of Object.entries(route.response ?? {})) {
    if (body) responses[status] = successResponse(body, route.responses?.[Number(status)] ?? "Success");
  }
  for (const [status, description] of Object.entries(route.responses ?? {})) {
    if (Number(status) >= 400) responses[status] = { description, content: { "application/json": { schema: ERROR_SCHEMA } } };
  }
  if (route.auth !== "none")
    responses[401] = {
      description: "Authentication required / Invalid API key",
      content: { "application/json": { schema: ERROR_SCHEMA } },
    };
  if (route.auth !== "none")
    responses[403] ??= {
      description: `The caller's role or key lacks the "${abilityOf(route)}" ability (or a cookie write came from another site)`,
      content: { "application/json": { schema: ERROR_SCHEMA } },
    };
  if (route.idempotent)
    responses[422] ??= {
      description: "The Idempotency-Key was already used for a different request (nothing applied)",
      content: { "application/json": { schema: ERROR_SCHEMA } },
    };
  if (route.body || route.query)
    responses[400] ??= { description: "Invalid input", content: { "application/json": { schema: ERROR_SCHEMA } } };
  return {
    tags: [route.tag],
    summary: route.summary,
    operationId: `${route.method}${toOpenApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ? ch.toUpperCase() : ""))}`,
    security: security(route.auth),
    "x-auth": route.auth,
    ...(route.auth === "none" ? {} : { "x-ability": abilityOf(route) }),
    parameters: parametersOf(route),
    ...(route.body ? { requestBody: { required: false, content: { "application/json": { schema: jsonSchemaOf(route.body) } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the registered routes and their zod schemas. */
export function buildOpenApi(version: string, origin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of apiRoutes) {
    const key = toOpenApiPath(route.path);
    paths[key] ??= {};
    paths[key][route.method] = operationOf(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "PreRollTracker API",
      version,
      description:
        'Production tracker API. Send `X-API-Key: <key>` (key-or-session routes) or sign in at /login for a session cookie. Errors are always `{"error": "..."}`.',
    },
    servers: [{ url: origin }],
    components: {
      securitySchemes: {
        apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "prt_session" },
      },
      schemas: { Error: jsonSchemaOf(ErrorBody, "output") },
    },
    paths,
  };
}
