import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 5 — snapshots and recommendations (api.md §9). */
export const snapshots = new Hono<AppEnv>();
