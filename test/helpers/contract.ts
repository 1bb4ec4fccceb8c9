import type { z } from "zod";
import { bodiesOf, ErrorBody, isRawBody } from "../../src/contracts/responses";
import { apiRoutes, type RouteSpec } from "../../src/http/registry";

/**
 * The contract check every integration test runs through `call()`: a JSON answer must match the
 * schema its route declares for that status (errors: `{"error": ...}`), so code and the published
 * contract (OpenAPI) cannot drift apart unnoticed.
 */

type Matcher = { route: RouteSpec; pattern: RegExp; params: number };

let matchers: Matcher[] | undefined;

function patternOf(path: string): RegExp {
  const source = path
    .split("/")
    .map((segment) => {
      const param = segment.match(/^:\w+(?:\{(.+)\})?$/);
      if (param) return param[1] ? `(?:${param[1]})` : "[^/]+";
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/** The route a request reaches: among the patterns that match, the one with fewest parameters. */
export function routeOf(method: string, path: string): RouteSpec | undefined {
  matchers ??= apiRoutes.map((route) => ({ route, pattern: patternOf(route.path), params: route.path.split(":").length - 1 }));
  const verb = method.toLowerCase() === "head" ? "get" : method.toLowerCase();
  const pathname = safeDecode(path.split("?")[0] ?? "");
  let best: Matcher | undefined;
  for (const m of matchers) {
    if (m.route.method !== verb || !m.pattern.test(pathname)) continue;
    if (!best || m.params < best.params) best = m;
  }
  return best?.route;
}

/** Hostile paths (a lone `%`) stay as sent: the router sees them undecoded too. */
function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
}

/**
 * Fields the answer carries but its schema does not name: a plain `z.object` drops them while
 * parsing (OpenAPI says `additionalProperties: false`), so they show as keys missing from the output.
 */
function undeclaredFields(input: unknown, output: unknown, at = ""): string[] {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((v, i) => undeclaredFields(v, output[i], `${at}[${i}]`));
  if (!isPlainObject(input) || !isPlainObject(output)) return [];
  return Object.keys(input).flatMap((key) =>
    key in output ? undeclaredFields(input[key], output[key], at ? `${at}.${key}` : key) : [at ? `${at}.${key}` : key],
  );
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Throws when a response drifts from its route's declared contract. Reads a clone; the caller's body stays unread. */
export async function checkContract(method: string, path: string, res: Response): Promise<void> {
  if (method.toUpperCase() === "HEAD" || res.status === 101 || res.status === 304) return;
  const route = routeOf(method, path);
  if (!route) return;
  const where = `${method.toUpperCase()} ${route.path} → ${res.status}`;
  const contentType = res.headers.get("Content-Type") ?? "";
  const isJson = contentType.startsWith("application/json");
  if (res.status >= 400) {
    if (!isJson) return;
    const body: unknown = await res.clone().json();
    const parsed = ErrorBody.safeParse(body);
    const extra = parsed.success ? undeclaredFields(body, parsed.data) : [];
    if (!parsed.success || extra.length > 0) {
      const why = parsed.success ? `undeclared field(s) ${extra.join(", ")}` : describe(parsed.error);
      throw new Error(`contract drift: ${where} error body is not {"error": string}: ${why}`);
    }
    return;
  }
  const declared = bodiesOf(route.response[res.status]);
  if (declared.length === 0) throw new Error(`contract drift: ${where} answers a status its route does not declare`);
  const raw = declared.find((b) => isRawBody(b) && (b.contentType === null || contentType.startsWith(b.contentType)));
  if (raw && !isJson) return;
  const schema = declared.find((b): b is z.ZodType => !isRawBody(b));
  if (!schema || !isJson) {
    const expected = declared.map((b) => (isRawBody(b) ? (b.contentType ?? "no body") : "JSON")).join(" or ");
    throw new Error(`contract drift: ${where} answered ${contentType || "no content type"}, declared ${expected}`);
  }
  const body: unknown = await res.clone().json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`contract drift: ${where} body does not match its schema: ${describe(parsed.error)}`);
  const extra = undeclaredFields(body, parsed.data);
  if (extra.length > 0) throw new Error(`contract drift: ${where} answers undeclared field(s) ${extra.slice(0, 5).join(", ")}`);
}
