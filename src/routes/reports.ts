import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 5 — overview, audit, production history, stats, achievements, backup and sync status (api.md §10). */
export const reports = new Hono<AppEnv>();
