/// <reference types="vite/client" />
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { jobs } from "../../cron/index";
import { batches, centrifugeRecommendations, jobRuns } from "../../src/db/schema";
import worker from "../../src/index";
import wranglerToml from "../../wrangler.toml?raw";
import { db } from "../helpers/http";

/** The `crons = [...]` array of wrangler.toml's [triggers]. */
function wranglerCrons(toml: string): string[] {
  const match = /^\s*crons\s*=\s*(\[[^\]]*\])/m.exec(toml);
  if (!match?.[1]) throw new Error("wrangler.toml has no crons");
  return JSON.parse(match[1]) as string[];
}

describe("cron/index.ts", () => {
  it("maps exactly the crons of wrangler.toml", () => {
    expect(Object.keys(jobs).sort()).toEqual(wranglerCrons(wranglerToml).sort());
  });

  it("runs the learning pass every 5 minutes", () => {
    expect(jobs["*/5 * * * *"]?.name).toBe("learning-pass");
  });
});

describe("scheduled() for */5 * * * *", () => {
  it("runs the learning pass through the Worker and records the run", async () => {
    for (const id of ["c1", "c2", "c3"]) {
      await db()
        .insert(batches)
        .values({
          id,
          strain: "Cron Kush",
          input_grams: 1000,
          target_grams_each: 0.5,
          stage: 3,
          centrifuge_rpm: 2200,
          centrifuge_time_seconds: 15,
          running_yield_0_5: 95,
          production_end_time: `2026-01-0${id.slice(1)}T10:00:00Z`,
        });
    }
    const scheduledTime = Date.parse("2026-03-01T12:05:00Z");
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *", scheduledTime }), env, ctx);
    await waitOnExecutionContext(ctx);

    const runs = await db().select().from(jobRuns).where(eq(jobRuns.job, "learning-pass"));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: "success", rows_processed: 3, started_at: "2026-03-01T12:05:00.000Z" });
    expect(runs[0]?.finished_at).not.toBeNull();
    const recs = await db().select().from(centrifugeRecommendations).where(eq(centrifugeRecommendations.strain, "Cron Kush"));
    expect(recs).toMatchObject([
      { size: "0_5", grind_size: "", rpm: 2200, time_seconds: 15, sample_size: 3, updated_at: "2026-03-01T12:05:00.000Z" },
    ]);
  });
});
