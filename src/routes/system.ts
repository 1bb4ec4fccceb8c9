import { Hono } from "hono";
import { readConfig } from "../config";
import { HealthView, OpenApiView, VersionView } from "../contracts/system";
import type { AppEnv } from "../env";
import { buildOpenApi } from "../http/openapi";
import { defineRoute } from "../http/registry";
import { apiDocsPage } from "../pages/api-docs";

export const system = new Hono<AppEnv>();
const TAG = "System";

defineRoute(
  system,
  { method: "get", path: "/api/version", auth: "none", tag: TAG, summary: "Application version", response: { 200: VersionView } },
  (c) => c.json({ version: readConfig(c.env).APP_VERSION }),
);

defineRoute(
  system,
  { method: "get", path: "/api/health", auth: "none", tag: TAG, summary: "Liveness", response: { 200: HealthView } },
  (c) => c.json({ status: "ok" }),
);

defineRoute(
  system,
  { method: "get", path: "/api/openapi.json", auth: "none", tag: TAG, summary: "This API as OpenAPI 3.1", response: { 200: OpenApiView } },
  (c) => c.json(buildOpenApi(readConfig(c.env).APP_VERSION, new URL(c.req.url).origin)),
);

system.get("/api-docs", (c) => c.html(apiDocsPage()));
