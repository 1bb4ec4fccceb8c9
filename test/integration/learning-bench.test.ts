import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { centrifugeOutcomes, centrifugeRecommendations } from "../../src/db/schema";
import { learningPass } from "../../src/jobs/learning-pass";
import { db } from "../helpers/http";

/**
 * Timing of the learning pass over 10,000 outcomes (target: under 2 s of wall time locally, well inside the cron's 5-minute cadence):
 * 3,334 finished batches of 200 strains with all three sizes checked. Prints the figures.
 */
const BATCHES = 3334;
const ROWS_PER_INSERT = 7;

async function seed() {
  const statements: D1PreparedStatement[] = [];
  const columns = `id, strain, input_grams, target_grams_each, stage, grind_size, centrifuge_rpm, centrifuge_time_seconds,
    centrifuge_cycles, centrifuge_fill_gauge_cycle1, running_yield_0_5, running_yield_0_7, running_yield_1_0, production_end_time`;
  for (let i = 0; i < BATCHES; i += ROWS_PER_INSERT) {
    const values: (string | number)[] = [];
    for (let j = i; j < Math.min(BATCHES, i + ROWS_PER_INSERT); j++) {
      const day = String(1 + (j % 28)).padStart(2, "0");
      const hour = String(j % 24).padStart(2, "0");
      values.push(`bench-${j}`, `Strain ${j % 200}`, 1000, 0.5, 3, ["fine", "medium", "coarse"][j % 3] ?? "fine", 1800 + (j % 15) * 50);
      values.push(10 + (j % 10), 2, 1 + (j % 12), 90 + (j % 10), 91 + (j % 9), 92 + (j % 8), `2026-01-${day}T${hour}:00:00Z`);
    }
    const row = `(${Array(14).fill("?").join(", ")})`;
    const rows = Array(values.length / 14)
      .fill(row)
      .join(", ");
    statements.push(env.DB.prepare(`INSERT INTO batches (${columns}) VALUES ${rows}`).bind(...values));
  }
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
}

const count = async (table: typeof centrifugeOutcomes | typeof centrifugeRecommendations) =>
  (await db().get<{ n: number }>(sql`SELECT count(*) AS n FROM ${table}`))?.n;

describe("learning pass over 10,000 outcomes", () => {
  it("finishes in under 2 s and a second run does nothing", async () => {
    await seed();
    let start = performance.now();
    const first = await learningPass.run(env, new Date("2026-03-01T12:00:00Z"));
    const firstMs = performance.now() - start;
    start = performance.now();
    const second = await learningPass.run(env, new Date("2026-03-01T12:05:00Z"));
    const secondMs = performance.now() - start;
    console.log(
      `learning pass: first run ${first.rowsProcessed} outcomes in ${firstMs.toFixed(0)} ms; second run ${second.rowsProcessed} in ${secondMs.toFixed(0)} ms`,
    );
    expect(first.rowsProcessed).toBe(10_002);
    expect(await count(centrifugeOutcomes)).toBe(10_002);
    expect(await count(centrifugeRecommendations)).toBe(200 * 3 * 4);
    expect(second.rowsProcessed).toBe(0);
    expect(firstMs).toBeLessThan(2000);
  });
});
