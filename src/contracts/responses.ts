import { z } from "zod";

/**
 * Building blocks of the response contracts: every route declares what it answers per success
 * status (http/registry.ts), from zod schemas here and in the area modules. Plain zod, so the web
 * app may import the types (and the schemas, in lazy chunks).
 */

/** Every API error body (api.md §0.3); some wholesale and Pushover errors also carry `success: false`. */
export const ErrorBody = z.object({ error: z.string(), success: z.literal(false).optional() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/** A body that is not JSON (a CSV file, a page, a redirect): described by its content type only. */
export type RawBody = { readonly contentType: string | null; readonly description: string };
export const CsvBody: RawBody = { contentType: "text/csv", description: "CSV file" };
export const NoBody: RawBody = { contentType: null, description: "No body" };

export function isRawBody(value: unknown): value is RawBody {
  return typeof value === "object" && value !== null && "contentType" in value && !(value instanceof z.ZodType);
}

/** One body a route may answer: JSON by its schema, or a RawBody. */
export type ResponseBody = z.ZodType | RawBody;
/** What a route answers, per success status; a list when the client picks the format (JSON or CSV). */
export type ResponseSchemas = Readonly<Partial<Record<number, ResponseBody | readonly ResponseBody[]>>>;

/** The declared bodies of one status, as a list. */
export function bodiesOf(declared: ResponseBody | readonly ResponseBody[] | undefined): readonly ResponseBody[] {
  if (declared === undefined) return [];
  return Array.isArray(declared) ? declared : [declared as ResponseBody];
}

export const Ok = z.object({ ok: z.literal(true) });
export const Success = z.object({ success: z.literal(true) });
/** `{"timestamp": ...}`: the change signal of a page (null before anything changed). */
export const LastUpdated = z.object({ timestamp: z.string().nullable() });
