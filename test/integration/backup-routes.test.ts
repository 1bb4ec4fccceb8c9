import { env } from "cloudflare:test";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { acquireJobLease } from "../../src/data/jobs";
import { backups, eventLog } from "../../src/db/schema";
import { BACKUP_JOB_NAME } from "../../src/jobs/backup";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";

type BackupBody = Record<string, unknown> & { id: string; status: string; r2_key: string; tag: string };

let key = "";
let cookie = "";

beforeAll(async () => {
  await setPassword();
  key = await createApiKey();
  cookie = await login();
});

/** Waits for the background run a 202 started (polling the documented endpoint). */
async function finished(id: string): Promise<BackupBody> {
  for (let i = 0; i < 200; i++) {
    const body = await json<BackupBody>(await call("GET", `/api/backups/${id}`, undefined, { key }));
    if (body.status !== "running") return body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("backup did not finish");
}

async function startBackup(): Promise<BackupBody> {
  const res = await call("POST", "/api/backups", undefined, { cookie });
  expect(res.status).toBe(202);
  return finished((await json<BackupBody>(res)).id);
}

describe("POST /api/backups", () => {
  it("answers 202 with the run's id, and the run finishes in the background", async () => {
    const res = await call("POST", "/api/backups", undefined, { cookie });
    expect(res.status).toBe(202);
    const body = await json<BackupBody>(res);
    expect(body).toEqual({
      id: expect.any(String),
      tag: expect.stringMatching(/^backup\/\d{8}_\d{6}$/),
      r2_key: expect.stringMatching(/^backups\/.+\.bak\.enc$/),
      status: "running",
    });
    const done = await finished(body.id);
    expect(done).toMatchObject({ id: body.id, status: "success", triggered_by: "manual", error: null, format_version: 1 });
    expect(done.size_bytes).toBeGreaterThan(0);
    expect(await env.BACKUPS.head(body.r2_key)).not.toBeNull();
    const events = await db().select().from(eventLog).where(eq(eventLog.action, "backup_started"));
    expect(events.map((e) => [e.actor, e.target])).toContainEqual(["session", body.id]);
  });

  it("answers 409 while a backup holds the lease, and starts nothing", async () => {
    const count = (await db().select().from(backups)).length;
    expect(await acquireJobLease(db(), BACKUP_JOB_NAME, "cron-run", Date.now(), 60_000)).toBe(true);
    try {
      const res = await call("POST", "/api/backups", undefined, { cookie });
      expect([res.status, await res.json()]).toEqual([409, { error: "A backup is already running" }]);
      expect(await db().select().from(backups)).toHaveLength(count);
    } finally {
      await env.DB.prepare("DELETE FROM job_leases WHERE job = ?1").bind(BACKUP_JOB_NAME).run();
    }
  });

  it("simultaneous requests never run two backups at once: each answers 202 or 409, and the runs never overlap", async () => {
    const responses = await Promise.all([1, 2, 3, 4].map(() => call("POST", "/api/backups", undefined, { cookie })));
    expect(responses.every((r) => r.status === 202 || r.status === 409)).toBe(true);
    for (const res of responses) if (res.status === 202) await finished((await json<BackupBody>(res)).id);
    const runs = (await db().select().from(backups)).sort((a, b) => a.started_at.localeCompare(b.started_at));
    runs.slice(1).forEach((run, i) => {
      expect(run.started_at >= String(runs[i]?.finished_at)).toBe(true);
    });
  });

  it("is for the signed-in admin only: an API key is not enough, and a cookie needs this site's Origin", async () => {
    expect([(await call("POST", "/api/backups")).status]).toEqual([401]);
    const withKey = await call("POST", "/api/backups", undefined, { key });
    expect([withKey.status, await withKey.json()]).toEqual([401, { error: "Authentication required" }]);
    expect((await call("POST", "/api/backups", undefined, { cookie, origin: "https://evil.example" })).status).toBe(403);
  });
});

describe("GET /api/backups", () => {
  it("lists runs newest first with what storage holds, page by page", async () => {
    await startBackup();
    await startBackup();
    const res = await call("GET", "/api/backups?limit=2", undefined, { key });
    expect(res.status).toBe(200);
    const body = await json<{ backups: BackupBody[]; retention: unknown; stored_count: number; next_before: string | null }>(res);
    expect(body.retention).toEqual({ keep_all_hours: 48, daily_days: 30, weekly_days: 182, manual_max: 10 });
    expect(body.backups).toHaveLength(2);
    expect(body.backups[0]).toMatchObject({ status: "success", stored: true, table_counts: expect.any(Object) });
    expect(body.backups.map((b) => b.started_at)).toEqual([...body.backups.map((b) => b.started_at)].sort().reverse());
    expect(body.stored_count).toBeGreaterThanOrEqual(3);
    expect(body.next_before).toBe(body.backups[1]?.started_at);
    const next = await json<{ backups: BackupBody[] }>(
      await call("GET", `/api/backups?limit=2&before=${body.next_before}`, undefined, { key }),
    );
    expect(next.backups.every((b) => String(b.started_at) < String(body.next_before))).toBe(true);
  });

  it("needs a key or a session", async () => {
    expect([(await call("GET", "/api/backups")).status]).toEqual([401]);
    const wrong = await call("GET", "/api/backups", undefined, { key: "nope" });
    expect([wrong.status, await wrong.json()]).toEqual([401, { error: "Invalid API key" }]);
    expect((await call("GET", "/api/backups", undefined, { cookie })).status).toBe(200);
  });

  it.each([
    ["limit=abc", "Invalid value for limit"],
    ["limit=0", "Invalid value for limit"],
    ["limit=1e308", "Invalid value for limit"],
    ["limit=-5", "Invalid value for limit"],
    ["limit=2.5", "Invalid value for limit"],
    ["before=yesterday", "Invalid value for before"],
    [`before=${"9".repeat(2000)}`, "Invalid value for before"],
    ["before=2026-01-01T00:00:00Z';DROP TABLE backups;--", "Invalid value for before"],
  ])("refuses %s with 400", async (query, message) => {
    const res = await call("GET", `/api/backups?${query}`, undefined, { key });
    expect([res.status, await res.json()]).toEqual([400, { error: message }]);
  });
});

describe("GET /api/backups/{id}", () => {
  it("answers 404 for an unknown id, including hostile ones", async () => {
    for (const id of ["no-such-id", "' OR 1=1 --", "%F0%9F%8C%BF", "x".repeat(100)]) {
      const res = await call("GET", `/api/backups/${id}`, undefined, { key });
      expect([res.status, await res.json()]).toEqual([404, { error: "Backup not found" }]);
    }
    const long = await call("GET", `/api/backups/${"x".repeat(101)}`, undefined, { key });
    expect(long.status).toBe(400);
  });
});

describe("POST /api/backups/{id}/verify (restore drill)", () => {
  it("decrypts and checks the whole backup without writing, and records the drill", async () => {
    const done = await startBackup();
    const before = await env.DB.prepare("SELECT count(*) AS n FROM event_log").first<{ n: number }>();
    const res = await call("POST", `/api/backups/${done.id}/verify`, undefined, { cookie });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      id: done.id,
      ok: true,
      backup_id: done.id,
      row_count: done.row_count,
      sha256: done.sha256,
      size_bytes: done.size_bytes,
    });
    expect(body.schema_matches_database).toBe(true);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM event_log").first<{ n: number }>()).toEqual(before);
    const [row] = await db().select().from(backups).where(eq(backups.id, done.id));
    expect(row?.verified_at).toBeTruthy();
    expect(row?.verify_error).toBeNull();
  });

  it("answers 422 for a damaged file and records why", async () => {
    const done = await startBackup();
    const object = await env.BACKUPS.get(done.r2_key);
    const bytes = new Uint8Array((await object?.arrayBuffer()) ?? new ArrayBuffer(0));
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff;
    await env.BACKUPS.put(done.r2_key, bytes);
    const res = await call("POST", `/api/backups/${done.id}/verify`, undefined, { cookie });
    expect(res.status).toBe(422);
    expect(await json(res)).toEqual({
      error: expect.stringMatching(
        /^Backup failed verification: Backup is corrupted or has been tampered with: chunk \d+ failed authentication$/,
      ),
    });
    const [row] = await db().select().from(backups).where(eq(backups.id, done.id));
    expect(row?.verify_error).toMatch(/failed authentication/);
  });

  it("answers 422 when storage holds another (valid) backup under this run's key", async () => {
    const first = await startBackup();
    const second = await startBackup();
    const other = await env.BACKUPS.get(second.r2_key);
    await env.BACKUPS.put(first.r2_key, (await other?.arrayBuffer()) ?? new ArrayBuffer(0));
    const res = await call("POST", `/api/backups/${first.id}/verify`, undefined, { cookie });
    expect([res.status, await res.json()]).toEqual([
      422,
      { error: "Backup failed verification: the file in storage is not the backup this run recorded" },
    ]);
  });

  it("answers 404 when the run is unknown or its file is gone, 409 when it did not succeed", async () => {
    const unknown = await call("POST", "/api/backups/no-such-id/verify", undefined, { cookie });
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: "Backup not found" }]);
    const done = await startBackup();
    await env.BACKUPS.delete(done.r2_key);
    const gone = await call("POST", `/api/backups/${done.id}/verify`, undefined, { cookie });
    expect([gone.status, await gone.json()]).toEqual([404, { error: "Backup file is no longer in storage" }]);
    await db().insert(backups).values({ id: "failed-run", started_at: "2026-01-01T00:00:00.000Z", status: "failed", error: "boom" });
    const failed = await call("POST", "/api/backups/failed-run/verify", undefined, { cookie });
    expect([failed.status, await failed.json()]).toEqual([409, { error: "Only a finished, successful backup can be verified" }]);
  });

  it("is for the signed-in admin only", async () => {
    const withKey = await call("POST", "/api/backups/no-such-id/verify", undefined, { key });
    expect([withKey.status, await withKey.json()]).toEqual([401, { error: "Authentication required" }]);
  });
});
