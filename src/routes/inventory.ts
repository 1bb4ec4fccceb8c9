import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 4 — paper inventory (api.md §3). */
export const inventory = new Hono<AppEnv>();
