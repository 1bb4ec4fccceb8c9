import bcrypt from "bcryptjs";
import { fromBase64Url, randomBytes, timingSafeEqualText, toBase64Url } from "./crypto";

/** Workers cap PBKDF2 at 100,000 iterations; decisions.md 7. */
const ITERATIONS = 100_000;
const encoder = new TextEncoder();

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return toBase64Url(new Uint8Array(bits));
}

/** Format: `pbkdf2-sha256$<iterations>$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `pbkdf2-sha256$${ITERATIONS}$${toBase64Url(salt)}$${await derive(password, salt, ITERATIONS)}`;
}

type PasswordCheck = { ok: boolean; needsRehash: boolean };

/** Verifies PBKDF2 hashes, and bcrypt hashes imported from the original database. */
export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (stored.startsWith("$2")) {
    const ok = await bcrypt.compare(password, stored);
    return { ok, needsRehash: ok };
  }
  const [scheme, iterText, saltText, hash] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterText || !saltText || !hash) return { ok: false, needsRehash: false };
  const iterations = Number(iterText);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > ITERATIONS) return { ok: false, needsRehash: false };
  const candidate = await derive(password, fromBase64Url(saltText), iterations);
  return { ok: timingSafeEqualText(candidate, hash), needsRehash: false };
}
