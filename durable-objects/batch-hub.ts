import { DurableObject } from "cloudflare:workers";
import { TOPICS, type Topic } from "./topics";

/**
 * The batch hub owns the change clock of every area. A stamp is the area's new last-updated
 * time: never earlier than the previous one, even if the wall clock steps back.
 */
export class BatchHub extends DurableObject<Env> {
  private clocks = new Map<Topic, number>();
  private loaded: Promise<void>;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.loaded = ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<number>(TOPICS.map((t) => `clock:${t}`));
      for (const topic of TOPICS) {
        const value = stored.get(`clock:${topic}`);
        if (typeof value === "number") this.clocks.set(topic, value);
      }
    });
  }

  /** Moves the clock of `topic` forward and returns the new time in milliseconds. */
  async stamp(topic: Topic, atMs = Date.now()): Promise<number> {
    await this.loaded;
    const previous = this.clocks.get(topic) ?? 0;
    const next = Math.max(atMs, previous + 1);
    this.clocks.set(topic, next);
    await this.ctx.storage.put(`clock:${topic}`, next);
    this.afterStamp(topic, next);
    return next;
  }

  /** Current clock per topic in milliseconds; 0 when the area never changed. */
  async read(topics: readonly Topic[] = TOPICS): Promise<Record<string, number>> {
    await this.loaded;
    const out: Record<string, number> = {};
    for (const topic of topics) out[topic] = this.clocks.get(topic) ?? 0;
    return out;
  }

  /** Hook for the live-dashboard fan-out. */
  protected afterStamp(_topic: Topic, _timestampMs: number): void {}
}
