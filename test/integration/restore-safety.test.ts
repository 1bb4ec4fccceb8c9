import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { RESTORE_CHECK_INTERVAL_MS } from "../../durable-objects/batch-hub";
import { readAreaClock } from "../../durable-objects/hub-client";
import { TOPICS } from "../../durable-objects/topics";
import { insertResetToken } from "../../src/data/auth";
import { backupObjectKey, backupTag } from "../../src/domain/backup-naming";
import { writeBackupObject } from "../../src/storage/backup-create";
import { readEncryptionKey } from "../../src/storage/backup-crypto";
import { restoreBackup } from "../../src/storage/backup-restore";
import { call, createApiKey, db, json, login, setPassword } from "../helpers/http";

const master = () => readEncryptionKey(env.BACKUP_ENCRYPTION_KEY);

async function count(table: string, where = "1 = 1"): Promise<number> {
  return (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).first<{ n: number }>())?.n ?? 0;
}

describe("restoring a backup", () => {
  let key: string;
  let cookie: string;
  let dataEtag: string;
  let goodsEtag: string;
  let report: Awaited<ReturnType<typeof restoreBackup>>;
  const clocksBefore: Record<string, number> = {};

  beforeAll(async () => {
    key = await createApiKey();
    await setPassword();
    cookie = await login();
    await insertResetToken(db(), "reset-token-hash-from-backup-day", new Date(Date.now() + 3600_000));
    expect((await call("POST", "/api/batch", { strain: "Restore Kush", input_grams: 100, target_grams_each: 0.5 }, { key })).status).toBe(
      201,
    );
    const finished = await call(
      "POST",
      "/api/finished-goods/",
      { metrc_number: "1A4060300000REST00000001", strain: "Restore Kush", grams: 50 },
      { key },
    );
    expect(finished.status).toBe(201);
    dataEtag = (await call("GET", "/api/data", undefined, { key })).headers.get("ETag") ?? "";
    goodsEtag = (await call("GET", "/api/finished-goods/", undefined, { key })).headers.get("ETag") ?? "";
    expect(dataEtag).not.toBe("");
    expect(goodsEtag).not.toBe("");

    const now = new Date();
    const id = crypto.randomUUID();
    const objectKey = backupObjectKey(now, id);
    await writeBackupObject(env.DB, env.BACKUPS, { backupId: id, createdAt: now, key: objectKey, tag: backupTag(now) }, master());
    // After the backup the session is signed out (say, a lost tablet): the restore must not bring it back.
    expect((await call("GET", "/logout", undefined, { cookie })).status).toBeLessThan(400);
    for (const topic of TOPICS) clocksBefore[topic] = await readAreaClock(env, topic);
    const object = await env.BACKUPS.get(objectKey);
    if (!object) throw new Error("backup object missing");
    report = await restoreBackup(env.DB, object.body, master(), { force: true });
  });

  it("signs every session out, the one signed out after the backup included, and deletes every reset token", async () => {
    expect(report.secured).toMatchObject({ sessions_signed_out: 1, reset_tokens_deleted: 1 });
    expect(await count("sessions", "revoked_at IS NULL")).toBe(0);
    expect(await count("password_reset_tokens")).toBe(0);
    const res = await call("GET", "/api/data", undefined, { cookie });
    expect(res.status).toBe(401);
  });

  it("moves every hub clock, so no list copy or ETag from before the restore is served", async () => {
    // The hub looks for a restore at most this often; a script against D1 cannot reach it sooner.
    await new Promise((resolve) => setTimeout(resolve, RESTORE_CHECK_INTERVAL_MS + 50));
    const data = await call("GET", "/api/data", undefined, { key, headers: { "If-None-Match": dataEtag } });
    expect(data.status).toBe(200);
    expect(data.headers.get("ETag")).not.toBe(dataEtag);
    expect(JSON.stringify(await json(data))).toContain("Restore Kush");
    const goods = await call("GET", "/api/finished-goods/", undefined, { key, headers: { "If-None-Match": goodsEtag } });
    expect(goods.status).toBe(200);
    expect(goods.headers.get("ETag")).not.toBe(goodsEtag);
    for (const topic of TOPICS) expect(await readAreaClock(env, topic)).toBeGreaterThan(clocksBefore[topic] ?? 0);
  });
});
