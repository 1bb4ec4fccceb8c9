import { findActiveScopedKey, insertScopedKey, recordKeyUse, revokeScopedKey } from "../data/people";
import { type Ability, isAbility } from "../domain/abilities";
import type { Db } from "../env";
import { maskKey } from "./api-key";
import { generateApiKey, sha256Hex } from "./crypto";

/**
 * Scoped keys start with this prefix so a request carrying the original key never pays for a
 * scoped lookup, and a scoped key never costs the original key's table read.
 */
const SCOPED_KEY_PREFIX = "prk_";

type ScopedKey = { id: string; name: string; abilities: Ability[] };

/**
 * Keys found active recently, by hash: a keyed read costs no D1 query. A revocation clears the
 * copy at once in the isolate that revoked; every other isolate follows within KEY_CACHE_MS.
 */
const SCOPED_KEY_CACHE_MS = 5_000;
const known = new Map<string, { key: ScopedKey; readAtMs: number }>();
const KNOWN_MAX = 256;
/** Last-used time and address are written at most this often per key and isolate. */
const USE_RECORD_MS = 60_000;
const lastRecorded = new Map<string, number>();

export function isScopedKey(presented: string): boolean {
  return presented.startsWith(SCOPED_KEY_PREFIX);
}

export function parseAbilities(json: string): Ability[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter(isAbility) : [];
  } catch {
    return [];
  }
}

/** The active scoped key matching `presented` (looked up by its SHA-256), or null. */
export async function verifyScopedKey(db: Db, presented: string, nowMs = Date.now()): Promise<ScopedKey | null> {
  if (presented.length > 256) return null;
  const hash = await sha256Hex(presented);
  const cached = known.get(hash);
  if (cached && nowMs - cached.readAtMs < SCOPED_KEY_CACHE_MS) return cached.key;
  const row = await findActiveScopedKey(db, hash);
  if (!row) {
    known.delete(hash);
    return null;
  }
  const key = { id: row.id, name: row.name, abilities: parseAbilities(row.abilities) };
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(hash, { key, readAtMs: nowMs });
  return key;
}

/** Records when and from where a key was used, throttled so a busy client does not write on every call. */
export async function noteKeyUse(db: Db, keyId: string, address: string, now = new Date()): Promise<void> {
  const last = lastRecorded.get(keyId);
  if (last !== undefined && now.getTime() - last < USE_RECORD_MS) return;
  if (lastRecorded.size >= KNOWN_MAX) lastRecorded.clear();
  lastRecorded.set(keyId, now.getTime());
  await recordKeyUse(db, keyId, now, address);
}

/** Stores a new key; the clear key is returned once and never stored. */
export async function createScopedKey(
  db: Db,
  input: { name: string; abilities: Ability[]; createdBy: string },
  now: Date,
): Promise<{ id: string; key: string; masked: string }> {
  const key = `${SCOPED_KEY_PREFIX}${generateApiKey()}`;
  const id = crypto.randomUUID();
  const masked = maskKey(key);
  await insertScopedKey(db, {
    id,
    name: input.name,
    key_hash: await sha256Hex(key),
    masked,
    abilities: JSON.stringify(input.abilities),
    created_at: now.toISOString(),
    created_by: input.createdBy,
  });
  return { id, key, masked };
}

/** Revokes a key; this isolate forgets it at once. */
export async function revokeKey(db: Db, id: string, now: Date): Promise<boolean> {
  const revoked = await revokeScopedKey(db, id, now);
  for (const [hash, entry] of known) if (entry.key.id === id) known.delete(hash);
  return revoked;
}
