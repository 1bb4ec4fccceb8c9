// A fake Apex Trading API (spec/apex-trading.md §1) as a pure request → response function, so
// the same behaviour serves Node (apex-server.mjs, `npm start`) and the Workers tests (as `fetch`).
import { apexTime, DEAL_FLOWS, makeBatch, makeOrder, makeProduct, statusById } from "./apex-data.mjs";

const HEAVY_ITEM_CREDITS = 3;

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}
/** A 422 validation reply, as Laravel shapes it. */
function invalid(field, message) {
  return { status: 422, body: { message: "The given data was invalid.", errors: { [field]: [message] } }, credits: 1 };
}

/** Creates a fake with its own data, faults, request log and credit counter. */
export function createFakeApex(options = {}) {
  const now = options.now ?? (() => Date.now());
  const fake = {
    token: options.token ?? "130|test-token",
    rateLimitPerSecond: options.rateLimitPerSecond ?? 15,
    creditCap: options.creditCap ?? Number.POSITIVE_INFINITY,
    origin: options.origin ?? "https://apex.test",
    orders: new Map(),
    products: new Map(),
    batches: new Map(),
    /** Switchable faults; counters count down per request that hits them. */
    faults: { serverErrors: 0, serverErrorStatus: 500, delayMs: 0, malformed: 0, rateLimited: 0, retryAfterSeconds: 1 },
    credits: { used: 0 },
    /** Every request that reached the fake: method, path, query, body, status. */
    log: [],
    window: { second: -1, count: 0 },
    addOrder(spec) {
      const order = makeOrder(spec, now());
      fake.orders.set(order.id, order);
      return order;
    },
    /** Edits an order the way Apex does: the change moves `updated_at`. */
    updateOrder(id, patch) {
      const order = fake.orders.get(id);
      if (!order) throw new Error(`fake apex: no order ${id}`);
      Object.assign(order, patch, { updated_at: apexTime(now()) });
      return order;
    },
    addProduct(spec) {
      const product = makeProduct(spec, now());
      fake.products.set(product.id, product);
      return product;
    },
    addBatch(spec) {
      const batch = makeBatch(spec, now());
      fake.batches.set(batch.id, batch);
      return batch;
    },
    requests(method, pathPrefix) {
      return fake.log.filter((r) => (!method || r.method === method) && (!pathPrefix || r.path.startsWith(pathPrefix)));
    },
    handle: (request) => handle(fake, now, request),
    fetch: (input, init) => handle(fake, now, input instanceof Request && !init ? input : new Request(input, init)),
  };
  return fake;
}

function rateHeaders(fake, nowMs) {
  return {
    "X-RateLimit-Limit": String(fake.rateLimitPerSecond),
    "X-RateLimit-Remaining": String(Math.max(0, fake.rateLimitPerSecond - fake.window.count)),
    "X-RateLimit-Reset": String(Math.floor(nowMs / 1000) + 1),
  };
}

/** Fixed one-second window per token, as Laravel's throttle does. */
function overRateLimit(fake, nowMs) {
  const second = Math.floor(nowMs / 1000);
  if (second !== fake.window.second) fake.window = { second, count: 0 };
  fake.window.count += 1;
  return fake.window.count > fake.rateLimitPerSecond;
}

function tooManyRequests(fake, nowMs) {
  return json(
    429,
    { message: `Rate limit exceeded. Maximum ${fake.rateLimitPerSecond} requests per second allowed.` },
    { ...rateHeaders(fake, nowMs), "Retry-After": String(fake.faults.retryAfterSeconds), "X-RateLimit-Remaining": "0" },
  );
}

async function handle(fake, now, request) {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/+$/, "");
  const entry = { method: request.method, path, query: url.search, body: null, status: 0 };
  fake.log.push(entry);
  if (request.method !== "GET" && request.method !== "HEAD") entry.body = await request.text();
  if (fake.faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.faults.delayMs));
  const response = await respond(fake, now, request, url, path, entry.body);
  entry.status = response.status;
  return response;
}

async function respond(fake, now, request, url, path, bodyText) {
  const nowMs = now();
  if (!(request.headers.get("Accept") ?? "").includes("json")) {
    // Without Accept: application/json Apex answers with its HTML pages.
    return new Response("<!DOCTYPE html><html><body>Apex Trading</body></html>", { status: 200, headers: { "Content-Type": "text/html" } });
  }
  const auth = request.headers.get("Authorization") ?? "";
  if (auth !== `Bearer ${fake.token}`) return json(401, { message: "Unauthenticated." });
  if (fake.faults.rateLimited > 0) {
    fake.faults.rateLimited -= 1;
    return tooManyRequests(fake, nowMs);
  }
  if (overRateLimit(fake, nowMs)) return tooManyRequests(fake, nowMs);
  if (fake.credits.used >= fake.creditCap) {
    return json(
      429,
      { message: "Your API credit allowance for this month is used up. Raise your spending cap to continue." },
      rateHeaders(fake, nowMs),
    );
  }
  if (fake.faults.serverErrors > 0) {
    fake.faults.serverErrors -= 1;
    return json(fake.faults.serverErrorStatus, { message: "Server Error" }, rateHeaders(fake, nowMs));
  }
  const { status, body, credits } = route(fake, nowMs, request.method, url, path, bodyText);
  fake.credits.used += credits;
  const headers = rateHeaders(fake, nowMs);
  if (status === 200 && fake.faults.malformed > 0) {
    fake.faults.malformed -= 1;
    return new Response(JSON.stringify(body).slice(0, 40), { status, headers: { "Content-Type": "application/json", ...headers } });
  }
  return json(status, body, headers);
}

const reply = (status, body, credits = 1) => ({ status, body, credits });

function route(fake, nowMs, method, url, path, bodyText) {
  const q = url.searchParams;
  if (path === "/api/v1/welcome" && method === "GET") {
    return reply(200, {
      message: "Welcome to the Apex Trading API",
      company: { id: 10, name: "MoM Distribution" },
      token: {
        name: "preroll-tracker",
        abilities: ["view:shipping-orders", "update:shipping-orders", "view:batches", "update:batches", "view:products"],
      },
    });
  }
  if (path === "/api/v1/usage" && method === "GET") {
    const cap = Number.isFinite(fake.creditCap) ? fake.creditCap : null;
    return reply(200, { usage: { credits_used: fake.credits.used, credit_cap: cap, period: new Date(nowMs).toISOString().slice(0, 7) } });
  }
  if (path === "/api/v1/deal-flows" && method === "GET") {
    const withStatuses = q.get("with_order_statuses") === "true";
    return reply(200, { dealflows: DEAL_FLOWS.map((f) => (withStatuses ? f : { id: f.id, name: f.name })) }, 1 + DEAL_FLOWS.length);
  }
  if (path === "/api/v1/shipping-orders" && method === "GET") return listOrders(fake, url);
  const orderMatch = /^\/api\/v1\/shipping-orders\/(\d+)$/.exec(path);
  if (orderMatch) return orderRoute(fake, Number(orderMatch[1]), method, bodyText, nowMs);
  if (path === "/api/v1/products" && method === "GET") return listProducts(fake, url);
  if (path === "/api/v2/batches" && method === "GET") return listBatches(fake, url);
  const batchMatch = /^\/api\/v2\/batches\/(\d+)$/.exec(path);
  if (batchMatch) return batchRoute(fake, Number(batchMatch[1]), method, bodyText, nowMs);
  const known = [
    "/api/v1/welcome",
    "/api/v1/usage",
    "/api/v1/deal-flows",
    "/api/v1/shipping-orders",
    "/api/v1/products",
    "/api/v2/batches",
  ];
  if (known.includes(path)) return reply(405, { message: `The ${method} method is not supported for route ${path.slice(1)}.` });
  return reply(404, { message: "Resource Not Found" });
}

/** Shared list validation: required `updated_at_from`, `per_page` ≤ 500. */
function listWindow(url, maxPerPage = 500) {
  const q = url.searchParams;
  const from = q.get("updated_at_from");
  if (!from) return { error: invalid("updated_at_from", "The updated at from field is required.") };
  const fromMs = Date.parse(from);
  if (Number.isNaN(fromMs)) return { error: invalid("updated_at_from", "The updated at from is not a valid date.") };
  const to = q.get("updated_at_to");
  const toMs = to ? Date.parse(to) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(toMs)) return { error: invalid("updated_at_to", "The updated at to is not a valid date.") };
  const perPage = q.has("per_page") ? Number(q.get("per_page")) : 15;
  if (!Number.isInteger(perPage) || perPage < 1) return { error: invalid("per_page", "The per page must be at least 1.") };
  if (perPage > maxPerPage) return { error: invalid("per_page", `The per page must not be greater than ${maxPerPage}.`) };
  const page = q.has("page") ? Number(q.get("page")) : 1;
  if (!Number.isInteger(page) || page < 1) return { error: invalid("page", "The page must be at least 1.") };
  return { fromMs, toMs, perPage, page };
}

function paginate(fake, url, rows, perPage, page) {
  const total = rows.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const slice = rows.slice((page - 1) * perPage, page * perPage);
  const base = `${fake.origin}${url.pathname}`;
  const link = (n) => `${base}?page=${n}`;
  return {
    slice,
    links: { first: link(1), last: link(lastPage), prev: page > 1 ? link(page - 1) : null, next: page < lastPage ? link(page + 1) : null },
    meta: {
      current_page: page,
      from: slice.length ? (page - 1) * perPage + 1 : null,
      last_page: lastPage,
      path: base,
      per_page: perPage,
      to: slice.length ? (page - 1) * perPage + slice.length : null,
      total,
    },
  };
}

const inWindow = (record, w) => {
  const at = Date.parse(record.updated_at);
  return at >= w.fromMs && at <= w.toMs;
};

function listOrders(fake, url) {
  const w = listWindow(url);
  if (w.error) return w.error;
  const q = url.searchParams;
  const ids = q.getAll("ids[]").map(Number);
  const statusId = q.get("order_status_id");
  const rows = [...fake.orders.values()]
    .filter((o) => inWindow(o, w) && (!ids.length || ids.includes(o.id)) && (!statusId || o.order_status_id === Number(statusId)))
    .sort((a, b) => a.id - b.id);
  const { slice, links, meta } = paginate(fake, url, rows, w.perPage, w.page);
  const withItems = q.get("with_items") === "true" || q.get("with_items") === "1";
  const orders = slice.map((o) => (withItems ? structuredClone(o) : { ...structuredClone(o), items: undefined }));
  const nested = withItems ? slice.reduce((n, o) => n + o.items.length, 0) : 0;
  return reply(200, { orders, links, meta }, 1 + HEAVY_ITEM_CREDITS * slice.length + nested);
}

function orderRoute(fake, id, method, bodyText, nowMs) {
  const order = fake.orders.get(id);
  if (!order) return reply(404, { message: "Order not found" });
  if (method === "GET") return reply(200, { order: structuredClone(order) }, 1 + HEAVY_ITEM_CREDITS);
  if (method !== "PUT" && method !== "PATCH")
    return reply(405, { message: `The ${method} method is not supported for route api/v1/shipping-orders/${id}.` });
  const body = parseBody(bodyText);
  const statusId = body?.order_status_id;
  const found = Number.isInteger(statusId) ? statusById(statusId) : null;
  if (!found || found.flow.id !== order.deal_flow_id) return reply(400, { error: "Invalid order_status_id for this order's deal flow" });
  order.order_status_id = statusId;
  order.order_status = { ...(order.order_status ?? {}), id: statusId, name: found.status.name };
  order.updated_at = apexTime(nowMs);
  return reply(200, { order: structuredClone(order) }, 1 + HEAVY_ITEM_CREDITS);
}

function listProducts(fake, url) {
  const w = listWindow(url);
  if (w.error) return w.error;
  const q = url.searchParams;
  const withBatches = q.get("with_batches") === "true" || q.get("with_batches") === "1";
  const soldOut = q.get("include_sold_out_batches") === "true";
  const rows = [...fake.products.values()].filter((p) => inWindow(p, w)).sort((a, b) => a.id - b.id);
  const { slice, links, meta } = paginate(fake, url, rows, w.perPage, w.page);
  let nested = 0;
  const products = slice.map((p) => {
    if (!withBatches) return { ...p };
    const batches = [...fake.batches.values()].filter((b) => b.product_id === p.id && !b.archived && (soldOut || (b.quantity ?? 0) > 0));
    nested += batches.length;
    return { ...p, batches: structuredClone(batches) };
  });
  return reply(200, { products, links, meta }, 1 + HEAVY_ITEM_CREDITS * slice.length + nested);
}

function listBatches(fake, url) {
  const w = listWindow(url);
  if (w.error) return w.error;
  const q = url.searchParams;
  const ids = q.getAll("ids[]").map(Number);
  const productIds = q.getAll("product_ids[]").map(Number);
  const archived = q.get("archived");
  const rows = [...fake.batches.values()]
    .filter(
      (b) =>
        inWindow(b, w) &&
        (!ids.length || ids.includes(b.id)) &&
        (!productIds.length || productIds.includes(b.product_id)) &&
        (archived === null || b.archived === (archived === "true" || archived === "1")),
    )
    .sort((a, b) => a.id - b.id);
  const { slice, links, meta } = paginate(fake, url, rows, w.perPage, w.page);
  return reply(200, { batches: structuredClone(slice), links, meta }, 1 + slice.length);
}

function batchRoute(fake, id, method, bodyText, nowMs) {
  const batch = fake.batches.get(id);
  if (!batch) return reply(404, { message: "Batch not found" });
  if (method === "GET") return reply(200, { batch: { ...batch } }, 2);
  if (method !== "PUT" && method !== "PATCH")
    return reply(405, { message: `The ${method} method is not supported for route api/v2/batches/${id}.` });
  const body = parseBody(bodyText);
  if (!body || typeof body !== "object") return invalid("quantity", "The quantity must be a number.");
  if ("quantity" in body) {
    if (typeof body.quantity !== "number" || !Number.isFinite(body.quantity)) return invalid("quantity", "The quantity must be a number.");
    if (body.quantity < 0) return invalid("quantity", "The quantity must be at least 0.");
    batch.quantity = body.quantity;
  }
  for (const key of ["archived", "hold", "true_hold"]) if (typeof body[key] === "boolean") batch[key] = body[key];
  batch.updated_at = apexTime(nowMs);
  return reply(200, { batch: { ...batch } }, 2);
}

function parseBody(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
