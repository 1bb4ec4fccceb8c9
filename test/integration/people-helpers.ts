import { call, json } from "../helpers/http";

/** Test helpers for people: users, an approved device, PIN sessions and scoped keys through the real routes. */

export function cookieOf(res: Response, name: string): string {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [k, v] = (pair ?? "").split("=");
    if (k?.trim() === name && v) return `${name}=${v}`;
  }
  throw new Error(`no ${name} cookie in the answer (${res.status})`);
}

/** Approves a device with the admin's session and returns its device cookie. */
export async function approveDevice(adminCookie: string, name = "Tablet 1"): Promise<{ id: string; cookie: string }> {
  const res = await call("POST", "/api/devices/approve", { name }, { cookie: adminCookie });
  if (res.status !== 201) throw new Error(`approve failed: ${res.status} ${await res.text()}`);
  const device = await json<{ id: string }>(res);
  return { id: device.id, cookie: cookieOf(res, "prt_device") };
}

let seq = 0;

export async function createUser(
  adminCookie: string,
  user: { role: string; pin?: string; password?: string; name?: string; initials?: string },
): Promise<{ id: string; name: string }> {
  seq += 1;
  const name = user.name ?? `${user.role} person ${seq}`;
  const res = await call("POST", "/api/users", { initials: user.initials ?? "XY", ...user, name }, { cookie: adminCookie });
  if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${await res.text()}`);
  return json<{ id: string; name: string }>(res);
}

export function pinSignIn(deviceCookie: string, userId: string, pin: string): Promise<Response> {
  return call("POST", "/api/pin/sign-in", { user_id: userId, pin }, { cookie: deviceCookie });
}

/** A PIN session cookie header for a user on a device (the device cookie kept alongside). */
export async function pinSession(deviceCookie: string, userId: string, pin: string): Promise<string> {
  const res = await pinSignIn(deviceCookie, userId, pin);
  if (res.status !== 200) throw new Error(`PIN sign-in failed: ${res.status} ${await res.text()}`);
  return `${cookieOf(res, "prt_session")}; ${deviceCookie}`;
}

/** A user of a role signed in by PIN on a fresh device; returns their id and cookie. */
export async function signedInAs(
  adminCookie: string,
  role: "lead" | "floor" | "viewer",
  pin = "2468",
): Promise<{ id: string; name: string; cookie: string }> {
  const device = await approveDevice(adminCookie, `${role} tablet`);
  const user = await createUser(adminCookie, { role, pin });
  return { ...user, cookie: await pinSession(device.cookie, user.id, pin) };
}

export async function createKey(adminCookie: string, name: string, abilities: string[]): Promise<{ id: string; api_key: string }> {
  const res = await call("POST", "/api/api-keys", { name, abilities }, { cookie: adminCookie });
  if (res.status !== 201) throw new Error(`create key failed: ${res.status} ${await res.text()}`);
  return json<{ id: string; api_key: string }>(res);
}

export async function passwordSignIn(name: string, password: string): Promise<string> {
  const res = await call("POST", "/api/sign-in", { name, password });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return cookieOf(res, "prt_session");
}
