/**
 * The live-updates wire protocol as browsers see it (README "Live updates"): the topics, the
 * keep-alive frames and the frames the hub sends. Browser-safe and zod-free, because the dashboard's
 * first screen holds a socket; the hub's own zod schemas (durable-objects/protocol.ts) check the
 * same shapes on the server side.
 */

/** The areas whose changes the batch hub clocks and broadcasts. */
export const TOPICS = ["batches", "finished-goods", "wholesale", "inventory", "packing"] as const;
export type Topic = (typeof TOPICS)[number];

export function isTopic(value: unknown): value is Topic {
  return typeof value === "string" && (TOPICS as readonly string[]).includes(value);
}

/** Sent and answered by the hub's auto-response without waking it from hibernation. */
export const PING_FRAME = '{"type":"ping"}';
export const PONG_FRAME = '{"type":"pong"}';

export type ServerFrame =
  | { type: "changed"; topic: Topic; timestamp: string }
  | { type: "subscribed"; topics: Topic[]; clocks: Partial<Record<Topic, string | null>> }
  | { type: "unsubscribed"; topics: Topic[] }
  | { type: "error"; error: string }
  | { type: "pong" };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One frame from the hub, or null when it is not one the client understands. */
export function readServerFrame(text: string): ServerFrame | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  switch (data.type) {
    case "changed":
      return isTopic(data.topic) && typeof data.timestamp === "string"
        ? { type: "changed", topic: data.topic, timestamp: data.timestamp }
        : null;
    case "subscribed": {
      if (!Array.isArray(data.topics) || !isRecord(data.clocks)) return null;
      const clocks: Partial<Record<Topic, string | null>> = {};
      for (const [topic, clock] of Object.entries(data.clocks)) {
        if (isTopic(topic) && (typeof clock === "string" || clock === null)) clocks[topic] = clock;
      }
      return { type: "subscribed", topics: data.topics.filter(isTopic), clocks };
    }
    case "unsubscribed":
      return Array.isArray(data.topics) ? { type: "unsubscribed", topics: data.topics.filter(isTopic) } : null;
    case "error":
      return typeof data.error === "string" ? { type: "error", error: data.error } : null;
    case "pong":
      return { type: "pong" };
    default:
      return null;
  }
}
