import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 4 — Pushover notifications (api.md §10). */
export const pushover = new Hono<AppEnv>();
