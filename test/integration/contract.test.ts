import { describe, expect, it } from "vitest";
import { bodiesOf, isRawBody } from "../../src/contracts/responses";
import { toOpenApiPath } from "../../src/http/openapi";
import { apiRoutes } from "../../src/http/registry";
import { checkContract, routeOf } from "../helpers/contract";
import { call, json } from "../helpers/http";

/**
 * The contract itself: every route declares what it answers, the OpenAPI document publishes it,
 * and the check that `call()` runs on every integration-test response does catch drift.
 */

type Operation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("response contracts", () => {
  it("every registered route declares what it answers on success", () => {
    const missing = apiRoutes.filter((r) => !Object.keys(r.response).some((s) => Number(s) < 400));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(apiRoutes.length).toBeGreaterThan(100);
  });

  it("/api/openapi.json lists every route's declared responses with real schemas and the error body", async () => {
    const doc = await json<Doc>(await call("GET", "/api/openapi.json"));
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error"] });
    for (const route of apiRoutes) {
      const op = doc.paths[toOpenApiPath(route.path)]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      for (const [status, declared] of Object.entries(route.response)) {
        const documented = op?.responses[status];
        expect(documented, `${route.method} ${route.path} ${status}`).toBeDefined();
        for (const body of bodiesOf(declared)) {
          if (isRawBody(body)) {
            if (body.contentType) expect(documented?.content?.[body.contentType], `${route.method} ${route.path}`).toBeDefined();
            continue;
          }
          const schema = documented?.content?.["application/json"]?.schema ?? {};
          // A real body schema, not the old placeholder `{type: "object"}`.
          expect(Object.keys(schema).length > 1 || !("type" in schema) || schema.type !== "object", `${route.method} ${route.path}`).toBe(
            true,
          );
        }
      }
      for (const [status, documented] of Object.entries(op?.responses ?? {})) {
        if (Number(status) >= 400) expect(documented.content?.["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
  });

  it("finds the route a request reaches, preferring fixed segments over parameters", () => {
    expect(routeOf("GET", "/api/batch/abc/audit?limit=3")?.path).toBe("/api/batch/:batch_id/audit");
    expect(routeOf("GET", "/api/inventory/")?.path).toBe("/api/inventory");
    expect(routeOf("GET", "/api/finished-goods/summary")?.path).toBe("/api/finished-goods/summary");
    expect(routeOf("GET", "/not-an-api-route")).toBeUndefined();
    expect(routeOf("GET", "/api/batch/%/audit")?.path).toBe("/api/batch/:batch_id/audit");
  });

  it("fails on a body that drifts from its schema, an undeclared status, and a malformed error", async () => {
    await expect(checkContract("GET", "/api/health", jsonResponse({ status: "ok" }))).resolves.toBeUndefined();
    await expect(checkContract("GET", "/api/health", jsonResponse({ status: 1 }))).rejects.toThrow(/contract drift/);
    await expect(checkContract("GET", "/api/health", jsonResponse({ status: "ok", extra: true }))).rejects.toThrow(/undeclared field/);
    await expect(checkContract("GET", "/api/health", jsonResponse({ status: "ok" }, 203))).rejects.toThrow(/does not declare/);
    await expect(checkContract("GET", "/api/health", jsonResponse({ message: "no" }, 500))).rejects.toThrow(/error body/);
    await expect(checkContract("GET", "/api/health", jsonResponse({ error: "no", stack: "at x" }, 500))).rejects.toThrow(
      /undeclared field/,
    );
    await expect(checkContract("GET", "/api/health", new Response("ok", { status: 200 }))).rejects.toThrow(/declared JSON/);
  });
});
