/**
 * The Pushover notifier (rules §9, api.md §14.3): form-encoded POST to
 * `${PUSHOVER_API_URL}/1/messages.json`. Low-stock checks never throw: a failing Pushover must not
 * fail the request that triggered the check.
 */
import { readConfig } from "../config";
import { liveAvailability, strainsOfPackages } from "../data/finished-goods";
import { claimAlertSlot, releaseAlertSlot } from "../data/pushover-alerts";
import { readSetting } from "../data/settings";
import {
  type AlertLevel,
  cooldownStart,
  levelFor,
  lowStockMessage,
  PUSHOVER_KEY,
  type PushoverMessage,
  type PushoverSettings,
  resolvePushover,
  stockByStrain,
} from "../domain/low-stock";
import type { Db, OptionalSecrets } from "../env";

const TIMEOUT_MS = 10_000;

type SendResult = { ok: true } | { ok: false; error: string };
type Credentials = { token: string; user: string };

export async function readPushoverSettings(db: Db): Promise<PushoverSettings> {
  return resolvePushover(await readSetting(db, PUSHOVER_KEY));
}

/** Values stored in settings win over the Worker secrets (gaps G-PUSH-2). */
export function credentialsOf(settings: PushoverSettings, env: Env & OptionalSecrets): { token: string | null; user: string | null } {
  return { token: settings.app_token || env.PUSHOVER_APP_TOKEN || null, user: settings.user_key || env.PUSHOVER_USER_KEY || null };
}

export async function sendPushover(env: Env & OptionalSecrets, credentials: Credentials, message: PushoverMessage): Promise<SendResult> {
  const url = `${readConfig(env).PUSHOVER_API_URL.replace(/\/+$/, "")}/1/messages.json`;
  const form = new URLSearchParams({
    token: credentials.token,
    user: credentials.user,
    title: message.title,
    message: message.message,
    priority: String(message.priority),
  });
  try {
    const res = await fetch(url, { method: "POST", body: form, signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (res.ok) return { ok: true };
    const body = (await res.json().catch(() => null)) as { errors?: unknown } | null;
    const errors = Array.isArray(body?.errors) ? body.errors.filter((e): e is string => typeof e === "string").join("; ") : "";
    return { ok: false, error: errors || `Pushover answered ${res.status}` };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : "Pushover could not be reached" };
  }
}

export type CheckResult = {
  checked: number;
  alerts_sent: { target: string; level: AlertLevel; grams: number }[];
  suppressed_by_cooldown: number;
  failed: { target: string; level: AlertLevel; error: string }[];
  skipped?: string;
};

type Notifier = { settings: PushoverSettings; credentials: Credentials };

/** The Pushover settings and credentials, or why nothing may be sent. */
export async function readNotifier(env: Env & OptionalSecrets, db: Db): Promise<Notifier | { skipped: string }> {
  const settings = await readPushoverSettings(db);
  const { token, user } = credentialsOf(settings, env);
  if (!settings.enabled) return { skipped: "Notifications are disabled" };
  if (!user) return { skipped: "No user key configured" };
  if (!token) return { skipped: "No app token configured" };
  return { settings, credentials: { token, user } };
}

type Notice = { target: string; level: AlertLevel; message: PushoverMessage };
type NoticeOutcome = { sent: true } | { sent: false; cooling: true } | { sent: false; cooling: false; error: string };

/**
 * Sends a notice once per cooldown window: it first claims its slot, so of many concurrent checks
 * only one sends; a send that fails gives the slot back, so the next check tries again (one
 * attempt per check while Pushover is down, one alert once it is back).
 */
export async function sendOnce(env: Env & OptionalSecrets, db: Db, notifier: Notifier, notice: Notice, now: Date): Promise<NoticeOutcome> {
  const windowStart = cooldownStart(now, notifier.settings.cooldown_hours);
  const slot = await claimAlertSlot(db, notice.target, notice.level, notice.message.message, now, windowStart);
  if (slot === null) return { sent: false, cooling: true };
  const sent = await sendPushover(env, notifier.credentials, notice.message);
  if (sent.ok) return { sent: true };
  await releaseAlertSlot(db, slot);
  return { sent: false, cooling: false, error: sent.error };
}

/**
 * Checks every strain (or one) against the thresholds and sends what is due, once per cooldown
 * window per strain and level.
 */
export async function checkLowStock(env: Env & OptionalSecrets, db: Db, now: Date, strain?: string): Promise<CheckResult> {
  const result: CheckResult = { checked: 0, alerts_sent: [], suppressed_by_cooldown: 0, failed: [] };
  const notifier = await readNotifier(env, db);
  if ("skipped" in notifier) return { ...result, skipped: notifier.skipped };
  const { settings } = notifier;
  const stocks = stockByStrain(await liveAvailability(db, strain));
  result.checked = stocks.length;
  for (const stock of stocks) {
    const level = levelFor(stock.available_grams, settings);
    if (!level) continue;
    const outcome = await sendOnce(
      env,
      db,
      notifier,
      { target: stock.strain, level, message: lowStockMessage(stock, level, settings) },
      now,
    );
    if (outcome.sent) result.alerts_sent.push({ target: stock.strain, level, grams: stock.available_grams });
    else if (outcome.cooling) result.suppressed_by_cooldown++;
    else result.failed.push({ target: stock.strain, level, error: outcome.error });
  }
  return result;
}

/** For use after a gram change: runs the check for one strain and swallows every failure. */
export async function checkLowStockQuietly(env: Env & OptionalSecrets, db: Db, strain: string): Promise<void> {
  await checkLowStockOfStrainsQuietly(env, db, [strain]);
}

/** After packing or an Apex sync changed packages: checks the strains of those packages, never throwing. */
export async function checkLowStockOfPackagesQuietly(env: Env & OptionalSecrets, db: Db, metrcNumbers: readonly string[]): Promise<void> {
  if (metrcNumbers.length === 0) return;
  try {
    await checkLowStockOfStrainsQuietly(env, db, await strainsOfPackages(db, metrcNumbers));
  } catch (error) {
    console.error("low-stock check failed", error);
  }
}

async function checkLowStockOfStrainsQuietly(env: Env & OptionalSecrets, db: Db, strains: readonly string[]): Promise<void> {
  const now = new Date();
  for (const strain of strains) {
    try {
      await checkLowStock(env, db, now, strain);
    } catch (error) {
      console.error("low-stock check failed", error);
    }
  }
}
