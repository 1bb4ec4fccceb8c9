/**
 * What a restore does besides swapping rows in, in the same transaction: a backup brings back the
 * sessions, reset tokens and password hash of its day, so every session is signed out, every reset
 * link cancelled, and the restore epoch moved (the hub then moves every clock). The API key and
 * password come back as they were: the operator is told to rotate both.
 */
import { writeRestoreEpochStatement } from "../data/restore-epoch";

export type RestoreSecuring = { sessions_signed_out: number; reset_tokens_deleted: number; restore_epoch: string };

export const ROTATE_CREDENTIALS_NOTICE =
  "The API key and admin password are back as they were when the backup was taken: rotate both now " +
  "(npm run admin -- set-api-key [--remote] and npm run admin -- set-password [--remote]).";

type Securing = {
  statements: D1PreparedStatement[];
  /** Reads the counts from the results of `statements` (the tail of the swap's results). */
  summarize(results: readonly D1Result[]): RestoreSecuring;
};

export function secureAfterRestore(
  d1: D1Database,
  tables: readonly string[],
  epoch: { id: string; backupId: string; now: Date },
): Securing {
  if (!tables.includes("settings")) throw new Error("the backup has no settings table, so the restore epoch cannot be recorded");
  const at = epoch.now.toISOString();
  const statements: D1PreparedStatement[] = [];
  const positions: Partial<Record<"sessions" | "tokens", number>> = {};
  if (tables.includes("sessions")) {
    positions.sessions = statements.length;
    statements.push(d1.prepare("UPDATE sessions SET revoked_at = ?1 WHERE revoked_at IS NULL").bind(at));
  }
  if (tables.includes("password_reset_tokens")) {
    positions.tokens = statements.length;
    statements.push(d1.prepare("DELETE FROM password_reset_tokens"));
  }
  statements.push(writeRestoreEpochStatement(d1, { id: epoch.id, restored_at: at, backup_id: epoch.backupId }));
  return {
    statements,
    summarize(results) {
      const tail = results.slice(results.length - statements.length);
      const changes = (at?: number) => (at === undefined ? 0 : (tail[at]?.meta.changes ?? 0));
      return { sessions_signed_out: changes(positions.sessions), reset_tokens_deleted: changes(positions.tokens), restore_epoch: epoch.id };
    },
  };
}
