import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { abilitiesOf, actorOf } from "../auth/middleware";
import { hashPassword } from "../auth/password";
import { readConfig } from "../config";
import { CreateUserBody, IdParams, MeResponse, UpdateUserBody, UsersView, UserView } from "../contracts/people";
import { eventStatement } from "../data/events";
import {
  findSessionDevice,
  findUser,
  findUserByName,
  insertUser,
  listUsers,
  revokeUserSessions,
  type UserRow,
  updateUser,
} from "../data/people";
import { ORIGINAL_ADMIN_ID, type Role } from "../domain/abilities";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";

/** Users (named people with roles) and "who am I". Devices, keys and PIN sign-in live in access.ts and pin.ts. */
export const people = new Hono<AppEnv>();
export const PEOPLE_TAG = "People";

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    name: row.name,
    initials: row.initials,
    role: row.role,
    active: row.active === 1,
    has_password: row.password_hash !== null || row.id === ORIGINAL_ADMIN_ID,
    has_pin: row.pin_hash !== null,
    original: row.id === ORIGINAL_ADMIN_ID,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Passwords are for admins and leads; a PIN (4–6 digits) never opens admin abilities. */
function checkCredentials(role: Role, password: string | null | undefined, pin: string | null | undefined): void {
  if (password && role !== "admin" && role !== "lead")
    throw new HTTPException(400, { message: "Only admins and leads sign in with a password" });
  if (pin && role === "admin") throw new HTTPException(400, { message: "An admin signs in with a password, not a PIN" });
}

async function assertNameFree(c: { var: AppEnv["Variables"] }, name: string, exceptId?: string): Promise<void> {
  const other = await findUserByName(c.var.db, name);
  if (other && other.id !== exceptId) throw new HTTPException(409, { message: `A user named ${other.name} already exists` });
}

defineRoute(
  people,
  {
    method: "get",
    path: "/api/users",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Users (never deleted; inactive ones included)",
    response: { 200: UsersView },
  },
  async (c) => {
    return c.json({ users: (await listUsers(c.var.db)).map(userView) });
  },
);

defineRoute(
  people,
  {
    method: "post",
    path: "/api/users",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Add a user with a role, and a password (admin, lead) or a PIN",
    response: { 201: UserView },
    body: CreateUserBody,
    responses: { 201: "Created", 409: "Name taken" },
  },
  async (c, { body }) => {
    checkCredentials(body.role, body.password, body.pin);
    await assertNameFree(c, body.name);
    const now = new Date().toISOString();
    const row: UserRow = {
      id: crypto.randomUUID(),
      name: body.name,
      initials: body.initials,
      role: body.role,
      password_hash: body.password ? await hashPassword(body.password) : null,
      pin_hash: body.pin ? await hashPassword(body.pin) : null,
      active: 1,
      created_at: now,
      updated_at: now,
    };
    await insertUser(c.var.db, row);
    await eventStatement(
      c.var.db,
      { actor: actorOf(c), action: "user_created", target: row.id, details: { name: row.name, role: row.role } },
      new Date(now),
    );
    return c.json(userView(row), 201);
  },
);

defineRoute(
  people,
  {
    method: "put",
    path: "/api/users/:id",
    auth: "session",
    tag: PEOPLE_TAG,
    summary: "Change a user; active: false deactivates (signed out at once)",
    response: { 200: UserView },
    params: IdParams,
    body: UpdateUserBody,
    responses: { 404: "User not found", 409: "Name taken" },
  },
  async (c, { params, body }) => {
    const db = c.var.db;
    const row = await findUser(db, params.id);
    if (!row) throw new HTTPException(404, { message: "User not found" });
    if (row.id === ORIGINAL_ADMIN_ID) {
      // The original password's user keeps working exactly as before: its password changes in Settings.
      if (body.role !== "admin" || body.active === false) {
        throw new HTTPException(400, { message: "The original admin keeps the admin role and stays active" });
      }
      if (body.password !== undefined || body.pin !== undefined) {
        throw new HTTPException(400, { message: "The original admin's password is changed in Settings (Change password)" });
      }
    }
    const password = body.password === undefined ? (row.password_hash === null ? undefined : "kept") : body.password;
    const pin = body.pin === undefined ? (row.pin_hash === null ? undefined : "kept") : body.pin;
    checkCredentials(body.role, password, pin);
    await assertNameFree(c, body.name, row.id);
    const now = new Date();
    const set: Partial<UserRow> = { name: body.name, initials: body.initials, role: body.role, updated_at: now.toISOString() };
    if (body.password !== undefined) set.password_hash = body.password === null ? null : await hashPassword(body.password);
    if (body.pin !== undefined) set.pin_hash = body.pin === null ? null : await hashPassword(body.pin);
    if (body.active !== undefined) set.active = body.active ? 1 : 0;
    await updateUser(db, row.id, set);
    // Fewer rights, new credentials or deactivation end the user's sessions at once.
    const signOut = body.active === false || body.role !== row.role || body.password !== undefined || body.pin !== undefined;
    if (signOut) await revokeUserSessions(db, row.id, now);
    const changed = Object.keys(set).filter((k) => k !== "updated_at" && k !== "password_hash" && k !== "pin_hash");
    const credentials = [...(body.password !== undefined ? ["password"] : []), ...(body.pin !== undefined ? ["pin"] : [])];
    await eventStatement(
      db,
      { actor: actorOf(c), action: "user_updated", target: row.id, details: { fields: [...changed, ...credentials] } },
      now,
    );
    const updated = await findUser(db, row.id);
    return c.json(userView(updated ?? row));
  },
);

defineRoute(
  people,
  {
    method: "get",
    path: "/api/me",
    auth: "key-or-session",
    tag: PEOPLE_TAG,
    ability: "read",
    summary: "Who is signed in: user or key, role, device and abilities",
    response: { 200: MeResponse },
  },
  async (c) => {
    const principal = c.var.principal;
    const abilities = [...abilitiesOf(principal)];
    if (principal?.kind === "api_key") {
      const me: MeResponse = {
        kind: "api_key",
        user: null,
        key: { id: principal.keyId, name: principal.scoped?.name ?? "API key" },
        device: null,
        abilities,
        idle_seconds: null,
      };
      return c.json(me);
    }
    const user = principal?.kind === "session" ? (principal.user ?? null) : null;
    const device = principal?.kind === "session" ? await findSessionDevice(c.var.db, principal.sessionId) : null;
    const idle_seconds = device ? readConfig(c.env).PIN_IDLE_SECONDS : null;
    const me: MeResponse = { kind: "session", user, key: null, device, abilities, idle_seconds };
    return c.json(me);
  },
);
