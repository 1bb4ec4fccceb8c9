import { type Context, Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { OrdersQuery, PackingItemParams, VerifyPackingItemBody } from "../contracts/packing";
import { OrdersView, PackingLineChanged, RollTodayView } from "../contracts/packing-views";
import { Success } from "../contracts/responses";
import { readLine, readLineViews } from "../data/packing";
import { clearVerification, listOrders, orderStatuses, verifyLine } from "../data/packing-verify";
import { readRollInput } from "../data/roll-today";
import { ORIGINAL_ADMIN_ID } from "../domain/abilities";
import { planRollToday } from "../domain/roll-today";
import type { AppEnv } from "../env";
import { stampAfterWrite } from "../http/after-write";
import { idempotentWrite } from "../http/idempotency";
import { defineRoute } from "../http/registry";

const TAG = "Packing";

/** Scan-verify of packing lines and the Apex order list (pages.md §22 and §25). */
export const packingVerify = new Hono<AppEnv>();

defineRoute(
  packingVerify,
  {
    method: "post",
    path: "/api/packing/items/:id/verify",
    auth: "key-or-session",
    tag: TAG,
    summary: "Verify a packing line by the METRC tag scanned from its package",
    response: { 200: PackingLineChanged },
    params: PackingItemParams,
    body: VerifyPackingItemBody,
    responses: { 404: "Packing item not found", 409: "The scanned tag is not this line's package" },
    idempotent: true,
  },
  (c, { params, body }) =>
    idempotentWrite(c, async (writeDb) => {
      const tag = body.tag;
      const line = await readLine(c.var.db, params.id);
      if (!line) throw new HTTPException(404, { message: "Packing item not found" });
      const by =
        (body.by ?? "").trim() ||
        signedInInitials(c) ||
        line.initials ||
        (c.var.principal?.kind === "api_key" ? "API key" : "signed-in user");
      if (!(await verifyLine(writeDb, params.id, tag, by, new Date()))) {
        const now = await readLine(c.var.db, params.id);
        if (!now) throw new HTTPException(404, { message: "Packing item not found" });
        const expected = now.batch_name || "no METRC package yet";
        throw new HTTPException(409, { message: `Scanned tag ${tag} is not this line's package (${expected}); nothing was changed` });
      }
      await stampAfterWrite(c, "packing");
      const item = (await readLineViews(c.var.db, new Date(), { strainKey: line.strain_key })).find((l) => l.id === params.id) ?? null;
      return c.json({ success: true, item });
    }),
);

defineRoute(
  packingVerify,
  {
    method: "delete",
    path: "/api/packing/items/:id/verify",
    auth: "key-or-session",
    tag: TAG,
    summary: "Remove a packing line's scan verification",
    response: { 200: Success },
    params: PackingItemParams,
    responses: { 404: "Packing item not found" },
    idempotent: true,
  },
  (c, { params }) =>
    idempotentWrite(c, async (writeDb) => {
      if (!(await clearVerification(writeDb, params.id, new Date()))) throw new HTTPException(404, { message: "Packing item not found" });
      await stampAfterWrite(c, "packing");
      return c.json({ success: true });
    }),
);

defineRoute(
  packingVerify,
  {
    method: "get",
    path: "/api/packing/orders",
    auth: "key-or-session",
    tag: TAG,
    summary: "Apex orders with search and status filter (Complete, Cancelled and Delivered hidden unless asked)",
    response: { 200: OrdersView },
    query: OrdersQuery,
  },
  async (c, { query }) => {
    const includeHidden = query.include_hidden === "1" || query.include_hidden === "true";
    const [orders, statuses] = await Promise.all([
      listOrders(c.var.db, { search: query.search.trim(), status: query.status.trim(), includeHidden }),
      orderStatuses(c.var.db),
    ]);
    return c.json({ count: orders.length, statuses, orders: orders.map((o) => ({ ...o, excluded: o.excluded === 1 })) });
  },
);

defineRoute(
  packingVerify,
  {
    method: "get",
    path: "/api/packing/roll-today",
    auth: "key-or-session",
    tag: TAG,
    summary: "What to roll today: pre-rolls still to make per strain and size, with cones and hours (README formula)",
    response: { 200: RollTodayView },
  },
  async (c) => c.json({ generated_at: new Date().toISOString(), ...planRollToday(await readRollInput(c.var.db)) }),
);

/** Who verified is the signed-in person: a named user's initials (or a named key's name) beat free-typed initials. */
function signedInInitials(c: Context<AppEnv>): string {
  const principal = c.var.principal;
  if (principal?.kind === "api_key") return principal.scoped?.name ?? "";
  return principal?.user && principal.user.id !== ORIGINAL_ADMIN_ID ? principal.user.initials : "";
}
