import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createApiKey, db, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";

/**
 * Hostile input on every batch write: strings for numbers, negative, NaN, 1e308, unknown ids,
 * unicode, SQL-looking strings, 2 MB strings. Each must answer 4xx JSON, never 500, and change nothing.
 */
let key: string;
let cookie: string;
let id: string;
let doneId: string;

const TWO_MB = "x".repeat(2 * 1024 * 1024);
const SQLISH = "1'); DROP TABLE batches; --";

const NUMBER_ATTACKS: unknown[] = ["12", -1, 1e308, -1e308, "NaN", 1.5, {}, [], true, SQLISH, "😀", TWO_MB];
const RAW_ATTACKS = ["{not json", '{"counts_0_5": NaN}', "[]", '"text"', "null", "12", `{"x": "${TWO_MB}"`];

async function snapshot() {
  return db().all(sql`SELECT
    (SELECT json_group_array(json_object('id', id, 'v', version, 'c5', counts_0_5, 'c7', counts_0_7, 'c10', counts_1_0, 'p5', planned_0_5,
       'rpm', centrifuge_rpm, 'a', archived, 'o', display_order, 's', strain, 'st', stage)) FROM batches) AS batches,
    (SELECT count(*) FROM audit_log) AS audit,
    (SELECT count(*) FROM inventory_usage) AS usage,
    (SELECT json_group_array(boxes || '/' || individual_papers) FROM inventory) AS stock`);
}

/** `valid`: values of the attack list that are legitimate for that field (checked elsewhere). */
type Endpoint = {
  name: string;
  method: string;
  path: () => string;
  session?: boolean;
  field?: string;
  base?: Record<string, unknown>;
  valid?: unknown[];
};

const endpoints: Endpoint[] = [
  { name: "counts", method: "POST", path: () => `/api/batch/${id}/counts`, field: "counts_0_5" },
  {
    name: "update-progress",
    method: "POST",
    path: () => `/api/update-progress/${id}`,
    field: "counts_0_7",
    base: { counts_0_5: 1, counts_0_7: 1, counts_1_0: 1 },
  },
  { name: "plan", method: "POST", path: () => `/api/batch/${id}/plan`, field: "planned_0_5" },
  { name: "plan grams", method: "POST", path: () => `/api/batch/${id}/plan`, field: "plan_use_grams", valid: [1.5] },
  { name: "centrifuge", method: "POST", path: () => `/api/batch/${id}/centrifuge`, session: true, field: "centrifuge_rpm" },
  { name: "archive", method: "POST", path: () => `/api/archive/${id}`, field: "archive", valid: [true] },
  { name: "reorder", method: "POST", path: () => "/api/reorder", field: "batch_ids" },
  {
    name: "create",
    method: "POST",
    path: () => "/api/batch",
    field: "input_grams",
    base: { strain: "Hostile", input_grams: 1, target_grams_each: 1 },
    valid: [1.5],
  },
  {
    name: "create strain",
    method: "POST",
    path: () => "/api/batch",
    field: "strain",
    base: { strain: "Hostile", input_grams: 1, target_grams_each: 1 },
  },
  { name: "edit", method: "PUT", path: () => `/api/batch/${id}`, field: "thc_percent", valid: [1.5] },
  { name: "edit stage", method: "PUT", path: () => `/api/batch/${id}`, field: "stage" },
];

beforeAll(async () => {
  key = await createApiKey();
  await setPassword();
  cookie = await login();
  id = await seedBatch({ counts_0_5: 5, planned_0_5: 10, centrifuge_rpm: 1500, stage: 2 });
  doneId = await seedBatch({ stage: 7 });
});

async function expectRefused(res: Response) {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get("Content-Type")).toContain("application/json");
  const body = (await res.json()) as { error?: unknown };
  expect(typeof body.error).toBe("string");
}

describe.each(endpoints)("$method $name", (endpoint) => {
  const auth = () => (endpoint.session ? { cookie } : { key });

  const attacks = NUMBER_ATTACKS.filter((v) => !endpoint.valid?.includes(v)).filter(
    // Any short text is a valid strain name; only the 2 MB one must be refused.
    (v) => endpoint.field !== "strain" || typeof v !== "string" || v.length > 100,
  );
  it.each(attacks.map((v) => [typeof v === "string" && v.length > 100 ? "2 MB string" : JSON.stringify(v), v]))(
    "refuses %s and changes nothing",
    async (_label, value) => {
      const before = await snapshot();
      await expectRefused(await call(endpoint.method, endpoint.path(), { ...endpoint.base, [endpoint.field ?? "x"]: value }, auth()));
      expect(await snapshot()).toEqual(before);
    },
  );

  it.each(RAW_ATTACKS.map((raw) => [raw.length > 100 ? "2 MB unterminated JSON" : raw, raw]))(
    "refuses the raw body %s",
    async (_label, raw) => {
      const before = await snapshot();
      await expectRefused(await call(endpoint.method, endpoint.path(), raw, auth()));
      expect(await snapshot()).toEqual(before);
    },
  );
});

describe("unknown, SQL-looking and oversized batch ids", () => {
  const ids = ["missing", SQLISH, "%27%20OR%20%271%27%3D%271", "😀", "x".repeat(5000)];
  it.each(ids.map((i) => [i.length > 100 ? "5000-char id" : i, i]))("answers 4xx JSON for id %s on every write", async (_label, badId) => {
    const before = await snapshot();
    const path = encodeURIComponent(badId).replace(/%25/g, "%");
    for (const [method, url, body, session] of [
      ["POST", `/api/batch/${path}/counts`, { counts_0_5: 1 }, false],
      ["POST", `/api/update-progress/${path}`, { counts_0_5: 1, counts_0_7: 1, counts_1_0: 1 }, false],
      ["POST", `/api/batch/${path}/plan`, { planned_0_5: 1 }, false],
      ["POST", `/api/batch/${path}/centrifuge`, { centrifuge_rpm: 1000 }, true],
      ["POST", `/api/archive/${path}`, {}, false],
      ["POST", `/api/public/archive/${path}`, undefined, false],
      ["PUT", `/api/batch/${path}`, { thc_percent: 1 }, false],
      ["DELETE", `/api/batch/${path}`, undefined, false],
      ["POST", "/api/reorder", { batch_ids: [badId] }, false],
    ] as const) {
      await expectRefused(await call(method, url, body, session ? { cookie } : { key }));
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("text that looks dangerous is stored as plain text", () => {
  it("keeps unicode and SQL-looking strings verbatim and the tables intact", async () => {
    const strain = `Blüe Dréam 🌿 ${SQLISH}`;
    const res = await call(
      "POST",
      "/api/batch",
      { strain, input_grams: 1, target_grams_each: 1, testing_notes: "'; DELETE FROM audit_log; --" },
      { key },
    );
    expect(res.status).toBe(201);
    const { id: created } = (await res.json()) as { id: string };
    const row = await db().get<{ strain: string; testing_notes: string }>(
      sql`SELECT strain, testing_notes FROM batches WHERE id = ${created}`,
    );
    expect(row).toEqual({ strain, testing_notes: "'; DELETE FROM audit_log; --" });
    expect((await db().get<{ n: number }>(sql`SELECT count(*) AS n FROM audit_log`))?.n).toBeGreaterThan(0);
    expect((await call("GET", `/api/strain/${encodeURIComponent(strain)}/rate-projection`, undefined, { key })).status).toBe(200);
  });

  it("public archive of a Done batch still works after all of the above", async () => {
    expect((await call("POST", `/api/public/archive/${doneId}`, undefined, { key })).status).toBe(200);
  });
});
