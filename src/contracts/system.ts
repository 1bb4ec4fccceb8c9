import { z } from "zod";

/** Answers of the system endpoints and the live-updates ticket. */

export const VersionView = z.object({ version: z.string() });
export const HealthView = z.object({ status: z.literal("ok") });
/** The OpenAPI document: its own standard describes the rest. */
export const OpenApiView = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});
/** `POST /api/live/ticket`: a single-use credential for opening /api/live where headers cannot be sent. */
export const LiveTicketView = z.object({ ticket: z.string(), expires_in: z.number().int() });
