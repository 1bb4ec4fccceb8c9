import { type Ability, type Role, roleHas } from "./abilities";

/**
 * Operators on shared floor tablets. Pure: who a write is attributed to when a queued
 * write made by one operator is sent while another is signed in, how long a PIN session may sit
 * idle, and which batch fields a role may change.
 */

/** The header the outbox sends with a queued write: the id of the operator who made it. */
export const OPERATOR_HEADER = "X-Operator";

/**
 * How long after signing in on a device an operator's queued writes are still accepted from that
 * device: a tablet offline over a long weekend still delivers, a months-old sign-in does not.
 */
export const QUEUED_WRITE_WINDOW_MS = 72 * 3600 * 1000;

/** The idle time after which a PIN session on a shared tablet returns to the PIN pad, unless configured. */
export const DEFAULT_PIN_IDLE_SECONDS = 120;

export type ClaimedOperator = {
  id: string;
  name: string;
  active: boolean;
  role: Role;
  /** The newest PIN sign-in of this operator on the sending device (ISO), or null if never. */
  lastSignInOnDevice: string | null;
};

/**
 * Why a session may not send a write in another operator's name, or null when it may. Only a PIN
 * session on an approved device acts for someone else, and only for an active operator who signed
 * in on that same device within the window and whose role allows the route: a client can never
 * name an arbitrary user.
 */
export function operatorClaimIssue(
  session: { deviceId: string | null },
  operator: ClaimedOperator | null,
  ability: Ability,
  nowMs: number,
): string | null {
  if (session.deviceId === null) return "Only a shared floor device sends changes queued by another operator";
  if (!operator) return "The operator who queued this change is unknown";
  if (!operator.active) return `${operator.name} is deactivated: a change they queued is no longer accepted`;
  const signedInMs = operator.lastSignInOnDevice === null ? Number.NaN : Date.parse(operator.lastSignInOnDevice);
  if (!(nowMs - signedInMs <= QUEUED_WRITE_WINDOW_MS)) {
    return `${operator.name} has not signed in on this device recently: a change queued in their name is not accepted`;
  }
  if (!roleHas(operator.role, ability)) return `Forbidden: ${operator.name} may not make this change (needs "${ability}")`;
  return null;
}

/**
 * Packer initials of a packing-line edit: a named person signed in writes their own initials
 * whenever the edit records packing (packed or initials), whatever the client typed.
 */
export function packerInitials<T extends { packed?: number | undefined; initials?: string | undefined }>(
  patch: T,
  signedIn: { initials: string } | null,
): T {
  if (!signedIn || (patch.packed === undefined && patch.initials === undefined)) return patch;
  return { ...patch, initials: signedIn.initials };
}
