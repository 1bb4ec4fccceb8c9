// Mirrors migrations/ (indexes and foreign keys too): test/integration/schema-drift.test.ts fails when they differ.
// Keys equal column names: the REST contract returns these rows with their original field names.
import { index, integer, primaryKey, real, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";
import { batches } from "./batches";

export const weightChecks = sqliteTable(
  "weight_checks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batch_id: text("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "cascade" }),
    size: text("size").notNull(),
    sample_weight: real("sample_weight").notNull(),
    count_at_measurement: integer("count_at_measurement").notNull(),
    avg_weight: real("avg_weight").notNull(),
    yield_percent: real("yield_percent").notNull(),
    recorded_at: text("recorded_at").notNull(),
  },
  (t) => [index("idx_weight_checks_batch").on(t.batch_id, t.size, t.recorded_at)],
);

export const centrifugeOutcomes = sqliteTable(
  "centrifuge_outcomes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batch_id: text("batch_id").notNull(),
    strain: text("strain").notNull(),
    size: text("size").notNull(),
    machine: text("machine"),
    grind_size: text("grind_size"),
    rpm: integer("rpm"),
    time_seconds: integer("time_seconds"),
    cycles: integer("cycles"),
    fill_gauge_cycle1: real("fill_gauge_cycle1"),
    fill_gauge_cycle2: real("fill_gauge_cycle2"),
    yield_percent: real("yield_percent"),
    rate: real("rate"),
    harvest_date: text("harvest_date"),
    recorded_at: text("recorded_at").notNull(),
    processed_at: text("processed_at"),
  },
  (t) => [
    index("idx_centrifuge_outcomes_strain").on(t.strain, t.size),
    index("idx_centrifuge_outcomes_unprocessed").on(t.processed_at),
    unique().on(t.batch_id, t.size),
  ],
);

export const centrifugeRecommendations = sqliteTable(
  "centrifuge_recommendations",
  {
    strain: text("strain").notNull(),
    size: text("size").notNull(),
    grind_size: text("grind_size").notNull().default(""),
    rpm: integer("rpm"),
    time_seconds: integer("time_seconds"),
    cycles: integer("cycles"),
    fill_gauge_cycle1: real("fill_gauge_cycle1"),
    fill_gauge_cycle2: real("fill_gauge_cycle2"),
    confidence: real("confidence").notNull().default(0),
    sample_size: integer("sample_size").notNull().default(0),
    updated_at: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.strain, t.size, t.grind_size] })],
);

export const snapshots = sqliteTable("snapshots", {
  timestamp: text("timestamp").primaryKey(),
  files_processed: text("files_processed").notNull(),
  strain_count: integer("strain_count").notNull().default(0),
  store_count: integer("store_count").notNull().default(0),
  stores: text("stores").notNull().default("[]"),
  created_at: text("created_at").notNull(),
});

export const snapshotRows = sqliteTable(
  "snapshot_rows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    snapshot_ts: text("snapshot_ts")
      .notNull()
      .references(() => snapshots.timestamp, { onDelete: "cascade" }),
    store: text("store").notNull().default(""),
    strain: text("strain").notNull(),
    total_inventory: real("total_inventory").notNull().default(0),
    avg_sold_per_day: real("avg_sold_per_day").notNull().default(0),
    days_until_stockout: real("days_until_stockout"),
    urgency: text("urgency").notNull().default("low"),
    priority_score: real("priority_score").notNull().default(0),
  },
  (t) => [index("idx_snapshot_rows_ts").on(t.snapshot_ts, t.strain)],
);

export const achievementsUnlocked = sqliteTable("achievements_unlocked", {
  key: text("key").primaryKey(),
  unlocked_at: text("unlocked_at").notNull(),
});
