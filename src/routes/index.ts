import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { admin } from "./admin";
import { authPages } from "./auth-pages";
import { pages } from "./pages";
import { system } from "./system";

/** Every router, in mounting order. Areas add theirs here. */
export const routers: Hono<AppEnv>[] = [system, authPages, admin, pages];
