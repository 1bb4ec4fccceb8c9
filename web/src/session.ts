import { signal } from "@preact/signals";
import type { MeResponse } from "../../src/contracts/people";

/**
 * Who is signed in (GET /api/me), for the header and for the outbox: on a shared floor tablet every
 * queued write is stamped with the operator who made it (issue 18), so it stays theirs when it is
 * sent after someone else signed in.
 */

const STORE_KEY = "prt-me";
/** A tap right after a page load waits at most this long for /api/me before using the last known answer. */
const ME_WAIT_MS = 3000;

export const me = signal<MeResponse | null>(null);
let loading: Promise<MeResponse | null> | null = null;

function stored(): MeResponse | null {
  try {
    const text = localStorage.getItem(STORE_KEY);
    return text ? (JSON.parse(text) as MeResponse) : null;
  } catch {
    return null;
  }
}

/** Asks the server once per page load; offline, the last answer this browser saw stands in. */
export function loadMe(fetchMe: () => Promise<MeResponse>): Promise<MeResponse | null> {
  loading ??= fetchMe().then(
    (answer) => {
      me.value = answer;
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify(answer));
      } catch {
        // storage full or blocked: the in-memory answer still serves this page
      }
      return answer;
    },
    () => {
      me.value ??= stored();
      return me.value;
    },
  );
  return loading;
}

/**
 * The operator a write queued now belongs to: the signed-in user of a PIN session on a shared
 * device, else none (the write is then whoever's session sends it, as before).
 */
export async function queuedOperator(): Promise<string | null> {
  const answer = loading
    ? await Promise.race([loading, new Promise<MeResponse | null>((r) => setTimeout(() => r(stored()), ME_WAIT_MS))])
    : me.value;
  return answer?.device && answer.user ? answer.user.id : null;
}

let goingToPin = false;

/**
 * Where a 401 sends this browser: nowhere when it is already on its way back to the PIN pad (a
 * poll answered after the sign-out must not turn it to /login), the PIN pad when a PIN session on
 * an approved tablet ended, else the login page.
 */
export function signedOutTarget(): "none" | "pin" | "login" {
  if (goingToPin) return "none";
  return me.value?.device && me.value.user ? "pin" : "login";
}

/**
 * Back to the PIN pad: the server ends this session (the tablet keeps its device cookie). The
 * outbox keeps its queued writes in IndexedDB, each with its operator, and sends them after the
 * next sign-in.
 */
export function signOutToPin(): void {
  goingToPin = true;
  try {
    localStorage.removeItem(STORE_KEY);
  } catch {
    // nothing stored
  }
  location.assign("/logout?to=pin");
}
