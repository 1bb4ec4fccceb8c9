/**
 * The only caller of `fetch` in the web app (besides the live socket): JSON in and out, `{"error"}`
 * answers thrown as ApiError, 401 handed to the session handler, conditional GETs with ETags.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The network could not be reached at all (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(message = "No connection to the server") {
    super(message);
    this.name = "NetworkError";
  }
}

export type Fresh<T> = { status: 200; data: T; etag: string | null };
export type NotModified = { status: 304 };

export type ApiClientOptions = {
  /** Called once per 401: the session ended or was never there. */
  onSignedOut: () => void;
  /** The app version sent with every call, so logs can tell old pages from new. */
  appVersion?: string;
};

export type ApiClient = ReturnType<typeof createApiClient>;

async function errorOf(res: Response): Promise<ApiError> {
  let message = `The server answered ${res.status}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === "string" && body.error) message = body.error;
  } catch {
    // Not JSON: keep the generic sentence.
  }
  return new ApiError(res.status, message);
}

export function createApiClient(options: ApiClientOptions) {
  const baseHeaders: Record<string, string> = { Accept: "application/json" };
  if (options.appVersion) baseHeaders["X-App-Version"] = options.appVersion;

  async function send(path: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(path, {
        credentials: "same-origin",
        ...init,
        headers: { ...baseHeaders, ...(init.headers as Record<string, string>) },
      });
    } catch {
      throw new NetworkError();
    }
    if (res.status === 401) options.onSignedOut();
    return res;
  }

  /** GET that may answer 304 to the ETag the caller holds. */
  async function getFresh<T>(path: string, etag?: string | null): Promise<Fresh<T> | NotModified> {
    const res = await send(path, { method: "GET", headers: etag ? { "If-None-Match": etag } : {} });
    if (res.status === 304) return { status: 304 };
    if (!res.ok) throw await errorOf(res);
    return { status: 200, data: (await res.json()) as T, etag: res.headers.get("ETag") };
  }

  async function get<T>(path: string): Promise<T> {
    const res = await send(path, { method: "GET" });
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }

  /** A write with a JSON body; answers the parsed body of a 2xx, throws ApiError otherwise. */
  async function write<T>(
    method: "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await send(path, {
      method,
      headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await errorOf(res);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** The raw exchange, for the outbox: it decides per status what to do. */
  function raw(path: string, init: RequestInit): Promise<Response> {
    return send(path, init);
  }

  return { getFresh, get, write, raw, errorOf };
}
