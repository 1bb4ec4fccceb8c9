import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createApiKey, json, login, setPassword } from "../helpers/http";
import { approveDevice, createKey, createUser, passwordSignIn, pinSession, signedInAs } from "./people-helpers";

/** Issue 18: packer initials come from the signed-in person, and a manual backup records who started it. */
let admin = "";
let originalKey = "";

beforeAll(async () => {
  await setPassword();
  admin = await login();
  originalKey = await createApiKey();
});

async function packingLine(orderId: number): Promise<number> {
  const row = await env.DB.prepare(
    `INSERT INTO packing_items (order_id, product_name, store_name, ordered, order_date)
     VALUES (?, 'MoM - Blue Dream 0.5g Pre-Roll', 'Green Shop', 10, '2026-12-01') RETURNING id`,
  )
    .bind(orderId)
    .first<{ id: number }>();
  if (!row) throw new Error("no packing line");
  return row.id;
}

async function initialsOf(id: number): Promise<string> {
  return (await env.DB.prepare("SELECT initials FROM packing_items WHERE id = ?").bind(id).first<{ initials: string }>())?.initials ?? "";
}

const patch = (id: number, body: unknown, credentials: { cookie?: string; key?: string }) =>
  call("PATCH", `/api/packing/items/${id}`, body, credentials);

describe("packer initials", () => {
  it("are the signed-in operator's, whatever the client typed, when they pack or set initials", async () => {
    const device = await approveDevice(admin, "Packing tablet");
    const packer = await createUser(admin, { role: "floor", pin: "8642", initials: "mo" });
    const cookie = await pinSession(device.cookie, packer.id, "8642");
    const line = await packingLine(9101);
    expect((await patch(line, { packed: 2, initials: "ZZ" }, { cookie })).status).toBe(200);
    expect(await initialsOf(line)).toBe("MO");
    expect((await patch(line, { initials: "XX" }, { cookie })).status).toBe(200);
    expect(await initialsOf(line)).toBe("MO");
    expect((await patch(line, { packed: 3 }, { cookie })).status).toBe(200);
    expect(await initialsOf(line)).toBe("MO");
  });

  it("stay as typed for the shared original password, a key, and edits that record no packing", async () => {
    const line = await packingLine(9102);
    expect((await patch(line, { packed: 1, initials: "qq" }, { cookie: admin })).status).toBe(200);
    expect(await initialsOf(line)).toBe("qq");
    const key = await createKey(admin, "Packing bridge", ["read", "write:packing"]);
    expect((await patch(line, { initials: "KB" }, { key: key.api_key })).status).toBe(200);
    expect(await initialsOf(line)).toBe("KB");
    expect((await patch(line, { initials: "OK" }, { key: originalKey })).status).toBe(200);
    expect(await initialsOf(line)).toBe("OK");
    const floor = await signedInAs(admin, "floor", "1470");
    expect((await patch(line, { notes: "top shelf" }, { cookie: floor.cookie })).status).toBe(200);
    expect(await initialsOf(line)).toBe("OK");
  });
});

describe("backup runs", () => {
  it("record who started a manual backup", async () => {
    await createUser(admin, { role: "admin", name: "Backup Admin", password: "backup-admin-pw" });
    const cookie = await passwordSignIn("Backup Admin", "backup-admin-pw");
    const res = await call("POST", "/api/backups", undefined, { cookie });
    expect(res.status).toBe(202);
    const { id } = await json<{ id: string }>(res);
    let run = { status: "running", started_by: null as string | null, triggered_by: "" };
    for (let i = 0; i < 200 && run.status === "running"; i++) {
      run = await json(await call("GET", `/api/backups/${id}`, undefined, { cookie: admin }));
      if (run.status === "running") await new Promise((r) => setTimeout(r, 25));
    }
    expect(run).toMatchObject({ status: "success", triggered_by: "manual", started_by: "user:Backup Admin" });
    const list = await json<{ backups: { id: string; started_by: string | null }[] }>(
      await call("GET", "/api/backups", undefined, { cookie: admin }),
    );
    expect(list.backups.find((b) => b.id === id)?.started_by).toBe("user:Backup Admin");
  });
});
