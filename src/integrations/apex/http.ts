import type { ZodType, z } from "zod";
import { ApexError } from "./errors";

export type ApexHttpOptions = {
  /** e.g. https://app.apextrading.com (with or without the trailing /api). */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Per attempt; api.md §14.1 gives 30 s for reads. */
  timeoutMs?: number;
  /** Attempts per call, first included (rules §17.4: retries 3). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the call instead of parking the Worker. */
  maxRetryAfterMs?: number;
};

/** What a client has spent so far; credits follow Apex's published price list (spec §1). */
export type ApexStats = { requests: number; retries: number; waitedMs: number; credits: number };

type ApexCall<S extends ZodType> = {
  method: "GET" | "PUT" | "PATCH" | "POST";
  path: string;
  query?: [string, string][];
  body?: unknown;
  schema: S;
  /** Credits the successful reply costs. */
  credits: (reply: z.infer<S>) => number;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describe(call: { method: string; path: string }): string {
  return `${call.method} ${call.path}`;
}

function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return trimmed.endsWith("/api") ? trimmed : `${trimmed}/api`;
}

async function messageOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = body.message ?? body.error;
    if (typeof message === "string") return message.slice(0, 300);
  } catch {
    // Not JSON: fall through to the status text.
  }
  return res.statusText || `HTTP ${res.status}`;
}

type Attempt = { kind: "reply"; res: Response } | { kind: "timeout" } | { kind: "network"; error: unknown };

/** One fetch with a hard deadline: a fetch that ignores its abort signal is abandoned too. */
async function attempt(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Attempt> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<Attempt>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ kind: "timeout" });
    }, timeoutMs);
  });
  const request = doFetch(url, { ...init, signal: controller.signal }).then(
    (res): Attempt => ({ kind: "reply", res }),
    (error: unknown): Attempt => (controller.signal.aborted ? { kind: "timeout" } : { kind: "network", error }),
  );
  try {
    return await Promise.race([request, deadline]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/**
 * The request engine of the Apex client: Bearer auth, JSON, per-attempt timeouts, retries with
 * exponential backoff and jitter on 5xx, timeouts and network errors, and Retry-After on 429.
 */
export function createApexHttp(options: ApexHttpOptions) {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 8_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const root = apiRoot(options.baseUrl);
  const stats: ApexStats = { requests: 0, retries: 0, waitedMs: 0, credits: 0 };

  if (!options.token) throw new ApexError("config", "APEX_API_TOKEN is not set: the Apex Trading integration needs its API token");

  async function wait(ms: number) {
    stats.waitedMs += ms;
    await sleep(ms);
  }
  function backoff(n: number) {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  async function request<S extends ZodType>(call: ApexCall<S>): Promise<z.infer<S>> {
    const url = new URL(`${root}${call.path}`);
    for (const [k, v] of call.query ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = { Authorization: `Bearer ${options.token}`, Accept: "application/json" };
    if (call.body !== undefined) headers["Content-Type"] = "application/json";
    const init: RequestInit = { method: call.method, headers, body: call.body === undefined ? undefined : JSON.stringify(call.body) };
    const what = describe(call);

    for (let n = 1; ; n += 1) {
      stats.requests += 1;
      const last = n >= maxAttempts;
      const result = await attempt(doFetch, url.toString(), init, timeoutMs);
      if (result.kind !== "reply") {
        if (last) {
          const reason =
            result.kind === "timeout"
              ? `did not answer within ${timeoutMs / 1000} s`
              : `could not be reached (${String(result.error).slice(0, 200)})`;
          throw new ApexError(result.kind, `Apex Trading ${reason} for ${what} after ${n} attempts`);
        }
        stats.retries += 1;
        await wait(backoff(n));
        continue;
      }
      const res = result.res;
      if (res.ok) return parseReply(res, call, what, stats);
      if (res.status === 429) {
        const retryAfter = Number(res.headers.get("Retry-After"));
        const message = await messageOf(res);
        // Apex sends Retry-After for the 15 req/s limit; a 429 without it is the monthly credit cap.
        if (!res.headers.has("Retry-After") || !Number.isFinite(retryAfter) || retryAfter < 0) {
          throw new ApexError("credits", `Apex Trading refused ${what}: ${message}`, 429);
        }
        const waitMs = Math.max(0, retryAfter * 1000);
        if (last || waitMs > maxRetryAfterMs)
          throw new ApexError("rate_limited", `Apex Trading kept rate-limiting ${what} (429: ${message})`, 429);
        stats.retries += 1;
        await wait(waitMs);
        continue;
      }
      if (res.status >= 500) {
        const message = await messageOf(res);
        if (last)
          throw new ApexError("server", `Apex Trading answered ${res.status} (${message}) to ${what} after ${n} attempts`, res.status);
        stats.retries += 1;
        await wait(backoff(n));
        continue;
      }
      throw await clientError(res, what);
    }
  }

  return { request, stats };
}

async function clientError(res: Response, what: string): Promise<ApexError> {
  const message = await messageOf(res);
  if (res.status === 401) {
    return new ApexError("auth", `Apex Trading rejected the API token (401 ${message}); check the APEX_API_TOKEN secret`, 401);
  }
  if (res.status === 403) return new ApexError("forbidden", `The Apex API token is not allowed to call ${what} (403 ${message})`, 403);
  if (res.status === 404) return new ApexError("not_found", `Apex Trading: ${message} (${what})`, 404);
  return new ApexError("rejected", `Apex Trading refused ${what} (${res.status} ${message})`, res.status);
}

async function parseReply<S extends ZodType>(res: Response, call: ApexCall<S>, what: string, stats: ApexStats): Promise<z.infer<S>> {
  const text = await res.text();
  if (!(res.headers.get("Content-Type") ?? "").includes("json")) {
    throw new ApexError(
      "bad_reply",
      `Apex Trading answered ${what} with ${res.headers.get("Content-Type") ?? "no content type"}, not JSON`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApexError("bad_reply", `Apex Trading sent a reply to ${what} that is not valid JSON`);
  }
  const parsed = call.schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "reply";
    throw new ApexError("bad_reply", `Apex Trading's reply to ${what} has an unexpected shape at ${where}`);
  }
  stats.credits += call.credits(parsed.data);
  return parsed.data;
}
