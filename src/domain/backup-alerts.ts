/** The Pushover message for a failed backup (rules §16, api.md §14.3): priority 1, the first 200 characters of the error. */
export function backupFailureMessage(error: string): { title: string; message: string; priority: number } {
  return { title: "PreRollTracker backup failed", message: `Backup failed: ${error.slice(0, 200)}`, priority: 1 };
}
