import { z } from "zod";

/** Request schemas of api §9. */

const Timestamp = z.string().trim().min(1).max(64);

export const TimestampParam = z.object({ timestamp: Timestamp });

export const CompareBody = z.object({
  timestamp1: Timestamp,
  timestamp2: Timestamp,
  store_filter: z.string().trim().max(200).optional(),
});

export const InsightsBody = z.object({ timestamp1: Timestamp, timestamp2: Timestamp });

export const ExportBody = z.object({ timestamp: Timestamp });

const Header = z.string().trim().min(1, "column names must not be empty").max(100, "column names are at most 100 characters");

/** The column mapping of decisions 6; every field must be given when it is changed. */
export const CsvMappingBody = z
  .object({
    store: Header,
    strain: Header,
    on_hand: Header,
    units_sold: Header,
    period_days: Header,
    default_period_days: z
      .number()
      .gt(0, "default_period_days must be greater than 0")
      .max(3650, "default_period_days must be at most 3650"),
  })
  .strict();
