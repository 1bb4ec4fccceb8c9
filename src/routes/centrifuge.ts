import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 5 — centrifuge tools and recommendations (api.md §6–7). */
export const centrifuge = new Hono<AppEnv>();
