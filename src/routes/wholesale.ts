import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 4 — wholesale holds (api.md §5). */
export const wholesale = new Hono<AppEnv>();
