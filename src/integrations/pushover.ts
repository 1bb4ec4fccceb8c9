/**
 * The Pushover notifier (rules §9, api.md §14.3): form-encoded POST to
 * `${PUSHOVER_API_URL}/1/messages.json`. Low-stock checks never throw: a failing Pushover must not
 * fail the request that triggered the check.
 */
import { readConfig } from "../config";
import { liveAvailability } from "../data/finished-goods";
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

export type SendResult = { ok: true } | { ok: false; error: string };
export type Credentials = { token: string; user: string };

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

/**
 * Checks every strain (or one) against the thresholds and sends what is due. Each alert first claims
 * its cooldown slot; only the claimant sends, and a failed send gives the slot back.
 */
export async function checkLowStock(env: Env & OptionalSecrets, db: Db, now: Date, strain?: string): Promise<CheckResult> {
  const result: CheckResult = { checked: 0, alerts_sent: [], suppressed_by_cooldown: 0, failed: [] };
  const settings = await readPushoverSettings(db);
  const { token, user } = credentialsOf(settings, env);
  if (!settings.enabled) return { ...result, skipped: "Notifications are disabled" };
  if (!user) return { ...result, skipped: "No user key configured" };
  if (!token) return { ...result, skipped: "No app token configured" };
  const stocks = stockByStrain(await liveAvailability(db, strain));
  result.checked = stocks.length;
  const windowStart = cooldownStart(now, settings.cooldown_hours);
  for (const stock of stocks) {
    const level = levelFor(stock.available_grams, settings);
    if (!level) continue;
    const message = lowStockMessage(stock, level, settings);
    const slot = await claimAlertSlot(db, stock.strain, level, message.message, now, windowStart);
    if (slot === null) {
      result.suppressed_by_cooldown++;
      continue;
    }
    const sent = await sendPushover(env, { token, user }, message);
    if (sent.ok) result.alerts_sent.push({ target: stock.strain, level, grams: stock.available_grams });
    else {
      await releaseAlertSlot(db, slot);
      result.failed.push({ target: stock.strain, level, error: sent.error });
    }
  }
  return result;
}

/** For use after a gram change: runs the check for one strain and swallows every failure. */
export async function checkLowStockQuietly(env: Env & OptionalSecrets, db: Db, strain: string): Promise<void> {
  try {
    await checkLowStock(env, db, new Date(), strain);
  } catch (error) {
    console.error("low-stock check failed", error);
  }
}
