import { z } from "zod";

export const ListBackupsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** started_at of the last row of the previous page. */
  before: z
    .string()
    .max(40)
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/)
    .optional(),
});

export const BackupIdParams = z.object({ id: z.string().min(1).max(100) });
