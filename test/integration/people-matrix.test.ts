import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AUTH_REQUIRED } from "../../src/auth/middleware";
import { ABILITIES, type Ability, missingAbility, ROLE_ABILITIES, type Role } from "../../src/domain/abilities";
import { abilityOf, apiRoutes, type RouteSpec } from "../../src/http/registry";
import "../../src/routes";
import { installFakes } from "../helpers/fake-apex";
import { call, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";
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

describe("per-field abilities of a batch edit (PUT /api/batch/{id})", () => {
  type Batch = { stage: number; strain: string; counts_0_5: number; notes?: string };
  const put = (id: string, body: unknown, credentials: { cookie?: string; key?: string }) =>
    call("PUT", `/api/batch/${id}`, body, { ...credentials, origin: credentials.key ? null : undefined });
  const read = async (id: string) =>
    (await call("GET", `/api/batch/${id}`, undefined, { cookie: sessions.admin })).json() as Promise<Batch>;
  const refusal = (fields: string) =>
    `Forbidden: changing ${fields} needs the "write:production" ability (the stage and counts need "write:counts")`;

  it("a floor worker moves the stage and counts, but not other fields; unchanged fields a form carries are no change", async () => {
    const id = await seedBatch({ strain: "Field Rules OG" });
    expect((await put(id, { stage: 1 }, { cookie: sessions.floor })).status).toBe(200);
    expect((await put(id, { counts_0_5: 12 }, { cookie: sessions.floor })).status).toBe(200);
    expect((await put(id, { stage: 2, strain: "Field Rules OG", counts_0_5: 13 }, { cookie: sessions.floor })).status).toBe(200);
    const renamed = await put(id, { strain: "Renamed", stage: 3 }, { cookie: sessions.floor });
    expect([renamed.status, await renamed.json()]).toEqual([403, { error: refusal("strain") }]);
    const planned = await put(id, { planned_0_5: 100, harvest_date: "2026-11-01" }, { cookie: sessions.floor });
    expect([planned.status, await planned.json()]).toEqual([403, { error: refusal("harvest_date, planned_0_5") }]);
    expect(await read(id)).toMatchObject({ stage: 2, strain: "Field Rules OG", counts_0_5: 13 });
  });

  it("a lead and a write:counts + write:production key change any field; a write:counts key only the stage and counts; a viewer nothing", async () => {
    const id = await seedBatch({ strain: "Field Rules Kush" });
    expect((await put(id, { strain: "Field Rules Kush 2" }, { cookie: sessions.lead })).status).toBe(200);
    // The route needs write:counts; write:production then opens every other field.
    const production = await createKey(sessions.admin, "Production and counts", ["write:counts", "write:production"]);
    expect((await put(id, { strain: "Field Rules Kush 3" }, { key: production.api_key })).status).toBe(200);
    expect((await put(id, { strain: "Nope" }, { key: inScope["write:production"] })).status).toBe(403);
    expect((await put(id, { stage: 1 }, { key: inScope["write:counts"] })).status).toBe(200);
    const keyed = await put(id, { strain: "Nope" }, { key: inScope["write:counts"] });
    expect([keyed.status, await keyed.json()]).toEqual([403, { error: refusal("strain") }]);
    const viewer = await put(id, { stage: 2 }, { cookie: sessions.viewer });
    expect([viewer.status, await viewer.json()]).toEqual([403, { error: missingAbility("write:counts") }]);
    expect(await read(id)).toMatchObject({ stage: 1, strain: "Field Rules Kush 3" });
  });
});

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
