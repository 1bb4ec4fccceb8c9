import { claimAlertSlot, releaseAlertSlot } from "../data/pushover-alerts";
import { backupFailureMessage } from "../domain/backup-alerts";
import type { Db, OptionalSecrets } from "../env";
import { credentialsOf, readPushoverSettings, sendPushover } from "../integrations/pushover";

export type BackupAlert = (error: string) => Promise<void>;

/**
 * One Pushover alert per failed run. Sent whenever credentials exist (the low-stock switch does not
 * silence it) and never throws: a Pushover problem must not change the outcome of the backup.
 */
export function pushoverBackupAlert(env: Env & OptionalSecrets, db: Db): BackupAlert {
  return async (error) => {
    try {
      const { token, user } = credentialsOf(await readPushoverSettings(db), env);
      if (!token || !user) {
        console.warn("backup failed and Pushover is not configured; no alert sent");
        return;
      }
      const message = backupFailureMessage(error);
      const now = new Date();
      // The ledger keeps a history of alerts; a window that starts now never suppresses this one.
      const slot = await claimAlertSlot(db, "backup", "backup", message.message, now, now);
      const sent = await sendPushover(env, { token, user }, message);
      if (!sent.ok) {
        console.error(`backup failure alert not delivered: ${sent.error}`);
        if (slot !== null) await releaseAlertSlot(db, slot);
      }
    } catch (alertError) {
      console.error("backup failure alert could not be sent", alertError);
    }
  };
}
