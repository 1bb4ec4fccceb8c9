import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { type ZodType, z } from "zod";

/**
 * Default messages for schemas that set none: the original API answers
 * "Invalid value for <field>" and "<field> is required", so every route does the same.
 */
z.config({
  customError: (issue) => {
    const field = issue.path?.map(String).join(".") || "request";
    if (issue.input === undefined) return `${field} is required`;
    return `Invalid value for ${field}`;
  },
});

export function badRequest(message: string): HTTPException {
  return new HTTPException(400, { message });
}

export function parseWith<T extends ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(result.error.issues[0]?.message ?? "Invalid request");
  return result.data;
}

/** Reads a JSON body; an empty body is `{}`, anything unparsable is "Invalid JSON". */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Invalid JSON");
  }
}

/** Query strings: last value wins, as in Flask's `request.args.get`. */
export function readQuery(c: Context): Record<string, string> {
  return c.req.query();
}

/** Common field schemas. */
export const Finite = z.number().refine(Number.isFinite);
export const BooleanString = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");
export const PathId = z.string().min(1).max(200);
