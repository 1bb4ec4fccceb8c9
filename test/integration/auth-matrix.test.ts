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
  // A script's JSON cookie write without Origin passes, as in the original API.
  it.each(writes.map((r) => [label(r), r] as const))("%s accepts a JSON cookie write without Origin", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), {}, { cookie, origin: null });
    expect(res.status).toBeLessThan(500);
    expect([401, 403]).not.toContain(res.status);
  });

  const deletes = writes.filter((r) => r.method === "delete");
  it.each(deletes.map((r) => [label(r), r] as const))("%s accepts a body-less cookie DELETE without Origin", async (_, route) => {
    const res = await call("DELETE", concrete(route), undefined, { cookie, origin: null });
    expect(res.status).toBeLessThan(500);
    expect([401, 403]).not.toContain(res.status);
  });

  // What an HTML form (or a no-preflight fetch) on another site can send: refused without a same-origin Origin.
  const formBodies = [
    ["form-encoded", "application/x-www-form-urlencoded", "a=1"],
    ["multipart", "multipart/form-data; boundary=x", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'],
    ["text/plain", "text/plain", '{"a":1}'],
  ] as const;
  const formCases = writes.flatMap((r) => formBodies.map(([kind, type, body]) => [`${label(r)} ${kind}`, r, type, body] as const));
  it.each(formCases)("%s cookie write without Origin is refused", async (_, route, type, body) => {
    const res = await call(route.method.toUpperCase(), concrete(route), body, { cookie, origin: null, headers: { "Content-Type": type } });
    expect([res.status, await res.json()]).toEqual([403, { error: CROSS_SITE_REFUSED }]);
  });

  it.each(writes.map((r) => [label(r), r] as const))(
    "%s refuses a body-less cookie write without Origin unless DELETE",
    async (_, route) => {
      const res = await call(route.method.toUpperCase(), concrete(route), undefined, { cookie, origin: null });
      if (route.method === "delete") expect([401, 403]).not.toContain(res.status);
      else expect([res.status, await res.json()]).toEqual([403, { error: CROSS_SITE_REFUSED }]);
    },
  );

  it.each(writes.map((r) => [label(r), r] as const))("%s accepts a form-encoded cookie write with this site's Origin", async (_, route) => {
    const res = await call(route.method.toUpperCase(), concrete(route), "a=1", {
      cookie,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBeLessThan(500);
    expect([401, 403]).not.toContain(res.status);
  });

  it.each(writes.map((r) => [label(r), r] as const))("%s refuses a cookie write from a foreign Origin", async (_, route) => {
    for (const origin of ["https://evil.example", "null", "http://localhost.evil.example"]) {
      const res = await call(route.method.toUpperCase(), concrete(route), {}, { cookie, origin });
      expect([res.status, await res.json()]).toEqual([403, { error: CROSS_SITE_REFUSED }]);
    }
  });
});
