import { type Context, Hono } from "hono";
import { readSession } from "../auth/session";
import type { AppEnv } from "../env";

/** Client routes of the PWA (pages.md). Each needs a session; without one the browser goes to /login. */
export const PAGE_PATHS = [
  "/admin",
  "/admin/*",
  "/archive",
  "/achievements",
  "/finished-goods",
  "/stats",
  "/wholesale",
  "/inventory",
  "/centrifuge",
  "/centrifuge-trends/*",
  "/packing",
  "/packing/*",
  "/recommendations",
  "/offline",
] as const;

export const pages = new Hono<AppEnv>();

async function serveApp(c: Context<AppEnv>): Promise<Response> {
  if (!(await readSession(c))) {
    const url = new URL(c.req.url);
    const next = url.pathname + url.search;
    return c.redirect(next === "/" || next === "/admin" ? "/login" : `/login?next=${encodeURIComponent(next)}`, 302);
  }
  const res = await c.env.ASSETS.fetch(new URL("/index.html", c.req.url));
  // The shell is tiny and must never be stale after a deploy.
  const out = new Response(res.body, res);
  out.headers.set("Cache-Control", "no-cache");
  return out;
}

pages.get("/", serveApp);
for (const path of PAGE_PATHS) pages.get(path, serveApp);
