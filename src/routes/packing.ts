import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 7 — packing list (api.md §13.2). */
export const packing = new Hono<AppEnv>();
