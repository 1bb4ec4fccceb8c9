import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 7 — Apex Trading mapping and sync (api.md §13.2). */
export const apex = new Hono<AppEnv>();
