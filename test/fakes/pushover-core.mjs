// A fake Pushover (https://pushover.net/api): POST /1/messages.json, form-encoded, answering like
// the real service. Used in the Workers tests (as a fetch handler) and by the HTTP server for
// `npm start`. It never talks to the network.

const REQUIRED = ["token", "user", "message"];

/**
 * Options: `token`/`user` (when set, other values are refused like Pushover refuses unknown keys),
 * `limit` (monthly quota reported in X-Limit-App-* headers).
 */
export function createFakePushover({ token = null, user = null, limit = 10_000 } = {}) {
  const state = {
    messages: [],
    failures: 0,
    failWith: 500,
    delayMs: 0,
  };

  function json(status, body) {
    return new Response(JSON.stringify(body), {
      status,
      headers: {
        "Content-Type": "application/json",
        "X-Limit-App-Limit": String(limit),
        "X-Limit-App-Remaining": String(Math.max(0, limit - state.messages.length)),
        "X-Limit-App-Reset": "1893456000",
      },
    });
  }

  async function readForm(request) {
    const type = request.headers.get("Content-Type") ?? "";
    if (type.includes("application/json")) return Object.entries(await request.json());
    if (type.includes("multipart/form-data")) return [...(await request.formData()).entries()].map(([k, v]) => [k, String(v)]);
    return [...new URLSearchParams(await request.text()).entries()];
  }

  async function handle(request) {
    const url = new URL(request.url);
    if (url.pathname !== "/1/messages.json") return json(404, { status: 0, errors: ["resource not found"], request: crypto.randomUUID() });
    if (request.method !== "POST") return json(405, { status: 0, errors: ["method not allowed"], request: crypto.randomUUID() });
    if (state.delayMs) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (state.failures > 0) {
      state.failures--;
      return json(state.failWith, { status: 0, errors: ["service temporarily unavailable"], request: crypto.randomUUID() });
    }
    const fields = Object.fromEntries(await readForm(request));
    const errors = [];
    for (const name of REQUIRED) if (!fields[name]) errors.push(`${name} is required`);
    if (token && fields.token && fields.token !== token) errors.push("application token is invalid");
    if (user && fields.user && fields.user !== user) errors.push("user identifier is not a valid user, group, or subscribed user key");
    if (fields.message && fields.message.length > 1024) errors.push("message is too long");
    if (fields.priority !== undefined && !/^-?[0-2]$/.test(fields.priority)) errors.push("priority is invalid");
    const requestId = crypto.randomUUID();
    if (errors.length)
      return json(400, { status: 0, errors, request: requestId, ...(errors.some((e) => e.startsWith("user")) ? { user: "invalid" } : {}) });
    state.messages.push({ ...fields, request: requestId, received_at: new Date().toISOString() });
    return json(200, { status: 1, request: requestId });
  }

  return {
    handle,
    /** Messages accepted so far, each with its form fields. */
    get messages() {
      return state.messages;
    },
    /** The next `count` requests fail with `status` (default 500). */
    failNext(count = 1, status = 500) {
      state.failures = count;
      state.failWith = status;
    },
    reset() {
      state.messages.length = 0;
      state.failures = 0;
    },
  };
}
