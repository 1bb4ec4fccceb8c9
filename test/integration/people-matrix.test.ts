import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUTH_REQUIRED } from "../../src/auth/middleware";
import { ABILITIES, type Ability, missingAbility, ROLE_ABILITIES, type Role } from "../../src/domain/abilities";
import { abilityOf, apiRoutes, type RouteSpec } from "../../src/http/registry";
import "../../src/routes";
import { installFakes } from "../helpers/fake-apex";
import { call, login, setPassword } from "../helpers/http";
import { createKey, createUser, passwordSignIn, signedInAs } from "./people-helpers";

/**
 * Every registered route × every role (a named admin by password, lead, floor and viewer
 * by PIN on an approved device) × a scoped key with and without the route's ability. Expected
 * answers come from the registry and the role table, never from a hand-kept list.
 */
function concrete(route: RouteSpec): string {
  return route.path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string) =>
    name.includes("metrc") ? "1A4060300000NOTREAL00000" : "no-such-id",
  );
}

// Routes whose success would change the credentials the matrix itself is using run last.
const CREDENTIAL_CHANGERS = new Set(["/api/api-key/regenerate", "/api/password", "/api/recovery-key"]);
const routes = apiRoutes
  .filter((r) => r.auth !== "none")
  .sort((a, b) => Number(CREDENTIAL_CHANGERS.has(a.path)) - Number(CREDENTIAL_CHANGERS.has(b.path)));
const label = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path} (${r.auth}, ${abilityOf(r)})`;
const ROLE_LIST: Role[] = ["admin", "lead", "floor", "viewer"];

const sessions = {} as Record<Role, string>;
const inScope = {} as Record<Ability, string>;
const outOfScope = {} as Record<Ability, string>;

beforeAll(async () => {
  await setPassword();
  const original = await login();
  await createUser(original, { role: "admin", name: "Second Admin", password: "second-admin-pw" });
  sessions.admin = await passwordSignIn("Second Admin", "second-admin-pw");
  for (const role of ["lead", "floor", "viewer"] as const) sessions[role] = (await signedInAs(original, role)).cookie;
  for (const ability of ABILITIES) {
    inScope[ability] = (await createKey(original, `in ${ability}`, [ability])).api_key;
    outOfScope[ability] = (
      await createKey(
        original,
        `out ${ability}`,
        ABILITIES.filter((a) => a !== ability),
      )
    ).api_key;
  }
});

beforeEach(() => {
  installFakes();
});

function send(route: RouteSpec, credentials: { cookie?: string; key?: string }) {
  return call(route.method.toUpperCase(), concrete(route), route.method === "get" ? undefined : {}, {
    ...credentials,
    origin: credentials.key ? null : undefined,
  });
}

describe("abilities over every registered /api route", () => {
  it("has routes with every kind of ability", () => {
    const seen = new Set(routes.map(abilityOf));
    for (const a of ["read", "write:counts", "write:production", "write:finished-goods", "write:packing", "admin"] as const)
      expect(seen).toContain(a);
  });

  const roleCases = routes.flatMap((r) => ROLE_LIST.map((role) => [`${label(r)} as ${role}`, r, role] as const));
  it.each(roleCases)("%s", async (_, route, role) => {
    const res = await send(route, { cookie: sessions[role] });
    expect(res.status).toBeLessThan(500);
    const ability = abilityOf(route);
    if (ROLE_ABILITIES[role].includes(ability)) expect([401, 403]).not.toContain(res.status);
    else expect([res.status, await res.json()]).toEqual([403, { error: missingAbility(ability) }]);
  });

  const keyCases = routes.flatMap((r) =>
    (["in scope", "out of scope"] as const).map((scope) => [`${label(r)} key ${scope}`, r, scope] as const),
  );
  it.each(keyCases)("%s", async (_, route, scope) => {
    const ability = abilityOf(route);
    const res = await send(route, { key: scope === "in scope" ? inScope[ability] : outOfScope[ability] });
    expect(res.status).toBeLessThan(500);
    if (route.auth === "session") expect([res.status, await res.json()]).toEqual([401, { error: AUTH_REQUIRED }]);
    else if (scope === "in scope") expect([401, 403]).not.toContain(res.status);
    else expect([res.status, await res.json()]).toEqual([403, { error: missingAbility(ability) }]);
  });
});
