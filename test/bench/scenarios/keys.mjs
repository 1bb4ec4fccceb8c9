// Issue 18's bound: an authorised keyed read with a scoped key (abilities checked) against the same
// read with the original single key, in the same run, at every concurrency. Both go through the
// same route (GET /api/batches/last-updated: key check + clock, nothing else), so the difference
// is the scoped key's lookup and its ability check. Target: within 5 % (ratio ≥ 0.95).
import { randomBytes, randomUUID } from "node:crypto";
import { maskKey, sha256Hex } from "../../../scripts/lib/local.mjs";
import { headerLua, measureInterleaved } from "../interleaved.mjs";

export async function run({ db, base, apiKey }) {
  const scopedKey = `prk_${randomBytes(24).toString("base64url")}`;
  await db
    .prepare(
      "INSERT INTO scoped_api_keys (id, name, key_hash, masked, abilities, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, 'bench')",
    )
    .bind(
      randomUUID(),
      `bench reader ${Date.now()}`,
      sha256Hex(scopedKey),
      maskKey(scopedKey),
      JSON.stringify(["read"]),
      new Date().toISOString(),
    )
    .run();
  const path = "/api/batches/last-updated";
  const check = await fetch(`${base}${path}`, { headers: { "X-API-Key": scopedKey } });
  if (check.status !== 200) throw new Error(`the scoped key was refused (${check.status}): ${await check.text()}`);
  const hello = { url: `${base}/__floor/hello`, lua: "" };
  const originalKey = { url: `${base}${path}`, lua: headerLua({ "X-API-Key": apiKey }) };
  return measureInterleaved(
    [
      {
        name: `GET ${path}, scoped key with abilities vs the original key`,
        url: `${base}${path}`,
        lua: headerLua({ "X-API-Key": scopedKey }),
        floor: originalKey,
        floorName: "original key",
        target: 0.95,
      },
    ],
    hello,
  );
}
