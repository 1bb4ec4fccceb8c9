import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { openHubSocket } from "../../durable-objects/hub-client";
import { isTopic, type Topic } from "../../durable-objects/topics";
import { INVALID_TICKET, issueLiveTicket, LIVE_TICKET_TTL_SECONDS, verifyLiveTicket } from "../auth/live-ticket";
import type { AppEnv } from "../env";
import { defineRoute } from "../http/registry";
import { parseWith, readQuery } from "../http/validation";

/** Issue 6 — live dashboard sockets. */
export const live = new Hono<AppEnv>();
const TAG = "Live dashboards";
const LIVE_PATH = "/api/live";

/** `?topics=batches,inventory`: subscribed at connect time, so no subscribe frame is needed. */
const TopicsQuery = z
  .string()
  .max(200)
  .transform((value) => [...new Set(value.split(",").map((t) => t.trim()))].filter((t) => t !== ""))
  .refine((topics) => topics.every(isTopic))
  .transform((topics) => topics.filter(isTopic));

const LiveQuery = z.object({ topics: TopicsQuery.optional(), ticket: z.string().max(1024).optional() });

async function upgradeToHub(c: Context<AppEnv>, topics: readonly Topic[] | undefined, principal: string): Promise<Response> {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HTTPException(426, { message: "Expected a WebSocket upgrade" });
  }
  return openHubSocket(c.env, topics ?? [], principal);
}

// A browser's WebSocket cannot send X-API-Key, so a ticket from POST /api/live/ticket stands in
// for it. With a ticket the socket opens here; without one, the key-or-session check below runs.
live.get(LIVE_PATH, async (c, next) => {
  const ticket = c.req.query("ticket");
  if (ticket === undefined) return next();
  const principal = await verifyLiveTicket(c.env, ticket);
  if (!principal) throw new HTTPException(401, { message: INVALID_TICKET });
  const query = parseWith(LiveQuery, readQuery(c));
  return upgradeToHub(c, query.topics, principal);
});

defineRoute(
  live,
  {
    method: "get",
    path: LIVE_PATH,
    auth: "key-or-session",
    tag: TAG,
    summary: "WebSocket of change notifications (session, X-API-Key, or ?ticket= from POST /api/live/ticket)",
    query: LiveQuery,
    responses: {
      101: "Switching Protocols: frames are {type:'changed', topic, timestamp}",
      400: "Unknown topic in ?topics",
      401: "No valid session, API key or ticket",
      426: "Not a WebSocket upgrade",
    },
  },
  async (c, { query }) => upgradeToHub(c, query.topics, c.var.principal?.kind ?? "unknown"),
);

defineRoute(
  live,
  {
    method: "post",
    path: `${LIVE_PATH}/ticket`,
    auth: "key-or-session",
    tag: TAG,
    summary: `Short-lived (${LIVE_TICKET_TTL_SECONDS} s) ticket for opening /api/live where headers cannot be sent`,
    responses: { 200: '{"ticket": "...", "expires_in": 60}' },
  },
  async (c) => {
    const kind = c.var.principal?.kind ?? "session";
    return c.json({ ticket: await issueLiveTicket(c.env, kind), expires_in: LIVE_TICKET_TTL_SECONDS });
  },
);
