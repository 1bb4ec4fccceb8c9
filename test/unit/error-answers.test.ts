import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../src/env";
import { handleError } from "../../src/http/errors";
import { requestContext } from "../../src/http/middleware";

function appThatThrows(error: Error) {
  const app = new Hono<AppEnv>();
  app.use("*", requestContext);
  app.get("/api/boom", () => {
    throw error;
  });
  app.onError(handleError);
  return app;
}

const env = { DB: {} };

describe("the request middleware", () => {
  it("passes a write without a body or a Content-Length through to its route", async () => {
    const app = new Hono<AppEnv>();
    app.use("*", requestContext);
    app.post("/api/archive", (c) => c.json({ archived: true }));
    const res = await app.request("/api/archive", { method: "POST" }, env);
    expect([res.status, await res.json()]).toEqual([200, { archived: true }]);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });
});

describe("error answers", () => {
  it("answers an unexpected error with 500, no detail, and the request id it logged", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await appThatThrows(new Error("secret detail")).request("/api/boom", {}, env);
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: "An internal error occurred" });
    const id = res.headers.get("X-Request-Id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(log.mock.calls[0]?.[0])).toContain(id);
    log.mockRestore();
  });

  it("uses the caller's request id in the log and the answer", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await appThatThrows(new Error("x")).request("/api/boom", { headers: { "X-Request-Id": "trace-9" } }, env);
    expect(res.headers.get("X-Request-Id")).toBe("trace-9");
    expect(String(log.mock.calls[0]?.[0])).toContain("trace-9");
    log.mockRestore();
  });

  it("answers a refusal with its status and message and no request id", async () => {
    const res = await appThatThrows(new HTTPException(409, { message: "Already done" })).request("/api/boom", {}, env);
    expect([res.status, await res.json()]).toEqual([409, { error: "Already done" }]);
    expect(res.headers.get("X-Request-Id")).toBeNull();
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });
});
