import { z } from "zod";
import { queryInt } from "./centrifuge";

/** Query schemas of api §10 and §13.1 reports. */

export const AuditQuery = z.object({
  limit: queryInt("limit", 1, 5000).default(500),
  /** Continue after this row: its `ts`, and its `id` to break ties. */
  before: z.string().trim().min(1).max(64).optional(),
  before_id: queryInt("before_id", 0, Number.MAX_SAFE_INTEGER).optional(),
  /** Only this batch's rows (its id). Without filters the answer is the original's. */
  batch: z.string({ error: "batch must be text" }).trim().min(1, "batch must not be empty").max(100, "batch is too long").optional(),
  /** Only this field, e.g. counts_0_5. */
  field: z.string({ error: "field must be text" }).trim().min(1, "field must not be empty").max(100, "field is too long").optional(),
  /** Issue 18: only the changes of one user or one API key, by id (the original key's id too). */
  user: z.string({ error: "user must be text" }).trim().min(1, "user must not be empty").max(64, "user is too long").optional(),
  key: z.string({ error: "key must be text" }).trim().min(1, "key must not be empty").max(64, "key is too long").optional(),
});

export const ProductionHistoryQuery = z.object({ days: queryInt("days", 1, 90).default(7) });

export const StatsQuery = z.object({ period: z.enum(["week", "month", "quarter", "year", "all"]).default("month") });
