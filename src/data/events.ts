import { eventLog } from "../db/schema";
import type { Db } from "../env";
import type { Actor } from "./audit";

export type EventActor = Actor;

/** A statement that records one non-batch change; batch it with the change itself. */
export function eventStatement(db: Db, event: { actor: EventActor; action: string; target?: string | null; details?: unknown }, now: Date) {
  return db.insert(eventLog).values({
    ts: now.toISOString(),
    actor: event.actor,
    action: event.action,
    target: event.target ?? null,
    details: event.details === undefined ? null : JSON.stringify(event.details),
  });
}
