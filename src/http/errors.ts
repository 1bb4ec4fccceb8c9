import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConfigError } from "../config";
import type { AppEnv } from "../env";
import { requestIdOf } from "./middleware";

const INTERNAL_ERROR = "An internal error occurred";

/** Reports to Sentry when it is wired in (see src/index.ts); a no-op otherwise. */
type ErrorReporter = (error: unknown, context: Record<string, string>) => void;
let reportError: ErrorReporter = () => {};
export function setErrorReporter(reporter: ErrorReporter): void {
  reportError = reporter;
}

/** Reports a failure the caller recovered from (the request still answered), so it is not lost. */
export function reportHandledError(error: unknown, context: Record<string, string>): void {
  try {
    reportError(error, context);
  } catch (reporterError) {
    console.error("could not report an error", reporterError);
  }
}

/** The only place that writes error bodies: `{"error": "..."}` with the documented status. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof HTTPException) {
    const res = c.json({ error: err.message }, err.status as ContentfulStatusCode);
    err.res?.headers.forEach((value, name) => {
      if (name.toLowerCase() !== "content-type") res.headers.set(name, value);
    });
    return res;
  }
  const requestId = requestIdOf(c);
  if (err instanceof ConfigError) {
    console.error(`[${requestId}] ${err.message}`);
    return c.json({ error: err.message }, 500);
  }
  console.error(`[${requestId}] unhandled error`, err);
  reportError(err, { requestId, path: new URL(c.req.url).pathname });
  return c.json({ error: INTERNAL_ERROR }, 500);
}

export function handleNotFound(c: Context<AppEnv>): Response {
  return c.json({ error: "Not found" }, 404);
}
