import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { apiKeys, passwordResetTokens, rateLimitHits, sessions } from "../db/schema";
import type { Db } from "../env";

type ActiveKey = { id: string; key_hash: string; masked: string; created_at: string };

export async function findActiveApiKeys(db: Db): Promise<ActiveKey[]> {
  return db
    .select({ id: apiKeys.id, key_hash: apiKeys.key_hash, masked: apiKeys.masked, created_at: apiKeys.created_at })
    .from(apiKeys)
    .where(isNull(apiKeys.revoked_at));
}

/** Revokes every active key and stores the new one, atomically. */
export async function replaceApiKey(db: Db, key: { id: string; keyHash: string; masked: string }, now: Date) {
  const at = now.toISOString();
  await db.batch([
    db.update(apiKeys).set({ revoked_at: at }).where(isNull(apiKeys.revoked_at)),
    db.insert(apiKeys).values({ id: key.id, key_hash: key.keyHash, masked: key.masked, created_at: at }),
  ]);
}

export async function insertSession(
  db: Db,
  session: { id: string; expiresAt: Date; remember: boolean; userId?: string | undefined; deviceId?: string | undefined },
  now: Date,
) {
  await db.insert(sessions).values({
    id: session.id,
    created_at: now.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    remember: session.remember ? 1 : 0,
    user_id: session.userId ?? null,
    device_id: session.deviceId ?? null,
  });
}

export async function isSessionActive(db: Db, id: string, now: Date): Promise<boolean> {
  const row = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, id), isNull(sessions.revoked_at), gt(sessions.expires_at, now.toISOString())))
    .get();
  return row !== undefined;
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revoked_at: now.toISOString() }).where(eq(sessions.id, id));
}

export function revokeAllSessionsStatement(db: Db, now: Date) {
  return db.update(sessions).set({ revoked_at: now.toISOString() }).where(isNull(sessions.revoked_at));
}

export async function insertResetToken(db: Db, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.insert(passwordResetTokens).values({ token_hash: tokenHash, expires_at: expiresAt.toISOString() });
}

export async function isResetTokenUsable(db: Db, tokenHash: string, now: Date): Promise<boolean> {
  const row = await db
    .select({ token_hash: passwordResetTokens.token_hash })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.token_hash, tokenHash),
        isNull(passwordResetTokens.used_at),
        gt(passwordResetTokens.expires_at, now.toISOString()),
      ),
    )
    .get();
  return row !== undefined;
}

/** Marks a token used only if it is still usable; false when another request won the race. */
export function consumeResetTokenStatement(db: Db, tokenHash: string, now: Date) {
  return db
    .update(passwordResetTokens)
    .set({ used_at: now.toISOString() })
    .where(
      and(
        eq(passwordResetTokens.token_hash, tokenHash),
        isNull(passwordResetTokens.used_at),
        gt(passwordResetTokens.expires_at, now.toISOString()),
      ),
    )
    .returning({ token_hash: passwordResetTokens.token_hash });
}

/** Counts one hit in the current window and returns the total so far, in one atomic statement. */
export async function countRateLimitHit(db: Db, bucket: string, windowStart: number): Promise<number> {
  const row = await db
    .insert(rateLimitHits)
    .values({ bucket, window_start: windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitHits.bucket, rateLimitHits.window_start],
      set: { count: sql`${rateLimitHits.count} + 1` },
    })
    .returning({ count: rateLimitHits.count })
    .get();
  return row?.count ?? 1;
}
