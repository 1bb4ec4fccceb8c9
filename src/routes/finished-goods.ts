import { Hono } from "hono";
import type { AppEnv } from "../env";

/** Issue 4 — finished goods (api.md §4). */
export const finishedGoods = new Hono<AppEnv>();
