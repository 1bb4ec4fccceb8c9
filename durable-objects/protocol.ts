import { z } from "zod";
import { TOPICS, type Topic } from "./topics";

/**
 * The live-dashboard wire protocol: JSON text frames in both directions, checked by the hub with
 * these schemas; browsers read the server frames with src/contracts/live.ts (zod-free).
 */

/** Client frames are tiny; anything larger is refused before JSON.parse. */
const MAX_CLIENT_FRAME_CHARS = 4096;

/** Query parameter with the topics a socket subscribes to at connect time (comma-separated). */
export const TOPICS_PARAM = "topics";
/**
 * Header the Worker route uses to hand the authenticated principal to the hub, as its socket tag
 * (`session:<session id>` or `api_key:<key id>`): signing out or replacing the key closes the
 * sockets with that tag. Every socket is also tagged with its kind (`principal:session`).
 */
export const PRINCIPAL_HEADER = "X-Live-Principal";
/** Close code of a socket whose session was signed out or whose API key was replaced. */
export const CREDENTIALS_REVOKED_CLOSE = 4401;

export function principalSocketTag(principal: { kind: "session"; sessionId: string } | { kind: "api_key"; keyId: string }): string {
  return principal.kind === "session" ? `session:${principal.sessionId}` : `api_key:${principal.keyId}`;
}

/** Tag of every socket opened by a session: a password change or reset signs all of them out. */
export const ALL_SESSION_SOCKETS = "principal:session";

/** The tags a socket is accepted with: its principal's own tag and its kind's (hub tags are at most 256 chars). */
export function socketTagsOf(principalTag: string): string[] {
  const [kind = "unknown"] = principalTag.split(":", 1);
  const tags = [`principal:${kind}`];
  if (principalTag.includes(":") && principalTag.length <= 256) tags.push(principalTag);
  return tags;
}

export { PING_FRAME, PONG_FRAME } from "../src/contracts/live";

const TopicName = z.enum(TOPICS, { error: "Unknown topic" });
const TopicList = z
  .array(TopicName, { error: "topics must be a list of topic names" })
  .min(1, "topics must name at least one topic")
  .max(TOPICS.length * 2, "Too many topics");

const SubscribeMessage = z.object({ type: z.literal("subscribe"), topics: TopicList });
const UnsubscribeMessage = z.object({ type: z.literal("unsubscribe"), topics: TopicList });

export const ClientMessage = z.discriminatedUnion("type", [SubscribeMessage, UnsubscribeMessage], {
  error: 'Unknown message type: expected "subscribe" or "unsubscribe"',
});
export type ClientMessage = z.infer<typeof ClientMessage>;

/** ISO-8601 with milliseconds, exactly as the last-updated endpoints print it; null = never changed. */
const IsoTimestamp = z.iso.datetime({ precision: 3 });

const ChangedMessage = z.object({ type: z.literal("changed"), topic: TopicName, timestamp: IsoTimestamp });
export const SubscribedMessage = z.object({
  type: z.literal("subscribed"),
  topics: z.array(TopicName),
  clocks: z.partialRecord(TopicName, IsoTimestamp.nullable()),
});
const UnsubscribedMessage = z.object({ type: z.literal("unsubscribed"), topics: z.array(TopicName) });
const ErrorMessage = z.object({ type: z.literal("error"), error: z.string() });
const PongMessage = z.object({ type: z.literal("pong") });

export const ServerMessage = z.discriminatedUnion("type", [
  ChangedMessage,
  SubscribedMessage,
  UnsubscribedMessage,
  ErrorMessage,
  PongMessage,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
type ChangedMessage = z.infer<typeof ChangedMessage>;
export type SubscribedMessage = z.infer<typeof SubscribedMessage>;

/** Parses one client frame; a refusal carries the sentence the error frame will show. */
export function parseClientFrame(frame: string | ArrayBuffer): { ok: true; message: ClientMessage } | { ok: false; error: string } {
  if (typeof frame !== "string") return { ok: false, error: "Binary frames are not supported" };
  if (frame.length > MAX_CLIENT_FRAME_CHARS) return { ok: false, error: "Message too large" };
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return { ok: false, error: "Invalid JSON" };
  }
  const parsed = ClientMessage.safeParse(data);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid message" };
  return { ok: true, message: parsed.data };
}

export function changedFrame(topic: Topic, timestamp: string): string {
  return JSON.stringify({ type: "changed", topic, timestamp } satisfies ChangedMessage);
}

export function errorFrame(error: string): string {
  return JSON.stringify({ type: "error", error } satisfies z.infer<typeof ErrorMessage>);
}
