import type { z } from "zod";
import { ApexError } from "./errors";
import { type ApexHttpOptions, createApexHttp } from "./http";
import {
  BatchesPage,
  BatchReply,
  DealFlows,
  type PageMeta,
  type Product,
  type ProductBatch,
  ProductsPage,
  type ShippingOrder,
  ShippingOrderReply,
  ShippingOrdersPage,
  Usage,
  Welcome,
} from "./schemas";

export type { ApexHttpOptions, ApexStats } from "./http";

/** Apex bills 3 credits per item on heavy endpoints (/shipping-orders, /products), 1 elsewhere. */
const HEAVY = 3;
/** Safety stop: 1,000 pages of 500 is half a million records. */
const MAX_PAGES = 1000;
const PER_PAGE = 500;

type Page<T> = { items: T[]; meta: z.infer<typeof PageMeta> };

type ShippingOrderQuery = { updatedFrom: string; updatedTo?: string; perPage?: number; withItems?: boolean };

/** Typed client for the parts of Apex Trading's REST API the app uses (spec/apex-trading.md). */
export function createApexClient(options: ApexHttpOptions) {
  const http = createApexHttp(options);

  /** Walks `meta.last_page`; an item seen on two pages (a shift while paging) counts once. */
  async function collect<T extends { id: number }>(fetchPage: (page: number) => Promise<Page<T>>): Promise<T[]> {
    const byId = new Map<number, T>();
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const { items, meta } = await fetchPage(page);
      for (const item of items) byId.set(item.id, item);
      if (page >= meta.last_page || items.length === 0) return [...byId.values()];
    }
    throw new ApexError("bad_reply", `Apex Trading reported more than ${MAX_PAGES} pages; refusing to page further`);
  }

  return {
    stats: http.stats,

    welcome: () => http.request({ method: "GET", path: "/v1/welcome", schema: Welcome, credits: () => 1 }),
    usage: () => http.request({ method: "GET", path: "/v1/usage", schema: Usage, credits: () => 1 }),

    /** All orders changed since `updatedFrom`, every page, with their items. */
    listShippingOrders(query: ShippingOrderQuery): Promise<ShippingOrder[]> {
      const withItems = query.withItems ?? true;
      const perPage = Math.min(PER_PAGE, query.perPage ?? PER_PAGE);
      return collect(async (page) => {
        const q: [string, string][] = [
          ["updated_at_from", query.updatedFrom],
          ["per_page", String(perPage)],
          ["page", String(page)],
          ["with_items", withItems ? "true" : "false"],
        ];
        if (query.updatedTo) q.push(["updated_at_to", query.updatedTo]);
        const reply = await http.request({
          method: "GET",
          path: "/v1/shipping-orders",
          query: q,
          schema: ShippingOrdersPage,
          credits: (r) => 1 + HEAVY * r.orders.length + r.orders.reduce((n, o) => n + (withItems ? (o.items?.length ?? 0) : 0), 0),
        });
        return { items: reply.orders, meta: reply.meta };
      });
    },

    async getShippingOrder(id: number): Promise<ShippingOrder> {
      const reply = await http.request({
        method: "GET",
        path: `/v1/shipping-orders/${id}`,
        schema: ShippingOrderReply,
        credits: () => 1 + HEAVY,
      });
      return reply.order;
    },

    /** The only writable order field (spec §1); clients send PATCH and Apex accepts it. */
    async setShippingOrderStatus(id: number, orderStatusId: number): Promise<ShippingOrder> {
      const reply = await http.request({
        method: "PATCH",
        path: `/v1/shipping-orders/${id}`,
        body: { order_status_id: orderStatusId },
        schema: ShippingOrderReply,
        credits: () => 1 + HEAVY,
      });
      return reply.order;
    },

    async listDealFlows(): Promise<DealFlows["dealflows"]> {
      const reply = await http.request({
        method: "GET",
        path: "/v1/deal-flows",
        query: [["with_order_statuses", "true"]],
        schema: DealFlows,
        credits: (r) => 1 + r.dealflows.length,
      });
      return reply.dealflows;
    },

    /** Every product with its batches (sold-out included), for the strain → batch mapping. */
    listProductsWithBatches(updatedFrom: string): Promise<Product[]> {
      return collect(async (page) => {
        const reply = await http.request({
          method: "GET",
          path: "/v1/products",
          query: [
            ["updated_at_from", updatedFrom],
            ["with_batches", "true"],
            ["include_sold_out_batches", "true"],
            ["per_page", String(PER_PAGE)],
            ["page", String(page)],
          ],
          schema: ProductsPage,
          credits: (r) => 1 + HEAVY * r.products.length + r.products.reduce((n, p) => n + (p.batches?.length ?? 0), 0),
        });
        return { items: reply.products, meta: reply.meta };
      });
    },

    listBatches(updatedFrom: string): Promise<ProductBatch[]> {
      return collect(async (page) => {
        const reply = await http.request({
          method: "GET",
          path: "/v2/batches",
          query: [
            ["updated_at_from", updatedFrom],
            ["per_page", String(PER_PAGE)],
            ["page", String(page)],
          ],
          schema: BatchesPage,
          credits: (r) => 1 + r.batches.length,
        });
        return { items: reply.batches, meta: reply.meta };
      });
    },

    async getBatch(id: number): Promise<ProductBatch> {
      const reply = await http.request({ method: "GET", path: `/v2/batches/${id}`, schema: BatchReply, credits: () => 2 });
      return reply.batch;
    },

    /** Sets a batch's available quantity (rules §17.4). */
    async setBatchQuantity(id: number, quantity: number): Promise<ProductBatch> {
      const reply = await http.request({
        method: "PATCH",
        path: `/v2/batches/${id}`,
        body: { quantity },
        schema: BatchReply,
        credits: () => 2,
      });
      return reply.batch;
    },
  };
}

export type ApexClient = ReturnType<typeof createApexClient>;
