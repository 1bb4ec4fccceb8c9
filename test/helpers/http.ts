import { env, SELF } from "cloudflare:test";
import { issueApiKey } from "../../src/auth/api-key";
import { hashPassword } from "../../src/auth/password";
import { writeSettings } from "../../src/data/settings";
import { createDb } from "../../src/db/client";
import { checkContract } from "./contract";

export const ORIGIN = "http://localhost";
export const TEST_PASSWORD = "correct horse battery";

export function db() {
  return createDb(env.DB);
}

type CallOptions = { key?: string; cookie?: string; origin?: string | null; headers?: Record<string, string> };

/**
 * One request through the Worker. Cookie writes get this site's Origin unless told otherwise. Every
 * answer is checked against its route's declared response contract (helpers/contract.ts).
 */
export async function call(method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers["X-API-Key"] = options.key;
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.origin !== null && method !== "GET") headers.Origin = options.origin ?? ORIGIN;
  let payload: BodyInit | undefined;
  if (body !== undefined) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await SELF.fetch(`${ORIGIN}${path}`, { method, headers, body: payload, redirect: "manual" });
  await checkContract(method, path, res);
  return res;
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Stores a fresh API key and returns it. */
export async function createApiKey(): Promise<string> {
  return issueApiKey(db(), new Date());
}

export async function setPassword(password = TEST_PASSWORD): Promise<void> {
  await writeSettings(db(), { admin_password_hash: await hashPassword(password) }, new Date());
}

function cookieValue(res: Response, name: string): string | null {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [k, v] = (pair ?? "").split("=");
    if (k?.trim() === name && v) return `${name}=${v}`;
  }
  return null;
}

/** Signs in through the real login form and returns the session cookie header. */
export async function login(password = TEST_PASSWORD, ip = "203.0.113.9"): Promise<string> {
  const page = await SELF.fetch(`${ORIGIN}/login`, { headers: { "CF-Connecting-IP": ip } });
  const csrfCookie = cookieValue(page, "prt_csrf");
  const token = (await page.text()).match(/name="csrf_token" value="([^"]+)"/)?.[1];
  if (!csrfCookie || !token) throw new Error("login page did not issue a CSRF token");
  const res = await SELF.fetch(`${ORIGIN}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie, Origin: ORIGIN, "CF-Connecting-IP": ip },
    body: new URLSearchParams({ password, remember_me: "1", csrf_token: token }),
  });
  const session = cookieValue(res, "prt_session");
  if (res.status !== 302 || !session) throw new Error(`login failed with ${res.status}`);
  return session;
}
