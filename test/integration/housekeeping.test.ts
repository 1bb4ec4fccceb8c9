import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { jobs } from "../../cron/index";
import { HOUSEKEEPING_JOB, housekeepingJob } from "../../src/jobs/housekeeping";
import { runJob } from "../../src/jobs/run-job";

const NOW = new Date("2026-05-10T10:30:00.000Z");
const ago = (hours: number) => new Date(NOW.getTime() - hours * 3600_000).toISOString();
const ahead = (hours: number) => new Date(NOW.getTime() + hours * 3600_000).toISOString();

async function ids(query: string): Promise<string[]> {
  const { results } = await env.DB.prepare(query).all<{ id: string | number }>();
  return results.map((r) => String(r.id)).sort();
}

async function seed() {
  const run = (query: string, ...binds: unknown[]) => env.DB.prepare(query).bind(...binds);
  await env.DB.batch([
    run("INSERT INTO sessions (id, created_at, expires_at, remember) VALUES ('live', ?, ?, 1)", ago(1), ahead(24)),
    run("INSERT INTO sessions (id, created_at, expires_at, remember) VALUES ('expired', ?, ?, 0)", ago(50), ago(2)),
    run(
      "INSERT INTO sessions (id, created_at, expires_at, remember, revoked_at) VALUES ('revoked', ?, ?, 1, ?)",
      ago(5),
      ahead(500),
      ago(1),
    ),
    run("INSERT INTO password_reset_tokens (token_hash, expires_at) VALUES ('usable', ?)", ahead(1)),
    run("INSERT INTO password_reset_tokens (token_hash, expires_at, used_at) VALUES ('used', ?, ?)", ahead(1), ago(0.1)),
    run("INSERT INTO password_reset_tokens (token_hash, expires_at) VALUES ('stale', ?)", ago(1)),
    run("INSERT INTO rate_limit_hits (bucket, window_start, count) VALUES ('login:recent', ?, 3)", NOW.getTime() - 3600_000),
    run("INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at) VALUES ('six-days', 'f', 200, '{}', ?)", ago(6 * 24)),
    run("INSERT INTO idempotency_keys (key, fingerprint, status, body, created_at) VALUES ('eight-days', 'f', 200, '{}', ?)", ago(8 * 24)),
    run("INSERT INTO job_runs (id, job, started_at, outcome) VALUES (1, 'learning-pass', ?, 'success')", ago(31 * 24)),
    run("INSERT INTO job_runs (id, job, started_at, outcome) VALUES (2, 'learning-pass', ?, 'success')", ago(29 * 24)),
    run("INSERT INTO job_runs (id, job, started_at, outcome) VALUES (3, 'rare-job', ?, 'failed')", ago(90 * 24)),
    // Enough old windows to need several slices.
    run(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
       INSERT INTO rate_limit_hits (bucket, window_start, count) SELECT 'login:' || i, ?, 1 FROM n`,
      NOW.getTime() - 25 * 3600_000,
    ),
  ]);
}

describe("housekeeping job", () => {
  it("is the daily cron job", () => {
    expect(jobs["30 10 * * *"]?.name).toBe(HOUSEKEEPING_JOB);
  });

  it("deletes expired sessions and tokens, day-old rate-limit windows, week-old idempotency keys and month-old job runs, and nothing else", async () => {
    await seed();
    const outcome = await runJob(env, housekeepingJob, NOW);
    expect(outcome.outcome, outcome.error).toBe("success");
    expect(JSON.parse(outcome.summary?.detail ?? "{}")).toEqual({
      deleted: { sessions: 2, password_reset_tokens: 2, rate_limit_hits: 2500, idempotency_keys: 1, job_runs: 1 },
    });
    expect(outcome.summary?.rowsProcessed).toBe(2506);
    expect(await ids("SELECT id FROM sessions")).toEqual(["live"]);
    expect(await ids("SELECT token_hash AS id FROM password_reset_tokens")).toEqual(["usable"]);
    expect(await ids("SELECT bucket AS id FROM rate_limit_hits")).toEqual(["login:recent"]);
    expect(await ids("SELECT key AS id FROM idempotency_keys")).toEqual(["six-days"]);
    // The month-old learning pass goes; the only run of a rare job stays, however old; this run is recorded.
    expect(await ids("SELECT id FROM job_runs WHERE job <> 'housekeeping'")).toEqual(["2", "3"]);
    expect(await ids("SELECT id FROM job_runs WHERE job = 'housekeeping' AND outcome = 'success'")).toHaveLength(1);

    const again = await runJob(env, housekeepingJob, NOW);
    expect(again.summary?.rowsProcessed).toBe(0);
  });
});
