import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 3 — production batches (api.md §2, §13.1). */
export const batches = new Hono<AppEnv>();
