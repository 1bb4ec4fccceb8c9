import { findActiveApiKeys, replaceApiKey } from "../data/auth";
import type { Db } from "../env";
import { generateApiKey, sha256Hex, timingSafeEqualText } from "./crypto";

/** Shows enough of a key to recognise it, never enough to use it. */
export function maskKey(key: string): string {
  return key.length <= 8 ? "****" : `${key.slice(0, 4)}${"*".repeat(key.length - 8)}${key.slice(-4)}`;
}

/** The id of the active key matching `presented`, compared in constant time, or null. */
export async function verifyApiKey(db: Db, presented: string): Promise<string | null> {
  if (presented.length === 0 || presented.length > 256) return null;
  const presentedHash = await sha256Hex(presented);
  let match: string | null = null;
  for (const key of await findActiveApiKeys(db)) {
    // Every active key is compared, so timing does not reveal which one matched.
    if (timingSafeEqualText(presentedHash, key.key_hash)) match = key.id;
  }
  return match;
}

/** Replaces the active key; the clear key is returned once and never stored. */
export async function issueApiKey(db: Db, now: Date, clearKey = generateApiKey()): Promise<string> {
  await replaceApiKey(db, { id: crypto.randomUUID(), keyHash: await sha256Hex(clearKey), masked: maskKey(clearKey) }, now);
  return clearKey;
}
