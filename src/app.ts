import { Hono } from "hono";
import type { AppEnv } from "./env";
import { handleError, handleNotFound } from "./http/errors";
import { requestContext } from "./http/middleware";
import { routers } from "./routes";

/** The whole HTTP app; the Worker entry, tests and benchmarks all use this one. */
export function createApp() {
  // strict: false accepts `/api/inventory/` and `/api/inventory` alike (api.md §0.5).
  const app = new Hono<AppEnv>({ strict: false });
  app.use("*", requestContext);
  for (const router of routers) app.route("/", router);
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
