import { and, asc, eq, getTableColumns, gt, isNull, sql } from "drizzle-orm";
import { apiKeys, devices, pinLockouts, scopedApiKeys, sessions, users } from "../db/schema";
import { ORIGINAL_ADMIN_ID, type Role } from "../domain/abilities";
import type { PinLock } from "../domain/pin-lockout";
import type { Db } from "../env";

export type UserRow = typeof users.$inferSelect;
export type SessionUser = { id: string; name: string; initials: string; role: Role };
/** A session's user and the approved device a PIN session was opened on (null otherwise). */
type SessionOwner = { user: SessionUser; deviceId: string | null };

/** Who a user is and whether they may act: what sign-in and operator checks read. */
const userFacts = { id: users.id, name: users.name, initials: users.initials, role: users.role, active: users.active };

/**
 * The user of an active session and the session's device, in the one query the session check
 * already costs. A session of the original password (no user_id) is the original admin; a
 * deactivated user's session is null.
 */
export async function findSessionOwner(db: Db, sessionId: string, now: Date): Promise<SessionOwner | null> {
  const row = await db
    .select({
      ...userFacts,
      deviceId: sessions.device_id,
    })
    .from(sessions)
    .innerJoin(users, sql`${users.id} = coalesce(${sessions.user_id}, ${ORIGINAL_ADMIN_ID})`)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revoked_at), gt(sessions.expires_at, now.toISOString())))
    .get();
  if (row?.active !== 1) return null;
  return { user: { id: row.id, name: row.name, initials: row.initials, role: row.role }, deviceId: row.deviceId };
}

/**
 * A user a device session claims to act for, with their newest sign-in on that device:
 * the facts operatorClaimIssue decides on. Undefined when no such user exists.
 */
export async function findDeviceOperator(db: Db, userId: string, deviceId: string) {
  const row = await db
    .select({
      ...userFacts,
      lastSignIn: sql<string | null>`(SELECT max(s.created_at) FROM sessions s WHERE s.user_id = ${userId} AND s.device_id = ${deviceId})`,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row;
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.name));
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(eq(users.id, id)).get();
}

export async function findUserByName(db: Db, name: string): Promise<UserRow | undefined> {
  return db.select().from(users).where(sql`${users.name} = ${name} COLLATE NOCASE`).get();
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

export async function updateUser(db: Db, id: string, set: Partial<typeof users.$inferInsert>): Promise<void> {
  await db.update(users).set(set).where(eq(users.id, id));
}

/** Active users with a PIN: the names a PIN pad shows. */
export async function listPinOperators(db: Db) {
  return db
    .select({ id: users.id, name: users.name, initials: users.initials, role: users.role })
    .from(users)
    .where(and(eq(users.active, 1), sql`${users.pin_hash} IS NOT NULL`))
    .orderBy(asc(users.name));
}

/** Signs out every session of a user (on deactivation, role or credential change). */
export async function revokeUserSessions(db: Db, userId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  if (userId === ORIGINAL_ADMIN_ID) return;
  await db
    .update(sessions)
    .set({ revoked_at: at })
    .where(and(eq(sessions.user_id, userId), isNull(sessions.revoked_at)));
}

// Devices

type DeviceRow = typeof devices.$inferSelect;

export async function insertDevice(db: Db, row: typeof devices.$inferInsert): Promise<void> {
  await db.insert(devices).values(row);
}

// Lists never carry the secret hash.
const { token_hash: _deviceTokenHash, ...deviceListColumns } = getTableColumns(devices);

export async function listDevices(db: Db): Promise<Omit<DeviceRow, "token_hash">[]> {
  return db.select(deviceListColumns).from(devices).orderBy(asc(devices.created_at));
}

export async function findActiveDeviceByHash(db: Db, tokenHash: string): Promise<{ id: string; name: string } | undefined> {
  return db
    .select({ id: devices.id, name: devices.name })
    .from(devices)
    .where(and(eq(devices.token_hash, tokenHash), isNull(devices.revoked_at)))
    .get();
}

export async function touchDevice(db: Db, id: string, now: Date): Promise<void> {
  await db.update(devices).set({ last_seen_at: now.toISOString() }).where(eq(devices.id, id));
}

/** Revokes a device and signs out the PIN sessions opened on it; false when it was unknown or already revoked. */
export async function revokeDevice(db: Db, id: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const [revoked] = await db.batch([
    db
      .update(devices)
      .set({ revoked_at: at })
      .where(and(eq(devices.id, id), isNull(devices.revoked_at)))
      .returning({ id: devices.id }),
    db
      .update(sessions)
      .set({ revoked_at: at })
      .where(and(eq(sessions.device_id, id), isNull(sessions.revoked_at))),
  ]);
  return revoked.length > 0;
}

// PIN lockouts

export async function readPinLock(db: Db, deviceId: string, userId: string): Promise<PinLock> {
  const row = await db
    .select({ failures: pinLockouts.failures, lockedUntil: pinLockouts.locked_until })
    .from(pinLockouts)
    .where(and(eq(pinLockouts.device_id, deviceId), eq(pinLockouts.user_id, userId)))
    .get();
  return row ?? { failures: 0, lockedUntil: 0 };
}

export async function writePinLock(db: Db, deviceId: string, userId: string, lock: PinLock): Promise<void> {
  await db
    .insert(pinLockouts)
    .values({ device_id: deviceId, user_id: userId, failures: lock.failures, locked_until: lock.lockedUntil })
    .onConflictDoUpdate({
      target: [pinLockouts.device_id, pinLockouts.user_id],
      set: { failures: lock.failures, locked_until: lock.lockedUntil },
    });
}

// Scoped API keys

type ScopedKeyRow = typeof scopedApiKeys.$inferSelect;

export async function insertScopedKey(db: Db, row: typeof scopedApiKeys.$inferInsert): Promise<void> {
  await db.insert(scopedApiKeys).values(row);
}

const { key_hash: _scopedKeyHash, ...scopedKeyListColumns } = getTableColumns(scopedApiKeys);

export async function listScopedKeys(db: Db): Promise<Omit<ScopedKeyRow, "key_hash">[]> {
  return db.select(scopedKeyListColumns).from(scopedApiKeys).orderBy(asc(scopedApiKeys.created_at));
}

export async function findActiveScopedKey(db: Db, keyHash: string): Promise<ScopedKeyRow | undefined> {
  return db
    .select()
    .from(scopedApiKeys)
    .where(and(eq(scopedApiKeys.key_hash, keyHash), isNull(scopedApiKeys.revoked_at)))
    .get();
}

async function findScopedKey(db: Db, id: string): Promise<ScopedKeyRow | undefined> {
  return db.select().from(scopedApiKeys).where(eq(scopedApiKeys.id, id)).get();
}

export async function revokeScopedKey(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(scopedApiKeys)
    .set({ revoked_at: now.toISOString() })
    .where(and(eq(scopedApiKeys.id, id), isNull(scopedApiKeys.revoked_at)))
    .returning({ id: scopedApiKeys.id });
  return rows.length > 0;
}

export async function recordKeyUse(db: Db, id: string, now: Date, address: string): Promise<void> {
  await db.update(scopedApiKeys).set({ last_used_at: now.toISOString(), last_used_ip: address }).where(eq(scopedApiKeys.id, id));
}

/** The approved device a PIN session was opened on, or null. */
export async function findSessionDevice(db: Db, sessionId: string): Promise<{ id: string; name: string } | null> {
  const row = await db
    .select({ id: devices.id, name: devices.name })
    .from(sessions)
    .innerJoin(devices, eq(devices.id, sessions.device_id))
    .where(eq(sessions.id, sessionId))
    .get();
  return row ?? null;
}

/**
 * The audit actor values of a user or key, or null when the id names nothing. The
 * original admin and the original key write the original's values.
 */
export async function auditActorOf(db: Db, filter: { user?: string; key?: string }): Promise<string | null> {
  if (filter.user !== undefined) {
    if (filter.user === ORIGINAL_ADMIN_ID) return "session";
    const user = await findUser(db, filter.user);
    return user ? `user:${user.name}` : null;
  }
  if (filter.key !== undefined) {
    const scoped = await findScopedKey(db, filter.key);
    if (scoped) return `key:${scoped.name}`;
    const original = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, filter.key)).get();
    return original ? "api_key" : null;
  }
  return null;
}

export async function isScopedKeyIdActive(db: Db, id: string): Promise<boolean> {
  const row = await db
    .select({ id: scopedApiKeys.id })
    .from(scopedApiKeys)
    .where(and(eq(scopedApiKeys.id, id), isNull(scopedApiKeys.revoked_at)))
    .get();
  return row !== undefined;
}
