/** What a route does once its change is committed: move the area clocks, without ever failing the answer. */
import type { Context } from "hono";
import { type Background, stampAreas } from "../../durable-objects/hub-client";
import type { Topic } from "../../durable-objects/topics";
import type { AppEnv } from "../env";

/** The request's waitUntil, or undefined when the runtime gave none (Hono's getter throws then). */
function backgroundOf(c: Context): Background | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/**
 * Stamps the clocks of the areas a committed write changed. Awaited, so the writer reads its own
 * write; a hub that cannot answer is retried after the response and never turns the write into an error.
 */
export async function stampAfterWrite(c: Context<AppEnv>, ...topics: Topic[]): Promise<void> {
  await stampAreas(c.env, topics, backgroundOf(c));
}

/** Runs `work` after the response where the runtime allows it; otherwise it is awaited. */
export function inBackground(c: Context, work: Promise<void>): Promise<void> {
  const background = backgroundOf(c);
  if (!background) return work;
  background.waitUntil(work);
  return Promise.resolve();
}
