import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 6 — live dashboard sockets. */
export const live = new Hono<AppEnv>();
