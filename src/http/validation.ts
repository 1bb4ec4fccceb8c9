import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodType, z } from "zod";
import { firstIssueMessage } from "../contracts/common";

export function badRequest(message: string): HTTPException {
  return new HTTPException(400, { message });
}

export function parseWith<T extends ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(firstIssueMessage(result.error));
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
