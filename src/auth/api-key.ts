import { findActiveApiKeys, replaceApiKey } from "../data/auth";
import type { Db } from "../env";
import { generateApiKey, sha256Hex } from "./crypto";

/** Shows enough of a key to recognise it, never enough to use it. */
export function maskKey(key: string): string {
  return key.length <= 8 ? "****" : `${key.slice(0, 4)}${"*".repeat(key.length - 8)}${key.slice(-4)}`;
}

const encoder = new TextEncoder();

type KnownKey = { id: string; hash: Uint8Array };

/**
 * Active key hashes as last read (as bytes, ready to compare), so that a valid key costs no D1
 * query. Only acceptance is cached: a key that is not in the copy is looked up again before it is
 * refused, and replacing the key clears the copy at once in this isolate (others follow within
 * KEY_CACHE_MS).
 */
const KEY_CACHE_MS = 5_000;
let activeKeys: { keys: KnownKey[]; readAtMs: number } | null = null;

function matchKey(keys: KnownKey[], presentedHash: Uint8Array): string | null {
  let match: string | null = null;
  for (const key of keys) {
    // Every active key is compared, so timing does not reveal which one matched.
    if (key.hash.byteLength === presentedHash.byteLength && crypto.subtle.timingSafeEqual(key.hash, presentedHash)) match = key.id;
  }
  return match;
}

/**
 * SHA-256 of recently presented keys: clients send the same key on every request, and hashing is
 * the costliest step of a key check. Bounded, so junk keys cannot grow it.
 */
const recentHashes = new Map<string, Uint8Array>();
const RECENT_HASHES_MAX = 64;

async function hashOf(presented: string): Promise<Uint8Array> {
  const known = recentHashes.get(presented);
  if (known) return known;
  const hash = encoder.encode(await sha256Hex(presented));
  if (recentHashes.size >= RECENT_HASHES_MAX) recentHashes.clear();
  recentHashes.set(presented, hash);
  return hash;
}

/** The id of the active key matching `presented`, compared in constant time, or null. */
export async function verifyApiKey(db: Db, presented: string, nowMs = Date.now()): Promise<string | null> {
  if (presented.length === 0 || presented.length > 256) return null;
  const presentedHash = await hashOf(presented);
  if (activeKeys && nowMs - activeKeys.readAtMs < KEY_CACHE_MS) {
    const cached = matchKey(activeKeys.keys, presentedHash);
    if (cached) return cached;
  }
  const rows = await findActiveApiKeys(db);
  const keys = rows.map((row) => ({ id: row.id, hash: encoder.encode(row.key_hash) }));
  activeKeys = { keys, readAtMs: nowMs };
  return matchKey(keys, presentedHash);
}

/** Replaces the active key; the clear key is returned once and never stored. */
export async function issueApiKey(db: Db, now: Date, clearKey = generateApiKey()): Promise<string> {
  await replaceApiKey(db, { id: crypto.randomUUID(), keyHash: await sha256Hex(clearKey), masked: maskKey(clearKey) }, now);
  activeKeys = null;
  return clearKey;
}
