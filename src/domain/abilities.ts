/**
 * Roles, abilities and the ability each route needs. Pure: the registry resolves a
 * route's ability once, when it is defined, and the auth check compares it with the caller's.
 */
export const ABILITIES = [
  "read",
  "write:counts",
  "write:production",
  "write:finished-goods",
  "write:packing",
  "write:inventory",
  "admin",
] as const;
export type Ability = (typeof ABILITIES)[number];

/** The user the original admin password signs in as (migration 0140): not a named person. */
export const ORIGINAL_ADMIN_ID = "admin";

export const ROLES = ["admin", "lead", "floor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** admin: everything; lead: production, finished goods, packing, holds, inventory; floor: counts, weigh samples, packing lines. */
export const ROLE_ABILITIES: Record<Role, readonly Ability[]> = {
  admin: ABILITIES,
  lead: ["read", "write:counts", "write:production", "write:finished-goods", "write:packing", "write:inventory"],
  floor: ["read", "write:counts", "write:packing"],
  viewer: ["read"],
};

/**
 * The ability a route needs by its tag: [reads, writes]. A tag not listed needs `admin` to write,
 * so a new area is closed until someone decides otherwise.
 */
export const TAG_ABILITIES: Record<string, readonly [Ability, Ability]> = {
  Batches: ["read", "write:production"],
  "Weight checks": ["read", "write:counts"],
  "Finished goods": ["read", "write:finished-goods"],
  Wholesale: ["read", "write:finished-goods"],
  "Apex Trading": ["read", "write:finished-goods"],
  Snapshots: ["read", "write:finished-goods"],
  Packing: ["read", "write:packing"],
  "Paper inventory": ["read", "write:inventory"],
  // Every centrifuge POST is a calculator: nothing is written.
  Centrifuge: ["read", "read"],
  "Live dashboards": ["read", "read"],
  Reports: ["read", "read"],
  System: ["read", "read"],
  "Settings and access": ["read", "admin"],
  Notifications: ["read", "admin"],
  Backups: ["admin", "admin"],
  People: ["admin", "admin"],
};

/** The default ability of a route; a route spec may override it with its own `ability`. */
export function defaultAbility(tag: string, method: string): Ability {
  const pair = TAG_ABILITIES[tag];
  const isRead = method.toLowerCase() === "get";
  if (!pair) return isRead ? "read" : "admin";
  return isRead ? pair[0] : pair[1];
}

export function isAbility(value: unknown): value is Ability {
  return typeof value === "string" && (ABILITIES as readonly string[]).includes(value);
}

export function roleHas(role: Role, ability: Ability): boolean {
  return ROLE_ABILITIES[role].includes(ability);
}

/** The 403 text for a caller without the route's ability. */
export function missingAbility(ability: Ability): string {
  return `Forbidden: this action needs the "${ability}" ability`;
}

/** Batch fields a floor worker may change with "write:counts" (issue 18): the stage and the counts. */
export const FLOOR_BATCH_FIELDS: ReadonlySet<string> = new Set(["stage", "counts_0_5", "counts_0_7", "counts_1_0"]);

/** A sent value equal to the stored one is no change: a full form may carry fields its user did not touch. */
function sameValue(sent: unknown, stored: unknown): boolean {
  if (sent === stored) return true;
  if (sent === null || stored === null || stored === undefined) return false;
  if (typeof sent === "boolean") return stored === (sent ? 1 : 0);
  if (typeof sent === "object") return JSON.stringify(sent) === stored;
  return String(sent) === String(stored);
}

/**
 * Why a batch edit goes beyond the caller's abilities, or null. The edit route needs only
 * "write:counts" (stage moves and counts from the floor); every other changed field needs
 * "write:production".
 */
export function batchEditRefusal(
  abilities: readonly Ability[],
  stored: Readonly<Record<string, unknown>>,
  sent: Readonly<Record<string, unknown>>,
): string | null {
  if (abilities.includes("write:production")) return null;
  const beyond = Object.entries(sent)
    .filter(([field, value]) => value !== undefined && !FLOOR_BATCH_FIELDS.has(field) && !sameValue(value, stored[field]))
    .map(([field]) => field);
  if (beyond.length === 0) return null;
  return `Forbidden: changing ${beyond.join(", ")} needs the "write:production" ability (the stage and counts need "write:counts")`;
}
