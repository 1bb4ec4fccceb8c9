// Types for apex-core.mjs (plain ESM so that Node runs it without a build step).
export type FakeFaults = {
  /** The next N requests answer `serverErrorStatus` (use Infinity for "until told otherwise"). */
  serverErrors: number;
  serverErrorStatus: number;
  /** Every reply waits this long first (slow Apex). */
  delayMs: number;
  /** The next N 200 replies carry truncated JSON. */
  malformed: number;
  /** The next N requests answer 429 with Retry-After. */
  rateLimited: number;
  retryAfterSeconds: number;
};

export type FakeRequestLog = { method: string; path: string; query: string; body: string | null; status: number };

export type FakeLine = {
  product_name: string;
  quantity?: number;
  metrc_package_label?: string | null;
  batch_id?: number | null;
  product_id?: number;
  batch_name?: string | null;
};

export type FakeOrderSpec = {
  id: number;
  invoice_number?: string;
  buyer?: string;
  buyer_id?: number;
  buyer_company_id?: number;
  ship_name?: string;
  ship_city?: string;
  ship_state?: string;
  order_status_id?: number;
  cancelled?: boolean;
  created_at_ms?: number;
  total?: string;
  lines?: FakeLine[];
};

export type FakeOrder = Record<string, unknown> & {
  id: number;
  updated_at: string;
  items: Record<string, unknown>[];
  order_status_id: number;
};
export type FakeBatch = Record<string, unknown> & { id: number; product_id: number; quantity: number | null; archived: boolean };
export type FakeProduct = Record<string, unknown> & { id: number; name: string };

export type FakeApex = {
  token: string;
  rateLimitPerSecond: number;
  creditCap: number;
  origin: string;
  orders: Map<number, FakeOrder>;
  products: Map<number, FakeProduct>;
  batches: Map<number, FakeBatch>;
  faults: FakeFaults;
  credits: { used: number };
  log: FakeRequestLog[];
  addOrder(spec: FakeOrderSpec): FakeOrder;
  updateOrder(id: number, patch: Record<string, unknown>): FakeOrder;
  addProduct(spec: { id: number; name: string; sku?: string }): FakeProduct;
  addBatch(spec: { id: number; product_id: number; name?: string; quantity?: number; archived?: boolean }): FakeBatch;
  requests(method?: string, pathPrefix?: string): FakeRequestLog[];
  handle(request: Request): Promise<Response>;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
};

export type FakeApexOptions = {
  token?: string;
  rateLimitPerSecond?: number;
  creditCap?: number;
  origin?: string;
  now?: () => number;
};

export function createFakeApex(options?: FakeApexOptions): FakeApex;
