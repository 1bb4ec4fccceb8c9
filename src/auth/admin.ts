import { revokeAllSessionsStatement } from "../data/auth";
import { type EventActor, eventStatement } from "../data/events";
import { readSettings, writeSettingStatement } from "../data/settings";
import type { Db } from "../env";
import { hashPassword, verifyPassword } from "./password";
import { generateRecoveryKey, normalizeRecoveryKey } from "./recovery";

const PASSWORD_KEY = "admin_password_hash";
const RECOVERY_KEY = "recovery_key_hash";
export const MIN_PASSWORD_LENGTH = 6;

/** The stored admin hash; ADMIN_PASSWORD_HASH is the bootstrap until one is set in the app (G-AUTH-4). */
async function readPasswordHash(db: Db, bootstrapHash?: string): Promise<string | null> {
  const stored = (await readSettings(db, [PASSWORD_KEY]))[PASSWORD_KEY];
  if (typeof stored === "string" && stored.length > 0) return stored;
  return bootstrapHash && bootstrapHash.length > 0 ? bootstrapHash : null;
}

export async function checkAdminPassword(db: Db, password: string, now: Date, bootstrapHash?: string) {
  const stored = await readPasswordHash(db, bootstrapHash);
  if (!stored) return false;
  const check = await verifyPassword(password, stored);
  // Imported bcrypt hashes move to PBKDF2 on first successful login (decisions 7).
  if (check.ok && check.needsRehash) {
    await writeSettingStatement(db, PASSWORD_KEY, await hashPassword(password), now);
  }
  return check.ok;
}

/** Sets a new password and revokes every session, in one batch. */
export async function setAdminPassword(db: Db, password: string, actor: EventActor, now: Date): Promise<void> {
  const hash = await hashPassword(password);
  await db.batch([
    writeSettingStatement(db, PASSWORD_KEY, hash, now),
    revokeAllSessionsStatement(db, now),
    eventStatement(db, { actor, action: "password_changed" }, now),
  ]);
}

export async function hasRecoveryKey(db: Db): Promise<boolean> {
  const stored = (await readSettings(db, [RECOVERY_KEY]))[RECOVERY_KEY];
  return typeof stored === "string" && stored.length > 0;
}

/** Replaces the recovery key; the clear key is returned once and only its hash is kept. */
export async function issueRecoveryKey(db: Db, actor: EventActor, now: Date): Promise<string> {
  const key = generateRecoveryKey();
  await db.batch([
    writeSettingStatement(db, RECOVERY_KEY, await hashPassword(key), now),
    eventStatement(db, { actor, action: "recovery_key_generated" }, now),
  ]);
  return key;
}

export async function checkRecoveryKey(db: Db, input: string): Promise<boolean> {
  const stored = (await readSettings(db, [RECOVERY_KEY]))[RECOVERY_KEY];
  if (typeof stored !== "string" || stored.length === 0) return false;
  return (await verifyPassword(normalizeRecoveryKey(input), stored)).ok;
}
