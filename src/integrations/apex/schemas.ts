import { z } from "zod";

// Apex's OpenAPI types most scalars as strings while its clients read ids as integers; accept both.
const Id = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,15}$/)
    .transform(Number),
]);
const Num = z.union([
  z.number().finite(),
  z
    .string()
    .regex(/^-?\d{1,12}(?:\.\d{1,6})?$/)
    .transform(Number),
]);
const Text = z.string().max(100_000);
const OptText = Text.nullish().transform((v) => v ?? null);
const Flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(["0", "1", "true", "false"])])
  .nullish()
  .transform((v) => v === true || v === 1 || v === "1" || v === "true");

const ShippingOrderItem = z.object({
  id: Id,
  product_id: Id.nullish(),
  batch_id: Id.nullish(),
  product_name: Text,
  batch_name: OptText,
  metrc_package_label: OptText,
  order_quantity: Num,
  order_price: z.union([Text, z.number()]).nullish(),
});

const OrderStatus = z.object({ id: Id, name: Text });

export const ShippingOrder = z.object({
  id: Id,
  uuid: OptText,
  invoice_number: OptText,
  order_date: OptText,
  created_at: OptText,
  updated_at: Text,
  total: z.union([Text, z.number()]).nullish(),
  cancelled: Flag,
  order_status_id: Id.nullish(),
  order_status: OrderStatus.nullish(),
  deal_flow_id: Id.nullish(),
  buyer_company_id: Id.nullish(),
  buyer: z.object({ id: Id.nullish(), name: OptText }).nullish(),
  ship_name: OptText,
  ship_line_one: OptText,
  ship_city: OptText,
  ship_state: OptText,
  payment_status: OptText,
  items: z.array(ShippingOrderItem).max(10_000).optional(),
});
export type ShippingOrder = z.infer<typeof ShippingOrder>;

export const PageMeta = z.object({ current_page: Num, last_page: Num, total: Num.nullish(), per_page: Num.nullish() });

export const ShippingOrdersPage = z.object({ orders: z.array(ShippingOrder), meta: PageMeta });
export const ShippingOrderReply = z.object({ order: ShippingOrder });

export const ProductBatch = z.object({
  id: Id,
  product_id: Id,
  name: OptText,
  quantity: Num.nullish(),
  archived: Flag,
});
export type ProductBatch = z.infer<typeof ProductBatch>;

export const Product = z.object({ id: Id, name: Text, batches: z.array(ProductBatch).optional() });
export type Product = z.infer<typeof Product>;

export const ProductsPage = z.object({ products: z.array(Product), meta: PageMeta });
export const BatchesPage = z.object({ batches: z.array(ProductBatch), meta: PageMeta });
export const BatchReply = z.object({ batch: ProductBatch });

export const DealFlows = z.object({
  dealflows: z.array(z.object({ id: Id.nullish(), name: Text, order_statuses: z.array(OrderStatus).optional() })),
});
export type DealFlows = z.infer<typeof DealFlows>;

export const Welcome = z.looseObject({ message: OptText });
export const Usage = z.looseObject({});
