import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { openHubSocket } from "../../durable-objects/hub-client";
import { principalSocketTag } from "../../durable-objects/protocol";
import { isTopic, type Topic } from "../../durable-objects/topics";
import { INVALID_TICKET, issueLiveTicket, LIVE_TICKET_TTL_SECONDS, redeemLiveTicket } from "../auth/live-ticket";
import { AUTH_REQUIRED, CROSS_SITE_REFUSED } from "../auth/middleware";
import { NoBody } from "../contracts/responses";
import { LiveTicketView } from "../contracts/system";
import type { AppEnv, Principal } from "../env";
import { defineRoute } from "../http/registry";
import { parseWith, readQuery } from "../http/validation";

/** Live dashboard sockets: change notifications per topic. */
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

async function upgradeToHub(c: Context<AppEnv>, topics: readonly Topic[] | undefined, principal: Principal): Promise<Response> {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    throw new HTTPException(426, { message: "Expected a WebSocket upgrade" });
  }
  return openHubSocket(c.env, topics ?? [], principalSocketTag(principal));
}

/**
 * Cross-site WebSocket hijacking: a page elsewhere can open a socket that carries this site's
 * cookie, and the browser then names that page in Origin (RFC 6455 §4.1: browsers always send
 * it). A cookie upgrade from a foreign Origin is refused; one without Origin is not a browser's.
 */
function assertCookieUpgradeOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("Origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin) throw new HTTPException(403, { message: CROSS_SITE_REFUSED });
}

// A browser's WebSocket cannot send X-API-Key, so a ticket from POST /api/live/ticket stands in
// for it. With a ticket the socket opens here; without one, the key-or-session check below runs.
live.get(LIVE_PATH, async (c, next) => {
  const ticket = c.req.query("ticket");
  if (ticket === undefined) return next();
  const query = parseWith(LiveQuery, readQuery(c));
  const principal = await redeemLiveTicket(c.env, c.var.db, ticket);
  if (!principal) throw new HTTPException(401, { message: INVALID_TICKET });
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
    response: { 101: NoBody },
    responses: {
      101: "Switching Protocols: frames are {type:'changed', topic, timestamp}",
      400: "Unknown topic in ?topics",
      401: "No valid session, API key or ticket (a ticket opens one socket, while its session or key is active)",
      403: "Session cookie upgrade from another site's page (Origin)",
      426: "Not a WebSocket upgrade",
    },
  },
  async (c, { query }) => {
    const principal = c.var.principal;
    if (!principal) throw new HTTPException(401, { message: AUTH_REQUIRED });
    if (principal.kind === "session") assertCookieUpgradeOrigin(c);
    return upgradeToHub(c, query.topics, principal);
  },
);

defineRoute(
  live,
  {
    method: "post",
    path: `${LIVE_PATH}/ticket`,
    auth: "key-or-session",
    tag: TAG,
    summary: `Short-lived (${LIVE_TICKET_TTL_SECONDS} s), single-use ticket for opening /api/live where headers cannot be sent; bound to the asking session or key`,
    response: { 200: LiveTicketView },
  },
  async (c) => {
    const principal = c.var.principal;
    if (!principal) throw new HTTPException(401, { message: AUTH_REQUIRED });
    const ticket = await issueLiveTicket(c.env, principal);
    // A ticket is a credential for a minute: no cache may keep it.
    return c.json({ ticket, expires_in: LIVE_TICKET_TTL_SECONDS }, 200, { "Cache-Control": "no-store" });
  },
);
