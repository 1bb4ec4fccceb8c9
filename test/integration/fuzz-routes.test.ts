/**
 * Property-based fuzz of every registered /api route, so no input answers 500: requests derived from
 * the route registry (`apiRoutes`) and each route's zod schemas, mixed with hostile strings, huge
 * numbers, NaN, negative zero, unicode, deep nesting and wrong content types. The property: no
 * answer is 5xx, and an answer that is 4xx leaves every table exactly as it was (a digest of all
 * rows of every table before and after). A short profile runs in `npm test`; `npm run fuzz`
 * (FUZZ_RUNS=n) runs a long one. The case counts are printed at the end.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoutes, type RouteSpec } from "../../src/http/registry";
import "../../src/routes";
import { installFakes, seedPackage } from "../helpers/fake-apex";
import { call, createApiKey, login, setPassword } from "../helpers/http";
import { seedBatch } from "./batches-fixtures";

const LONG_RUNS = Number((env as unknown as { FUZZ_RUNS?: string }).FUZZ_RUNS ?? "") || 0;
/** The short profile (every route once, then 150 random cases): about 35 s on a 2-core machine. */
const RUNS = LONG_RUNS > 0 ? LONG_RUNS : 150;

/**
 * Left out, with reasons: a successful POST /api/backups runs a whole backup (seconds each, and
 * covered by the backup tests); the credential changers would sign the fuzzer out mid-run (the
 * auth matrix and auth-flow tests cover them).
 */
const SKIPPED = new Set(["post /api/backups", "post /api/api-key/regenerate", "post /api/password", "post /api/recovery-key"]);
/**
 * Tables a refusal may write by design: failed sign-ins and rate limits are counted (that is the
 * defence), and refused sessions or devices are not the data under test.
 */
const WRITTEN_BY_REFUSALS = new Set(["rate_limit_hits", "login_throttle", "pin_lockouts"]);

const routes = apiRoutes.filter((r) => !SKIPPED.has(`${r.method} ${r.path}`));

let key = "";
let cookie = "";
const known = { batch: "", metrc: "1A4000000000000000007711", hold: "hold-fuzz-1" };

beforeAll(async () => {
  installFakes();
  await setPassword();
  key = await createApiKey();
  cookie = await login();
  known.batch = await seedBatch({ counts_0_5: 40 });
  await seedPackage({ metrc: known.metrc, strain: "Blue Dream", grams: 300 });
  await env.DB.prepare(
    "INSERT INTO wholesale_holds (id, metrc_number, sku_name, quantity, created_date, sku_key, grams_per_unit) VALUES (?, ?, '0.5g Singles', 2, '2026-03-01', 'singles_0_5g', 0.5)",
  )
    .bind(known.hold, known.metrc)
    .run();
});

// ---- values ------------------------------------------------------------------------------------

/** Sentinels that JSON cannot carry; replaced in the body text after JSON.stringify. */
const RAW_NUMBERS: Record<string, string> = { __NAN__: "NaN", __INF__: "1e999", __NEG_INF__: "-1e999", __NEG_ZERO__: "-0" };

const hostileString = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\uFEFF",
    "\u202Eevil",
    "💥🧪",
    "𝕏".repeat(300),
    "'; DROP TABLE batches; --",
    '" OR 1=1 --',
    '=HYPERLINK("http://x")',
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00%2e%2e",
    "__proto__",
    "constructor",
    "NaN",
    "-0",
    "1e309",
    "0x10",
    "9".repeat(400),
    "a".repeat(70_000),
    "\uD800",
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 12 }),
);

const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 2 ** 31, 2 ** 63, 0.1 + 0.2),
  fc.constantFrom("__NAN__", "__INF__", "__NEG_INF__", "__NEG_ZERO__"),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
);

const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(hostileString, tie("value"), { maxKeys: 3 }),
  ),
})).value;

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  additionalProperties?: JsonSchema | boolean;
};

function jsonSchemaOf(schema: unknown): JsonSchema {
  try {
    return z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return {};
  }
}

/** A value shaped by the schema most of the time, anything at all otherwise. */
function fromSchema(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const shaped = shapedBy(schema, depth);
  return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anyValue });
}

function shapedBy(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 4) return anyValue;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => fromSchema(s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "object": {
      const props = Object.entries(schema.properties ?? {});
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of props) record[name] = fromSchema(prop, depth + 1);
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in record) });
    }
    case "array":
      return fc.array(fromSchema(schema.items ?? {}, depth + 1), { maxLength: 4 });
    case "string":
      return fc.oneof(
        fc.string({ maxLength: Math.min(schema.maxLength ?? 30, 60) }),
        hostileString,
        fc.date().map((d) => (Number.isNaN(d.getTime()) ? "" : d.toISOString())),
      );
    case "integer":
      return fc.oneof(
        fc.integer({ min: Math.max(schema.minimum ?? -1000, -1e9), max: Math.min(schema.maximum ?? 100_000, 1e9) }),
        hostileNumber,
      );
    case "number":
      return fc.oneof(fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e7, noNaN: true }), hostileNumber);
    case "boolean":
      return fc.oneof(fc.boolean(), fc.constantFrom(0, 1, "true", "false"));
    case "null":
      return fc.constant(null);
    default:
      return anyValue;
  }
}

// ---- requests ----------------------------------------------------------------------------------

function paramValue(name: string): fc.Arbitrary<string> {
  const valid = name.includes("metrc")
    ? known.metrc
    : name.includes("hold")
      ? known.hold
      : name.includes("batch")
        ? known.batch
        : name.includes("strain")
          ? "Blue Dream"
          : name === "size"
            ? "0_5"
            : "1";
  return fc.oneof({ weight: 2, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: hostileString.map((s) => s.slice(0, 300)) });
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "application/xml",
  "",
] as const;

const RAW_BODIES = [
  "{",
  '{"a":',
  "[]",
  "null",
  '"text"',
  "1e999",
  "-0",
  '{"__proto__":{"admin":true}}',
  "[".repeat(5000) + "]".repeat(5000),
  `{"x":"${"\\u0000".repeat(100)}"}`,
  "\uFEFF{}",
] as const;

type FuzzRequest = { route: RouteSpec; path: string; contentType: string; body: string | undefined; auth: "session" | "key" | "none" };

function requestFor(route: RouteSpec): fc.Arbitrary<FuzzRequest> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] ?? "");
  const params = fc.tuple(...names.map(paramValue));
  const query = route.query ? fromSchema(jsonSchemaOf(route.query)) : fc.constant(undefined);
  const bodySchema = route.body ? jsonSchemaOf(route.body) : {};
  const body = fc.oneof(
    { weight: 6, arbitrary: fromSchema(bodySchema).map((v) => encode(v)) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant("application/json") },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  );
  const auth = fc.oneof(
    { weight: 8, arbitrary: fc.constant(route.auth === "session" ? "session" : "key") },
    { weight: 1, arbitrary: fc.constantFrom("session", "none") },
  );
  return fc.record({ params, query, body, contentType, auth }).map(({ params: values, query: q, body: b, contentType: ct, auth: a }) => {
    let i = 0;
    let path = route.path.replace(/:(\w+)/g, () => pathSegment(values[i++] ?? ""));
    if (q && typeof q === "object" && !Array.isArray(q)) {
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(q)) search.append(name, typeof value === "string" ? value : (JSON.stringify(value) ?? ""));
      const text = search.toString();
      if (text) path += `?${text}`;
    }
    return { route, path, contentType: ct, body: route.method === "get" ? undefined : b, auth: a as FuzzRequest["auth"] };
  });
}

/** A path segment; a lone surrogate (not encodable) goes as invalid UTF-8 bytes, which is hostile too. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ""))}%ED%A0%80`;
  }
}

function encode(value: unknown): string {
  let text = JSON.stringify(value) ?? "null";
  for (const [sentinel, raw] of Object.entries(RAW_NUMBERS)) text = text.replaceAll(`"${sentinel}"`, raw);
  return text;
}

async function send(r: FuzzRequest): Promise<Response> {
  const headers: Record<string, string> = {};
  if (r.body !== undefined && r.contentType) headers["Content-Type"] = r.contentType;
  const auth = r.auth === "none" ? {} : r.auth === "key" ? { key } : { cookie };
  return call(r.route.method.toUpperCase(), r.path, r.body, { ...auth, headers });
}

// ---- the database digest -----------------------------------------------------------------------

let tables: string[] = [];

/** SHA-256 of every row of every table (rows sorted as text, so order of storage does not matter). */
async function digest(): Promise<Map<string, string>> {
  if (tables.length === 0) {
    const rows = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
    ).all<{ name: string }>();
    tables = rows.results.map((r) => r.name).filter((t) => !WRITTEN_BY_REFUSALS.has(t));
  }
  const results = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM "${t}"`)));
  const out = new Map<string, string>();
  await Promise.all(
    tables.map(async (t, i) => {
      const text = (results[i]?.results ?? [])
        .map((row) => JSON.stringify(row))
        .sort()
        .join("\n");
      const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
      out.set(t, Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join(""));
    }),
  );
  return out;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after].filter(([t, h]) => before.get(t) !== h).map(([t]) => t);
}

// ---- the property ------------------------------------------------------------------------------

const tally = { cases: 0, byClass: {} as Record<string, number>, byRoute: new Map<string, number>() };

afterAll(() => {
  console.log(
    `fuzz: ${tally.cases} requests over ${tally.byRoute.size} of ${routes.length} routes; by status class ${JSON.stringify(tally.byClass)}`,
  );
});

/** Sends one request and checks the property; answers the digest after it. */
async function check(r: FuzzRequest, before: Map<string, string>): Promise<Map<string, string>> {
  installFakes();
  const res = await send(r);
  const text = await res.text();
  const label = `${r.route.method.toUpperCase()} ${r.path.slice(0, 200)} [${r.contentType}] ${String(r.body).slice(0, 200)}`;
  tally.cases += 1;
  const cls = `${Math.floor(res.status / 100)}xx`;
  tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
  tally.byRoute.set(`${r.route.method} ${r.route.path}`, (tally.byRoute.get(`${r.route.method} ${r.route.path}`) ?? 0) + 1);
  expect(res.status, `${label} → ${text.slice(0, 300)}`).toBeLessThan(500);
  const after = await digest();
  if (res.status >= 400) expect(changedTables(before, after), `${label} → ${res.status} ${text.slice(0, 200)}`).toEqual([]);
  return after;
}

describe("fuzz of every registered route", () => {
  it("derives requests for every route in the registry", () => {
    expect(routes.length).toBeGreaterThan(100);
  });

  it("every route once: no 5xx, and a 4xx changes no table", { timeout: 120_000 }, async () => {
    let before = await digest();
    for (const [i, route] of routes.entries()) {
      const [r] = fc.sample(requestFor(route), { numRuns: 1, seed: 16_2026 + i });
      if (r) before = await check(r, before);
    }
  });

  // Cases slow down as the rows that 2xx answers created pile up (every case digests every row).
  it(`no 5xx, and a 4xx changes no table (${RUNS} cases)`, { timeout: Math.max(90_000, RUNS * 1500) }, async () => {
    let before = await digest();
    const request = fc.constantFrom(...routes).chain(requestFor);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        before = await check(r, before);
      }),
      { numRuns: RUNS, seed: LONG_RUNS > 0 ? undefined : 16_2026, endOnFailure: true },
    );
  });
});
