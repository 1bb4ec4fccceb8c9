import type { Topic } from "./topics";

/** One hub for the whole deployment: the clock must be a single sequence. */
export function hubStub(env: Env) {
  return env.BATCH_HUB.get(env.BATCH_HUB.idFromName("global"));
}

/** Stamps an area's clock after its data is committed; awaited so the writer reads its own write. */
export async function stampArea(env: Env, topic: Topic): Promise<number> {
  return hubStub(env).stamp(topic);
}

export async function readAreaClock(env: Env, topic: Topic): Promise<number> {
  const clocks = await hubStub(env).read([topic]);
  return clocks[topic] ?? 0;
}

/** Last-updated as the polling endpoints print it: ISO with milliseconds, or null when never. */
export function clockToIso(ms: number): string | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}
