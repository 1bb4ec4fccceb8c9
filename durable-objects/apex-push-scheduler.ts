import { DurableObject } from "cloudflare:workers";
import { readPackingSettings } from "../src/data/packing";
import { createDb } from "../src/db/client";
import { DEFAULT_PACKING_SETTINGS } from "../src/domain/packing";
import { pushInventoryToApex } from "../src/jobs/apex-inventory-push";

/** Edits inside this window fold into one push (decisions 9). */
const PUSH_DEBOUNCE_MS = 2_000;
/** Apex writes are at least this far apart (rules §17.4 min_api_interval_seconds) unless the packing settings say more. */
export const PUSH_MIN_INTERVAL_MS = DEFAULT_PACKING_SETTINGS.apex_min_write_interval_seconds * 1000;
/** After a failed push, try again this much later. */
const PUSH_RETRY_MS = 60_000;

const LAST_PUSH = "lastPushAt";

/**
 * Debounces inventory pushes to Apex: every finished-goods or packing change asks for a push; the
 * first request sets an alarm, later ones fold into it, and pushes run at least the settings' minimum write interval apart (10 s unless changed).
 */
export class ApexPushScheduler extends DurableObject<Env> {
  /** Schedules a push unless one is pending; returns when it will run (ms since epoch). */
  async requestPush(nowMs = Date.now()): Promise<number> {
    const pending = await this.ctx.storage.getAlarm();
    if (pending !== null) return pending;
    const last = (await this.ctx.storage.get<number>(LAST_PUSH)) ?? 0;
    const at = Math.max(nowMs + PUSH_DEBOUNCE_MS, last + (await this.minIntervalMs()));
    await this.ctx.storage.setAlarm(at);
    return at;
  }

  /**
   * The packing settings' minimum write interval, read only when a push is being scheduled (at
   * most once per push); the default when the database cannot say.
   */
  private async minIntervalMs(): Promise<number> {
    try {
      return (await readPackingSettings(createDb(this.env.DB))).apex_min_write_interval_seconds * 1000;
    } catch (error) {
      console.error("could not read the Apex write interval; using the default", error instanceof Error ? error.message : String(error));
      return PUSH_MIN_INTERVAL_MS;
    }
  }

  async pendingPushAt(): Promise<number | null> {
    return this.ctx.storage.getAlarm();
  }

  override async alarm(): Promise<void> {
    const now = Date.now();
    await this.ctx.storage.put(LAST_PUSH, now);
    try {
      await pushInventoryToApex(this.env, new Date(now));
    } catch (error) {
      // The failure is recorded for the sync-status page; quantities not sent stay "changed" and go next time.
      console.error("apex inventory push failed", error instanceof Error ? error.message : String(error));
      await this.ctx.storage.setAlarm(now + PUSH_RETRY_MS);
    }
  }
}
