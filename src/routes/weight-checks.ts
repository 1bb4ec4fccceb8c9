import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 5 — weight checks (api.md §8). */
export const weightChecks = new Hono<AppEnv>();
