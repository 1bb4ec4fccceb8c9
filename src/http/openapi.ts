import { z } from "zod";
import type { AuthMode } from "../auth/auth-mode";
import { bodiesOf, ErrorBody, isRawBody, type ResponseBody } from "../contracts/responses";
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

/** A success response as declared by the route: JSON schemas, or files/pages by content type (none for a redirect). */
function successResponse(bodies: readonly ResponseBody[], description: string) {
  const content: Record<string, { schema: Record<string, unknown> }> = {};
  for (const body of bodies) {
    if (!isRawBody(body)) content["application/json"] = { schema: jsonSchemaOf(body, "output") };
    else if (body.contentType) content[body.contentType] = { schema: { type: "string", description: body.description } };
  }
  const only = bodies.length === 1 ? bodies[0] : undefined;
  if (Object.keys(content).length === 0)
    return { description: only && isRawBody(only) && description === "Success" ? only.description : description };
  return { description, content };
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
  for (const [status, declared] of Object.entries(route.response)) {
    const bodies = bodiesOf(declared);
    if (bodies.length > 0) responses[status] = successResponse(bodies, route.responses?.[Number(status)] ?? "Success");
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
  const { openapi, info, ...rest } = documentOf();
  return { openapi, info: { ...info, version }, servers: [{ url: origin }], ...rest };
}

/** The routes are all registered when the module graph has loaded: their schemas convert once per isolate. */
let cached: ReturnType<typeof buildDocument> | undefined;
function documentOf() {
  cached ??= buildDocument();
  return cached;
}

function buildDocument() {
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
      description:
        'Production tracker API. Send `X-API-Key: <key>` (key-or-session routes) or sign in at /login for a session cookie. Errors are always `{"error": "..."}`.',
    },
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
