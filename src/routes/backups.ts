import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 8 — backups. */
export const backups = new Hono<AppEnv>();
