import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUTH_REQUIRED, CROSS_SITE_REFUSED, INVALID_API_KEY } from "../../src/auth/middleware";
import { apiRoutes, type RouteSpec } from "../../src/http/registry";
import "../../src/routes";
import { installFakes } from "../helpers/fake-apex";
import { call, createApiKey, login, setPassword } from "../helpers/http";

/** A concrete path for a route pattern: every parameter gets a value that names nothing. */
function concrete(route: RouteSpec): string {
  return route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) =>
    name.includes("metrc") ? "1A4060300000NOTREAL00000" : "no-such-id",
  );
}

// Routes whose success would change the credentials the matrix itself is using run last.
const CREDENTIAL_CHANGERS = new Set(["/api/api-key/regenerate", "/api/password", "/api/recovery-key"]);
const routes = [...apiRoutes].sort((a, b) => Number(CREDENTIAL_CHANGERS.has(a.path)) - Number(CREDENTIAL_CHANGERS.has(b.path)));
const label = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path} (${r.auth})`;

let key = "";
let cookie = "";

beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
});

// Routes that call Apex Trading or Pushover reach in-memory fakes, never the network.
beforeEach(() => {
  installFakes();
});

describe("auth matrix over every registered /api route", () => {
  it("has routes to walk", () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  it.each(routes.map((r) => [label(r), r] as const))("%s without credentials", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), route.method === "get" ? undefined : {});
    if (route.auth === "none") expect(res.status).not.toBe(401);
    else expect([res.status, await res.json()]).toEqual([401, { error: AUTH_REQUIRED }]);
  });

  it.each(routes.map((r) => [label(r), r] as const))("%s with a wrong key", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), route.method === "get" ? undefined : {}, {
      key: "wrong-key",
      origin: null,
    });
    if (route.auth === "none") expect(res.status).not.toBe(401);
    else if (route.auth === "session") expect([res.status, await res.json()]).toEqual([401, { error: AUTH_REQUIRED }]);
    else expect([res.status, await res.json()]).toEqual([401, { error: INVALID_API_KEY }]);
  });

  it.each(routes.map((r) => [label(r), r] as const))("%s with the right key", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), route.method === "get" ? undefined : {}, { key, origin: null });
    expect(res.status).toBeLessThan(500);
    if (route.auth === "session") expect([res.status, await res.json()]).toEqual([401, { error: AUTH_REQUIRED }]);
    else expect([401, 403]).not.toContain(res.status);
  });

  it.each(routes.map((r) => [label(r), r] as const))("%s with a session cookie", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), route.method === "get" ? undefined : {}, { cookie });
    expect(res.status).toBeLessThan(500);
    expect([401, 403]).not.toContain(res.status);
  });

  const writes = routes.filter((r) => r.method !== "get" && r.auth !== "none");
  it.each(writes.map((r) => [label(r), r] as const))("%s refuses a cookie write without Origin", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), {}, { cookie, origin: null });
    expect([res.status, await res.json()]).toEqual([403, { error: CROSS_SITE_REFUSED }]);
  });

  it.each(writes.map((r) => [label(r), r] as const))("%s refuses a cookie write from a foreign Origin", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), {}, { cookie, origin: "https://evil.example" });
    expect([res.status, await res.json()]).toEqual([403, { error: CROSS_SITE_REFUSED }]);
  });
});
